"""Table helpers: cutting a cell's text to its room, and refilling a table without losing the
reader's place."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from exercise.tui.internals.table import DataTable


def refill(table: DataTable, rows: Iterable[tuple[tuple, str]]) -> None:
    """Show `rows` ((cells, key) pairs), keeping the cursor on the same row (by key; else on the
    same line), or on the first line if it was there. When the keys are the ones shown, in
    order, only the cells that changed are updated (and repainted)."""
    rows = list(rows)
    shown = [row.key.value for row in table.ordered_rows]
    if shown and shown == [key for _, key in rows]:
        for cells, key in rows:
            for column, cell in zip(table.ordered_columns, cells, strict=False):
                if not same(table.get_cell(key, column.key), cell):
                    table.update_cell(key, column.key, cell, update_width=column.auto_width)
        return
    keep = table.cursor_row
    on = shown[keep] if 0 <= keep < len(shown) else None
    table.clear()
    for cells, key in rows:
        table.add_row(*cells, key=key)
    if table.row_count:
        # The cursor stays on its row when rows come above it (a new turn's messages): a reader
        # keeps their place, and what the row shows beside the table stands. On the first row
        # it stays on the first: the newest, which a console that has not moved shows.
        at = min(keep, len(rows) - 1)
        if keep > 0:
            at = next((i for i, (_, key) in enumerate(rows) if key == on), at)
        table.move_cursor(row=at)


def same(a: object, b: object) -> bool:
    """Two cells look the same: rich Texts compare their text, style and spans."""
    if isinstance(a, Text) and isinstance(b, Text):
        return a.plain == b.plain and a.style == b.style and a.spans == b.spans
    return a == b


def room_left(table: DataTable, *columns: int) -> int | None:
    """Cells the last column's text may take once the other columns (their widest texts) and a
    vertical scrollbar are drawn: a text cut to it (`short`) ends in an ellipsis, not mid-word
    at the table's edge. None before the table is laid out."""
    if not table.size.width:
        return None
    padding = 2 * table.cell_padding
    used = sum(width + padding for width in columns) + padding
    return max(8, table.size.width - used - table.styles.scrollbar_size_vertical)


def short(text: str, width: int = 30) -> str:
    """`text` cut to `width` characters, an ellipsis marking the cut: after a whole word when
    one ends in the second half of the room, else mid-word (one long word)."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    space = head.rfind(" ")
    if text[width - 1] != " " and space >= width // 2:
        head = head[:space]
    return head.rstrip() + "…"
