"""The session log: newest first, filterable, fast with tens of thousands of events.

Only the newest matching lines are put in the table (a facilitator reads the top); the filter
runs over plain strings in memory, never over the database.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.tables import short

SHOWN = 300


class EventLog(Vertical):
    DEFAULT_CSS = """
    EventLog { height: 1fr; }
    EventLog Input { height: 3; }
    EventLog DataTable { height: 1fr; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lines: list[tuple[int, str, str, str, str]] = []
        self._needle = ""
        self._room = 0

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter the log (team, kind or words)…", id="log-filter")
        yield DataTable(id="log-table", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#log-table", DataTable).add_columns("#", "Time", "Who", "Event")

    def add(self, lines) -> None:
        if lines:
            self.lines.extend(lines)
            self._refill()

    @on(Input.Changed, "#log-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._needle = event.value.strip().lower()
        self._refill()

    def matching(self) -> list[tuple[int, str, str, str, str]]:
        needle = self._needle
        out = []
        for line in reversed(self.lines):
            if (
                not needle
                or needle in line[4].lower()
                or needle in line[2].lower()
                or needle in line[3].lower()
            ):
                out.append(line)
                if len(out) >= SHOWN:
                    break
        return out

    def _refill(self) -> None:
        table = self.query_one("#log-table", DataTable)
        table.clear()
        room = self._room = self._event_room()
        for seq, at, _kind, actor, text in self.matching():
            table.add_row(Text(str(seq)), Text(at[11:19]), Text(actor), Text(short(text, room)))

    def _event_room(self) -> int:
        return max(20, self.app.size.width - 4 - 7 - 8 - 12 - 8)  # what the other columns leave

    def on_resize(self) -> None:
        if self._event_room() != self._room:  # the terminal changed, not just the tab shown
            self._refill()
