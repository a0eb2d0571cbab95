"""The observer seat: the whole session, read-only, as the white cell sees it (every inject,
decision, ruling and message, the log), and one thing to do: record an observation (`o`, or
Enter on a log row: the observation is about that event).

It reads through an ObserverGateway, which writes nothing but the observer's own signed
observations; no key here issues any other command, and nothing is marked read.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import ContentSwitcher, Label, Static

from exercise.engine import commands as cmd
from exercise.engine.state import State
from exercise.session.observations import Noted
from exercise.tui.console_parts import touched
from exercise.tui.internals.screen import StyledOnce
from exercise.tui.internals.table import DataTable
from exercise.tui.layout import BREAKPOINTS, preset_breakpoint
from exercise.tui.messages import NotDone
from exercise.tui.observer_gateway import ObserverGateway, ObserverRead
from exercise.tui.screens.messages import thread_content
from exercise.tui.screens.observer_parts import observations_content, rulings_content
from exercise.tui.watch import Lookout, keep_watch
from exercise.tui.widgets.decisions import AllDecisions, TurnDecisions
from exercise.tui.widgets.event_log import EventLog
from exercise.tui.widgets.indicators import IndicatorTable
from exercise.tui.widgets.injects import InjectPreview, InjectTable
from exercise.tui.widgets.status_bar import StatusBar
from exercise.tui.widgets.steady_footer import SteadyFooter
from exercise.tui.widgets.tab_bar import TabBar
from exercise.tui.widgets.teams import TeamsTable

if TYPE_CHECKING:
    from exercise.engine.events import Event
    from exercise.session.log_index import Line

POLL_SECONDS = 0.5
CHOOSABLE = 40  # log lines offered in the dialog besides the one picked: the newest

TABS = [
    ("board", "1 Board"),
    ("injects", "2 Injects"),
    ("decisions", "3 Decisions"),
    ("rulings", "4 Rulings"),
    ("log", "5 Log"),
    ("mine", "6 Mine"),
]
FOCUS = {
    "board": "#teams",
    "injects": "#inject-table",
    "decisions": "#all-decisions",
    "rulings": "#rulings",
    "log": "#log-table",
    "mine": "#mine",
}


class ObserverScreen(StyledOnce):
    CSS_PATH = "observer.tcss"
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    BINDINGS = [
        Binding("o", "observe", "Observe", id="observer.observe"),
        Binding("f1,question_mark", "help", "Help", show=False, id="observer.help"),
        Binding("1", "tab('board')", "Board", show=False, id="observer.tab.board"),
        Binding("2", "tab('injects')", "Injects", show=False, id="observer.tab.injects"),
        Binding("3", "tab('decisions')", "Decisions", show=False, id="observer.tab.decisions"),
        Binding(
            "4", "tab('rulings')", "Rulings and messages", show=False, id="observer.tab.rulings"
        ),
        Binding("5", "tab('log')", "Log", show=False, id="observer.tab.log"),
        Binding("6", "tab('mine')", "My observations", show=False, id="observer.tab.mine"),
    ]

    class Read(Message):
        """The session as the gateway read it; `saved`: what the observer's own command did."""

        def __init__(self, read: ObserverRead, saved: str = "") -> None:
            super().__init__()
            self.read = read
            self.saved = saved

    def __init__(self, gateway: ObserverGateway):
        super().__init__()
        self.gateway = gateway
        self.state: State | None = None
        self.mine: tuple[Noted, ...] = ()
        self._stop = Lookout()

    def compose(self) -> ComposeResult:
        preset_breakpoint(self, self.app.size.width)
        yield StatusBar(id="status")
        yield TabBar(TABS, "board", hints=("F1 help", "^q quit", "^p commands"), id="tab-bar")
        with ContentSwitcher(initial="board", id="tabs"):
            with Horizontal(id="board"):
                with Vertical(id="board-left"):
                    yield Label("Teams", classes="section")
                    yield TeamsTable(id="teams")
                    yield Label("Indicators", classes="section")
                    yield IndicatorTable(id="indicators")
                with Vertical(id="board-right"):
                    yield Label("This turn", classes="section")
                    yield TurnDecisions(id="turn-decisions", cursor_type="row")
            with Horizontal(id="injects"):
                yield InjectTable(id="inject-table")
                yield InjectPreview(id="inject-preview")
            yield AllDecisions(id="decisions")
            with VerticalScroll(id="rulings"):
                yield Label("Rulings (every one, private ones too)", classes="section")
                yield Static("", id="rulings-text", markup=False)
                yield Label("Messages between the white cell and the teams", classes="section")
                yield Static("", id="messages-text", markup=False)
            yield EventLog(id="log")
            with VerticalScroll(id="mine"):
                yield Label(
                    Content.assemble("Observations by ", (self.gateway.author, "bold")),
                    classes="section",
                )
                yield Static("", id="mine-text", markup=False)
        yield SteadyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self._load()
        self._poll()
        self.query_one(EventLog).follow(self.gateway.log_lines)

    def on_unmount(self) -> None:
        self._stop.set()

    # -- session I/O (worker threads) ----------------------------------------------------------
    @work(thread=True, group="session", exit_on_error=False)
    def _load(self) -> None:
        try:
            self.post_message(self.Read(self.gateway.load()))
        except Exception as exc:
            self.post_message(NotDone(f"Cannot read the session: {exc}", error=True))

    @work(thread=True, group="session", exit_on_error=False)
    def record(self, command: cmd.AddObservation) -> None:
        """Record the observation; the screen says so only once it is on disk."""
        from exercise.engine.decide import Refused

        try:
            read = self.gateway.observe(command)
        except (Refused, PermissionError) as exc:
            self.post_message(NotDone(str(exc)))
            return
        except Exception as exc:  # a disk or lock failure must never kill the console
            self.post_message(NotDone(f"Not saved: {exc}", error=True))
            return
        self.post_message(self.Read(read, saved="Observation saved"))

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self) -> None:
        keep_watch(self._stop, self._look, self.post_message, POLL_SECONDS, self.gateway.path)

    def _look(self) -> Read | None:
        read = self.gateway.refresh()
        return self.Read(read) if read is not None else None

    # -- showing (event loop) ------------------------------------------------------------------
    @on(Read)
    def _read(self, message: Read) -> None:
        read = message.read
        if self.is_attached and (self.state is None or read.state.seq >= self.state.seq):
            self._show(read.state, read.mine, read.events)
        if message.saved:
            self.notify(message.saved, title="Saved", markup=False)

    @on(NotDone)
    def _not_done(self, message: NotDone) -> None:
        message.tell(self)

    def _show(self, state: State, mine: tuple[Noted, ...], events: Sequence[Event] | None) -> None:
        parts = touched(events)
        self.state, self.mine = state, mine
        if "status" in parts:
            self.query_one(StatusBar).show(state)
        if "teams" in parts:
            self.query_one(TeamsTable).show(state, self._now(), self.gateway.last_seen())
        if "indicators" in parts:
            self.query_one(IndicatorTable).show(state)
        if "turn" in parts:
            self.query_one(TurnDecisions).show(state, self._text_width())
        if "injects" in parts:
            self.query_one(InjectTable).show(state)
            self._preview()
        if "decisions" in parts:
            self.query_one(AllDecisions).show(state, self.app.size.width)
        if "log" in parts:  # every event but a console's heartbeat is in the log
            self.query_one("#rulings-text", Static).update(rulings_content(state))
            self.query_one("#messages-text", Static).update(thread_content(state))
            self.query_one("#mine-text", Static).update(
                observations_content(state, mine, self.gateway.author)
            )
            self.query_one(EventLog).follow(self.gateway.log_lines)

    @on(DataTable.RowHighlighted, "#inject-table")
    def _preview(self) -> None:
        table = self.query_one(InjectTable)
        if self.state is None or not table.row_count:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        self.query_one(InjectPreview).show(self.state.world.injects.get(key) if key else None)

    def _text_width(self) -> int:
        """As the facilitator's board: room for the inject and choice columns of "This turn"."""
        width = self.app.size.width
        pane = (width - 2) // 2 if self.has_class("-wide") else width - 4
        return max(10, (pane - 9 - 9 - 8) // 2)

    def on_resize(self) -> None:
        if self.state is not None:
            self.query_one(TurnDecisions).show(self.state, self._text_width())
            self.query_one(AllDecisions).show(self.state, self.app.size.width)

    def _tick(self) -> None:
        self.query_one(StatusBar).tick()
        if self.state is not None and self.active_tab == "board":
            self.query_one(TeamsTable).age(self.state, self._now(), self.gateway.last_seen())

    def _now(self) -> float:
        return getattr(self.app, "clock", time.time)()

    @property
    def active_tab(self) -> str:
        return self.query_one(TabBar).active

    # -- actions -------------------------------------------------------------------------------
    @on(TabBar.Changed, "#tab-bar")
    def _tab_clicked(self, event: TabBar.Changed) -> None:
        self.action_tab(event.tab)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabBar).active = tab
        self.query_one(ContentSwitcher).current = tab
        self.query_one(FOCUS[tab]).focus()

    def picked_line(self) -> Line | None:
        """The log row under the cursor, once the log tab has been looked at."""
        log = self.query_one(EventLog)
        table = self.query_one("#log-table", DataTable)
        if self.active_tab != "log" or not table.row_count or table.cursor_row >= len(log.lines):
            return None
        return log.lines[table.cursor_row]

    @on(DataTable.RowSelected, "#log-table")
    def _row_chosen(self) -> None:
        self.action_observe()

    def action_observe(self) -> None:
        from exercise.tui.screens.observer_note import ObserverNoteDialog

        if self.state is None:
            self.notify("The session is still loading.", severity="warning")
            return
        lines = self.query_one(EventLog).lines[:CHOOSABLE]

        def chosen(command: cmd.AddObservation | None) -> None:
            if command is not None:
                self.record(command)

        dialog = ObserverNoteDialog(self.state, self.gateway.author, lines, self.picked_line())
        self.app.push_screen(dialog, chosen)

    def action_help(self) -> None:
        from exercise.tui.screens.help import HelpScreen

        keys = [
            (b.key.replace("question_mark", "?"), b.description)
            for b in self.BINDINGS
            if isinstance(b, Binding)
        ]
        keys += [("ctrl+p", "Command palette"), ("ctrl+q", "Quit (every observation is saved)")]
        self.app.push_screen(HelpScreen(keys, "Observer seat — keys", GUIDE))


GUIDE = """How the observer seat works
  You see the whole session as the white cell does: every inject (2), every team's
  decisions (3), every ruling and message (4) and the log (5). You change nothing:
  no release, no decision, no ruling, and reading here marks nothing as read.
  To record an observation, open the log (5), put the cursor on the event it is about
  and press Enter (or o anywhere). Tie it to a team and one of its objectives, and
  rate how the objective was performed:
    P  performed without challenges      S  performed with some challenges
    M  performed with major challenges   U  unable to be performed
  Your observations are signed with your name and listed under 6; the after-action
  report fills each objective's rating from them, with the events as evidence."""
