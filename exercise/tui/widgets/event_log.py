"""The session log: newest first, filterable, fast with a hundred thousand events.

Only the newest matching lines are put in the table (a facilitator reads the top), and only
those are read and described: the console's log index (session/log_index.py) reads the log
backwards from its head, in a worker, until enough lines match, and keeps what it described
for the next keystroke and the next event.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input
from textual.worker import get_current_worker

from exercise.session.log_index import Line
from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.sized_table import FIRST, after_paint, size_columns
from exercise.tui.widgets.tables import short

SHOWN = 300
COLUMNS = ("#", "Time", "Who", "Event")
Cells = tuple[Text, Text, Text, Text]

# (needle, how many, cancelled) -> the newest lines matching, newest first; None if cancelled
LogSource = Callable[[str, int, Callable[[], bool]], list[Line] | None]


class EventLog(Vertical):
    DEFAULT_CSS = """
    EventLog { height: 1fr; }
    EventLog Input { height: 3; }
    EventLog DataTable { height: 1fr; }
    """

    class Read(Message):
        """The lines a worker found for `needle`."""

        def __init__(self, needle: str, lines: list[Line]) -> None:
            super().__init__()
            self.needle = needle
            self.lines = lines

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lines: list[Line] = []  # the lines on show, newest first
        self._source: LogSource | None = None
        self._needle = ""
        self._room = 0
        self._fills = 0  # refills begun: the rest of an older one is not added

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter the log (team, kind or words)…", id="log-filter")
        yield DataTable(id="log-table", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#log-table", DataTable).add_columns(*COLUMNS)

    def follow(self, source: LogSource) -> None:
        """Show the newest lines of `source`; called again when it may hold new ones."""
        self._source = source
        self._read()

    @on(Input.Changed, "#log-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._needle = event.value.strip().lower()
        if self._source is not None:
            self._read()

    @work(thread=True, exclusive=True, group="event-log", exit_on_error=False)
    def _read(self) -> None:
        worker = get_current_worker()
        needle, source = self._needle, self._source
        assert source is not None  # follow() came first
        # a newer keystroke cancels this one: the search stops between two reads
        lines = source(needle, SHOWN, lambda: worker.is_cancelled)
        if lines is not None and not worker.is_cancelled:
            self.post_message(self.Read(needle, lines))

    @on(Read)
    def _read_done(self, message: Read) -> None:
        message.stop()
        if message.needle == self._needle:  # else a later read is on its way
            self.lines = message.lines
            self._refill()

    def _refill(self) -> None:
        """Put the lines in the table: a screenful at once, the rest once that is painted (see
        sized_table)."""
        table = self.query_one("#log-table", DataTable)
        room = self._room = self._event_room()
        rows: list[Cells] = [
            (Text(str(seq)), Text(at[11:19]), Text(actor), Text(short(text, room)))
            for seq, at, _kind, actor, text in self.lines
        ]
        size_columns(table, COLUMNS, rows)
        self._fills += 1
        self._add(rows[:FIRST])
        if len(rows) > FIRST:
            after_paint(self, self._add_rest, self._fills, rows[FIRST:])

    def _add_rest(self, fill: int, rows: list[Cells]) -> None:
        if fill == self._fills:  # else the table was refilled since
            self._add(rows)

    def _add(self, rows: list[Cells]) -> None:
        table = self.query_one("#log-table", DataTable)
        for row in rows:
            table.add_row(*row)

    def _event_room(self) -> int:
        """What the other columns (as wide as the lines on show), each column's padding of 2
        and the scrollbar leave for the event's text."""
        seq = max((len(str(line[0])) for line in self.lines), default=1)
        actor = max((len(line[3]) for line in self.lines), default=3)
        others = max(seq, 1) + 8 + max(actor, 3) + 4 * 2 + 2
        return max(20, self.app.size.width - others)

    def on_resize(self) -> None:
        if self._event_room() != self._room:  # the terminal changed, not just the tab shown
            self._refill()
