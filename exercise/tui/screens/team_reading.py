"""The team console's inbox: its rows (titles cut to the table's width, cut anew on a resize),
the preview beside it of the message the cursor is on, and opening one, which logs that the
team has read it. Mixed into the team screen, which keeps the view and runs the commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.content import Content
from textual.widgets import Static, TabbedContent

from exercise.engine import commands as cmd
from exercise.tui.internals.screen import StyledOnce
from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.injects import reader_content
from exercise.tui.widgets.tables import refill
from exercise.tui.widgets.team_inbox import inbox_rows

if TYPE_CHECKING:
    from exercise.session.team_view import TeamInboxItem, TeamView


class TeamReading(StyledOnce):
    """Mixed into the team screen, which has `view`, `gateway`, `execute` and `_stale`."""

    view: TeamView | None
    gateway: Any
    _stale: set[str]
    _previewed: tuple[str, bool] | None = None  # the inject the preview shows, and read?

    def execute(self, command, saved: str) -> Any:  # pragma: no cover - the screen's
        raise NotImplementedError

    def _show_inbox(self, view: TeamView) -> None:
        unread = view.unread()
        self.query_one(TabbedContent).get_tab("inbox").label = (
            f"2 Inbox ({unread} unread)" if unread else "2 Inbox"
        )
        table = self.query_one("#inbox-table", DataTable)
        refill(table, inbox_rows(view, table))
        if not table.size.width:  # hidden behind another tab: its titles are cut once it shows
            self._stale.add("inbox")

    def on_resize(self) -> None:
        """The inbox's titles are cut to the table's width: cut again once it is laid out anew."""
        if self.view is not None:
            self.call_after_refresh(self._fit_inbox)

    def _fit_inbox(self) -> None:
        if self.view is not None:
            self._show_inbox(self.view)
            table = self.query_one("#inbox-table", DataTable)
            # A smaller table may have left the cursor's row out of sight. Only a shown one is
            # scrolled: scrolling in a hidden tab would bring that tab to the front.
            if table.row_count and self.query_one(TabbedContent).active == "inbox":
                table.move_cursor(row=table.cursor_row)

    @on(DataTable.RowHighlighted, "#inbox-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        # The row the cursor is on now: a refill highlights the first row, then the cursor's.
        table = event.data_table
        row = table.cursor_row
        item = self._item(table.ordered_rows[row].key.value if 0 <= row < table.row_count else None)
        text = self.query_one("#inbox-text", Static)
        if item is None or (item.inject.id, item.read) == self._previewed:
            return  # the row highlighted again as rows came above it: the preview stands
        self._previewed = (item.inject.id, item.read)
        if item.read:
            text.update(reader_content(item.inject))
        else:
            text.update(
                Content.assemble(
                    (item.inject.title, "bold"), "\n\nUnread — press Enter to open it."
                )
            )

    @on(DataTable.RowSelected, "#inbox-table")
    def _opened(self, event: DataTable.RowSelected) -> None:
        item = self._item(event.row_key.value)
        if item is None:
            return
        self.query_one("#inbox-text", Static).update(reader_content(item.inject))
        self._previewed = (item.inject.id, True)
        if not item.read:  # opening logs a read event: the review knows who saw what, when
            self.execute(cmd.MarkRead(self.gateway.role, item.inject.id), "")

    def _item(self, inject_id: object) -> TeamInboxItem | None:
        if self.view is None:
            return None
        return next((i for i in self.view.inbox if i.inject.id == inject_id), None)
