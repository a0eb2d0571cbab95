"""Table helpers: cutting a cell's text to its room, and refilling a table without losing the
reader's place."""

from __future__ import annotations

from collections.abc import Iterable

from exercise.tui.internals.table import DataTable


def refill(table: DataTable, rows: Iterable[tuple[tuple, str]]) -> None:
    """Replace every row with `rows` ((cells, key) pairs), keeping the cursor on the same line."""
    keep = table.cursor_row
    table.clear()
    for cells, key in rows:
        table.add_row(*cells, key=key)
    if table.row_count:
        table.move_cursor(row=min(keep, table.row_count - 1))


def short(text: str, width: int = 30) -> str:
    """`text` cut to `width` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
