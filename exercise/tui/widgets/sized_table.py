"""Tables filled in two steps: the rows a screen shows first, the others once that is painted.

A DataTable measures every cell it is given before it paints them, so a table of thousands of
rows paints late. Its columns are sized here for every row beforehand, as wide as auto-width
columns would measure them, so the rows put in after the first paint move nothing on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from exercise.tui.internals.table import DataTable

FIRST = 60  # rows painted at once: more than a tall terminal shows
PAINTED_WITHIN = 0.1  # seconds: a frame is 1/60 s, measuring a screenful of rows a few ms


def _width(text: Text) -> int:
    # What Text.__rich_measure__ says is its widest: its longest line
    return max((cell_len(line) for line in text.plain.splitlines()), default=0)


def size_columns(table: DataTable, labels: Sequence[str], rows: Sequence[Sequence[Text]]) -> None:
    """Empty `table` and give it the columns `labels`, each as wide as its label or its widest
    cell in `rows` (kept, not made again, when they are the same)."""
    widths = [
        max([cell_len(label), *(_width(row[i]) for row in rows)]) for i, label in enumerate(labels)
    ]
    columns = table.ordered_columns
    same = [c.label.plain for c in columns] == list(labels) and widths == [c.width for c in columns]
    if same and not any(c.auto_width for c in columns):
        table.clear()
        return
    table.clear(columns=True)
    for label, width in zip(labels, widths, strict=True):
        table.add_column(label, width=width)


def after_paint(widget: Widget, callback: Callable[..., object], *args: Any) -> None:
    """Call `callback(*args)` once what was just put on screen is likely painted. No event says
    so: a table measures its new rows when it is next idle, after which the screen repaints, and
    a refresh callback may run before either. Nothing breaks if it comes first: the rest is
    then painted with the first rows."""
    widget.set_timer(PAINTED_WITHIN, partial(callback, *args))
