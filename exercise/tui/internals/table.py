"""Textual's DataTable, drawn at its columns' final widths (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import DataTable as TextualDataTable
from textual.widgets.data_table import RowKey


class DataTable(TextualDataTable):
    """Every table of ours. Textual widens auto-width columns to their rows when the table is
    next idle, but keeps the cells it drew before then in its render caches: a row painted
    between `add_row` and that moment stays cut to the old widths until something else clears
    them (the review's timeline showed every column cut to its header)."""

    # Private: the step where Textual measures the new rows; nothing public follows it.
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()
