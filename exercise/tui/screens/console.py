"""The facilitator console: one screen to run a whole exercise from the keyboard."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Label

from exercise.engine.commands import AdvancePhase
from exercise.engine.constants import PLAY_MODE_LABELS, PLAY_MODES
from exercise.engine.queries import deck_count, not_decided, unreleased
from exercise.engine.state import State, undecided
from exercise.session.announce import auto_advance_due
from exercise.tui.console_parts import TAB_PARTS, touched
from exercise.tui.gateway import Gateway
from exercise.tui.internals.table import DataTable
from exercise.tui.layout import BREAKPOINTS, preset_breakpoint
from exercise.tui.messages import CommandSaved, NotDone, StateRead
from exercise.tui.screens.console_room_actions import RoomActions
from exercise.tui.startup import release_collector
from exercise.tui.watch import Lookout, keep_watch
from exercise.tui.widgets.decisions import AllDecisions, TurnDecisions
from exercise.tui.widgets.indicators import IndicatorTable
from exercise.tui.widgets.status_bar import StatusBar
from exercise.tui.widgets.steady_footer import SteadyFooter
from exercise.tui.widgets.tab_bar import TabBar
from exercise.tui.widgets.teams import TeamsTable

if TYPE_CHECKING:  # loaded when their tab is first built, not before the first frame
    from exercise.engine.events import Event
    from exercise.tui.widgets.event_log import EventLog
    from exercise.tui.widgets.indicator_chart import IndicatorChart
    from exercise.tui.widgets.injects import InjectPreview, InjectTable

# The dialogs, the other tabs' widgets and the deciding half of the engine are imported where
# they are first used: the console's first frame does not wait for them.

POLL_SECONDS = 0.5

TABS = [
    ("board", "1 Board"),
    ("injects", "2 Injects"),
    ("decisions", "3 Decisions"),
    ("chart", "4 Chart"),
    ("log", "5 Log"),
]
FOCUS = {
    "board": "#teams",
    "injects": "#inject-table",
    "decisions": "#all-decisions",
    "log": "#log-table",
}


class FacilitatorScreen(RoomActions):
    CSS_PATH = "console.tcss"
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    BINDINGS = [
        Binding("n", "advance", "Next", id="console.advance"),
        Binding("r", "release", "Release", id="console.release"),
        Binding("d", "draw", "Draw", id="console.draw"),
        Binding("w", "write", "Write an inject", show=False, id="console.write"),
        Binding("l", "as_team", "Look at an inject as a team", show=False, id="console.as_team"),
        Binding("e", "decide", "Decide", id="console.decide"),
        Binding("a", "adjudicate", "Adjudicate", id="console.adjudicate"),
        Binding("o", "observe", "Observe", id="console.observe"),
        Binding(
            "t", "staff", "Who plays", show=False, id="console.staff"
        ),  # in help and the palette
        Binding("p", "pause", "Pause", id="console.pause"),
        Binding(
            "s", "show", "Show the room", show=False, id="console.show"
        ),  # in help and the palette
        Binding(
            "m", "messages", "Messages", show=False, id="console.messages"
        ),  # in help and the palette
        Binding("u", "void", "Void a ruling", show=False, id="console.void"),
        Binding("c", "restart_clock", "Restart the clock", show=False, id="console.clock"),
        Binding("z", "undo", "Undo a release or phase", show=False, id="console.undo"),
        Binding(
            "k", "sources", "Citations to teams on/off", show=False, id="console.sources"
        ),  # until the hot wash
        Binding("x", "end", "End", id="console.end"),
        Binding("v", "review", "Review", id="console.review"),
        Binding(
            "f1,question_mark", "help", "Help", show=False, id="console.help"
        ),  # named in the tab bar
        Binding("1", "tab('board')", "Board", show=False, id="console.tab.board"),
        Binding("2", "tab('injects')", "Injects", show=False, id="console.tab.injects"),
        Binding("3", "tab('decisions')", "Decisions", show=False, id="console.tab.decisions"),
        Binding("4", "tab('chart')", "Chart", show=False, id="console.tab.chart"),
        Binding("5", "tab('log')", "Log", show=False, id="console.tab.log"),
    ]

    def __init__(self, gateway: Gateway):
        super().__init__()
        self.gateway = gateway
        self.state: State | None = None
        self._dirty: set[str] = set()
        self._stop = Lookout()
        # Tabs besides the board are built when first shown: "building" until mounted, then "built".
        self._tabs: dict[str, str] = {"board": "built"}
        self._chart_coming = False  # the board's trend chart joins after the first frame
        self._moved_on_from: tuple[int, int] | None = None  # the phase the clock last ended

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        preset_breakpoint(self, self.app.size.width)
        yield StatusBar(id="status")
        yield TabBar(TABS, "board", hints=("F1 help", "^q quit", "^p commands"), id="tab-bar")
        # Only the board is built now; the other tabs join the switcher when first shown.
        with ContentSwitcher(initial="board", id="tabs"), Horizontal(id="board"):
            with Vertical(id="board-left"):
                yield Label("Teams", classes="section")
                yield TeamsTable(id="teams")
                yield Label("Indicators", classes="section")
                yield IndicatorTable(id="indicators")
            with Vertical(id="board-right"):
                yield Label("This turn", classes="section")
                yield TurnDecisions(id="turn-decisions", cursor_type="row")
        # The actions only, so that all of them fit in 80 columns; help, quit and the palette are
        # named in the tab bar.
        yield SteadyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self._poll()
        state = (
            self.gateway.loaded()
        )  # already open (ttx play --resume reads it first): in the first frame
        if state is not None:
            self._show(state)
            self.call_after_refresh(self._load)  # bots and the rest wait until that frame is out
        else:
            self._load()

    # -- session I/O (worker threads) ----------------------------------------------------------
    @work(thread=True, group="session", exit_on_error=False)
    def _load(self) -> None:
        state = self.gateway.load()
        self.post_message(StateRead(state))
        # The session's bots decide after every command; this catches up a file from before that.
        bot_events, state = self.gateway.run_bots()
        if bot_events:
            self.post_message(StateRead(state, bot_events))

    @work(thread=True, group="session", exit_on_error=False)
    def execute(self, command, saved: str = "", quiet: bool = False) -> None:
        """Run `command` and say what it did; `quiet`: a refusal is not news (a phase moved on
        by its clock, which another facilitator console moved on first)."""
        from exercise.engine.decide import Refused
        from exercise.engine.events import SessionEnded
        from exercise.session.narrate import describe

        try:
            events, state = self.gateway.execute(command)
        except Refused as exc:
            if not quiet:
                self.post_message(NotDone(str(exc)))
            return
        except Exception as exc:  # a disk or lock failure must never kill the console
            self.post_message(NotDone(f"Not saved: {exc}", error=True))
            return
        # Only now, with the events on disk, does the screen say it happened.
        summary = saved or (describe(events[0], state) if events else "Nothing to record")
        ended = state.ended and any(isinstance(e, SessionEnded) for e in events)
        receipt = self.gateway.receipt() if ended else None
        self.post_message(CommandSaved(state, summary, receipt, events))

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self) -> None:
        keep_watch(self._stop, self._look, self.post_message, POLL_SECONDS, self.gateway.path)

    def _look(self) -> StateRead | None:
        new, state = self.gateway.refresh()
        return StateRead(state, new) if new else None

    def on_unmount(self) -> None:
        self._stop.set()  # the look-out's thread ends now, not at its next look
        self.forget_kept_dialogs()

    @on(StateRead)
    def _state_read(self, message: StateRead) -> None:
        self._show(message.state, message.events)
        self.tell_new_messages(message.state, message.events)

    @on(NotDone)
    def _not_done(self, message: NotDone) -> None:
        message.tell(self)

    @on(CommandSaved)
    def _saved(self, message: CommandSaved) -> None:
        self._show(message.state, message.events)
        self.notify(message.summary, title="Saved", markup=False)  # names from YAML
        if message.receipt is not None:
            # The receipt, kept apart from the file, lets `ttx verify FILE --head` catch a rewrite.
            self.notify(
                f"Keep this receipt apart from the file (ttx codes and the "
                f"report print it too):\n{message.receipt}\nCheck the file against it: ttx verify "
                f"{self.gateway.path} --head RECEIPT",
                title="Session ended",
                timeout=120,
                markup=False,
            )

    # -- showing state (event loop) -------------------------------------------------------------
    def _show(self, state: State, events: Sequence[Event] | None = None) -> None:
        """Show a new state: the header and the board at once, other tabs when looked at; only
        the parts `events` change, when they are known."""
        if not self.is_attached or state is self.state:  # closed, or nothing new
            return
        if self.state is not None and state.seq < self.state.seq:
            return  # a poll's read that a command's newer state overtook on the way here
        if self.state is None:
            self.call_after_refresh(release_collector)  # the session is on screen: start-up is over
            self.offer_clock_restart(state, getattr(self.app, "clock", time.time)())
        if (
            events is not None
            and self.state is not None
            and state.seq - len(events) != self.state.seq
        ):
            # Events between went another way (another console's, folded in under this command's
            # lock, or a read still on its way): whatever they touched is redrawn too.
            events = None
        self.state = state
        parts = touched(events)
        if "status" in parts:
            self.query_one(StatusBar).show(state)
        self._dirty |= parts - {"status"}
        self._refresh_tab(self.active_tab)
        if self.active_tab != "board":
            self._refresh_tab("board")

    @property
    def active_tab(self) -> str:
        return self.query_one(TabBar).active

    def _build_tab(self, tab: str) -> bool:
        """Mount a tab's widgets the first time it is shown; True once they are mounted."""
        if tab in self._tabs:
            return self._tabs[tab] == "built"
        self._tabs[tab] = "building"
        widget: Widget
        if tab == "injects":
            from exercise.tui.widgets.injects import InjectPreview, InjectTable

            widget = Horizontal(
                InjectTable(id="inject-table"), InjectPreview(id="inject-preview"), id="inject-row"
            )
        elif tab == "decisions":
            # The table cuts long texts to its width; the highlighted decision is shown whole below.
            widget = AllDecisions(id="decisions-row")
        elif tab == "chart":
            from exercise.tui.widgets.indicator_chart import IndicatorChart

            widget = IndicatorChart(id="chart-plot")
        else:
            from exercise.tui.widgets.event_log import EventLog

            widget = EventLog(id="event-log")
        body = Vertical(widget, id=tab, classes="tab-body")
        body.display = False  # until the switcher shows it
        self._fill_when_mounted(tab, self.query_one("#tabs", ContentSwitcher).mount(body))
        return False

    @work(group="build", exit_on_error=False)
    async def _fill_when_mounted(self, tab: str, mounted) -> None:
        await mounted
        self._tabs[tab] = "built"
        if self.active_tab == tab:
            self.query_one("#tabs", ContentSwitcher).current = tab
            self._focus_tab(tab)
        self._refresh_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        """The arrow keys go to the table of the tab on show (the log's table, not its filter:
        the number keys must still switch tabs)."""
        target = FOCUS.get(tab)
        if target and self.query(target):
            self.query_one(target).focus()

    def _refresh_tab(self, tab: str) -> None:
        parts = [p for p in TAB_PARTS[tab] if p in self._dirty]
        if not self.is_attached or self.state is None or not parts or not self._build_tab(tab):
            return
        self._dirty.difference_update(parts)
        for part in parts:
            self._paint(part, self.state)

    def _paint(self, part: str, state: State) -> None:
        if part == "teams":
            self.query_one(TeamsTable).show(state, self._now(), self.gateway.last_seen())
        elif part == "indicators":
            self.query_one(IndicatorTable).show(state)
            self._show_board_chart(state)
        elif part == "turn":
            self.query_one(TurnDecisions).show(state, self._text_width())
        elif part == "injects":
            cast("InjectTable", self.query_one("#inject-table")).show(state)
            self._preview_current()
        elif part == "decisions":
            self.query_one(AllDecisions).show(state, self.app.size.width)
        elif part == "chart":
            self._show_chart(state)
        elif part == "log":
            self._fetch_log()

    @on(TabBar.Changed, "#tab-bar")
    def _tab_clicked(self, event: TabBar.Changed) -> None:
        self.action_tab(event.tab)

    def _show_board_chart(self, state: State) -> None:
        plots = self.query("#board-plot")
        if plots:
            cast("IndicatorChart", plots.first()).show(state)
        elif not self._chart_coming:
            self._chart_coming = True
            self.call_after_refresh(
                self._mount_board_chart
            )  # plotext loads after the session is on screen

    def _mount_board_chart(self) -> None:
        from exercise.tui.widgets.indicator_chart import IndicatorChart

        if self.is_attached:  # the screen may be gone by now
            self.query_one("#board-left").mount(IndicatorChart(id="board-plot"))
            self.call_after_refresh(self._fill_board_chart)

    def _fill_board_chart(self) -> None:
        plots = self.query("#board-plot")
        if self.state is not None and plots:
            cast("IndicatorChart", plots.first()).show(self.state)

    def _show_chart(self, state: State) -> None:
        cast("IndicatorChart", self.query_one("#chart-plot")).show(state)

    def _fetch_log(self) -> None:
        # the log reads its newest lines itself, in its worker: only those it shows
        cast("EventLog", self.query_one("#event-log")).follow(self.gateway.log_lines)

    def _text_width(self) -> int:
        """Room for each of the inject and choice columns of "This turn", so that the choice shows:
        from the screen's width (the board's right half when wide), not the table's, which is
        not laid out yet when the first frame is drawn."""
        width = self.app.size.width
        pane = (width - 2) // 2 if self.has_class("-wide") else width - 4
        return max(
            10, (pane - 9 - 9 - 8) // 2
        )  # team and status columns (9 each), and cell padding

    def on_resize(self) -> None:
        self._dirty |= {"turn", "decisions"}  # their text columns are cut to the width
        self._refresh_tab(self.active_tab)

    def _tick(self) -> None:
        self.query_one(StatusBar).tick()
        s = self.state
        # Once per phase, while the new state is on its way.
        if s and auto_advance_due(s, self._now()) and self._moved_on_from != (s.turn, s.phase):
            self._moved_on_from = (s.turn, s.phase)
            self.execute(AdvancePhase(expect=(s.turn, s.phase)), quiet=True)
        seen = self.gateway.last_seen()
        if self.state is not None and seen and self.active_tab == "board":
            # "seen 2m ago" moves on by itself
            self.query_one(TeamsTable).age(self.state, self._now(), seen)

    @on(DataTable.RowHighlighted, "#inject-table")
    def _preview_current(self, event=None) -> None:
        key = self.highlighted_inject()
        if self.state is None or key is None:
            return
        preview = cast("InjectPreview", self.query_one("#inject-preview"))
        preview.show(self.state.world.injects.get(key))

    # -- actions -----------------------------------------------------------------------------
    def _now(self) -> float:
        """Wall time by the app's clock (tests fix it)."""
        return getattr(self.app, "clock", time.time)()

    def _ready(self) -> State | None:
        """The state to act on, or None (and why, in a toast) while nothing may be done."""
        if self.state is None:
            self.notify("The session is still loading.", severity="warning")
            return None
        if self.state.ended:
            self.notify("The session has ended; open the review (v).", severity="warning")
            return None
        return self.state

    def _run_chosen(self, make: Callable[[Any], Any]) -> Callable[[Any], None]:
        """A dialog's callback: run the command made from the choice; nothing if cancelled."""

        def chosen(result: Any) -> None:
            if result:
                self.execute(make(result))

        return chosen

    def action_tab(self, tab: str) -> None:
        self.query_one(TabBar).active = tab
        if self._tabs.get(tab) == "built":
            self.query_one("#tabs", ContentSwitcher).current = tab
            self._focus_tab(tab)
        self._refresh_tab(tab)  # builds the tab the first time; it is switched to once mounted

    def action_help(self) -> None:
        from exercise.tui.screens.help import HelpScreen

        keys = [
            (b.key.replace("question_mark", "?"), b.description)
            for b in self.BINDINGS
            if isinstance(b, Binding)
        ]
        keys += [("ctrl+p", "Command palette"), ("ctrl+q", "Quit (the session is already saved)")]
        self.app.push_screen(HelpScreen(keys))

    def action_advance(self) -> None:
        from exercise.engine import commands as cmd
        from exercise.tui.screens.confirm import ConfirmDialog

        s = self._ready()
        if s is None:
            return
        last_phase = s.phase + 1 >= len(s.world.scenario.phases)
        if not last_phase:
            self.execute(cmd.AdvancePhase())
            return
        # The last phase: `n` ends the turn (or the session), which cannot be taken back.
        turns = s.world.scenario.turns
        if s.turn < len(turns):
            nxt = turns[s.turn]
            where = f"end turn {s.turn} and open turn {nxt.number}: {nxt.name} ({nxt.date})"
        else:
            where = "end the last turn, and with it the session"
        waiting = undecided(s)
        question = (
            f"{not_decided(waiting)}.\n{where[0].upper()}{where[1:]} anyway?"
            if waiting
            else f"{where[0].upper()}{where[1:]}?"
        )
        self.app.push_screen(
            ConfirmDialog(question, yes="End turn" if s.turn < len(turns) else "End"),
            self._run_chosen(lambda _: cmd.AdvancePhase(force=True)),
        )

    def action_release(self) -> None:
        from exercise.engine import commands as cmd
        from exercise.tui.screens.choice import ChoiceDialog
        from exercise.tui.widgets.injects import inject_content

        s = self._ready()
        if s is None:
            return
        items = [
            (i, f"{s.world.injects[i].title}  ({s.world.injects[i].date})") for i in unreleased(s)
        ]
        if not items:
            self.notify("Every inject of this scenario is already out.")
            return
        self.app.push_screen(
            ChoiceDialog(
                "Release an inject now (facilitator preview on the right)",
                items,
                "Release",
                preview=lambda i: inject_content(s.world.injects[i]),
            ),
            self._run_chosen(cmd.ReleaseInject),
        )

    def action_draw(self) -> None:
        from exercise.engine import commands as cmd
        from exercise.tui.screens.choice import ChoiceDialog

        s = self._ready()
        if s is None:
            return
        decks = [(d.id, f"{d.title} — {deck_count(s, d.id)}") for d in s.world.scenario.decks]
        if not decks:
            self.notify("This scenario has no deck.")
            return
        self.app.push_screen(
            ChoiceDialog("Draw a card (the session's seeded RNG picks it)", decks, "Draw"),
            self._run_chosen(cmd.DrawFromDeck),
        )

    def action_decide(self) -> None:
        from exercise.tui.screens.decision import DecisionDialog

        s = self._ready()
        if s is None:
            return
        role = ""
        teams = self.query_one(TeamsTable)
        if teams.row_count:
            role = teams.coordinate_to_cell_key(Coordinate(teams.cursor_row, 0)).row_key.value or ""
        self.app.push_screen(DecisionDialog(s, role), self._run_chosen(lambda c: c))

    def action_adjudicate(self) -> None:
        from exercise.tui.screens.adjudicate import AdjudicateDialog

        s = self._ready()
        if s is None:
            return
        # latest: estimates as they come; execute: one the white cell enters for a team
        dialog = AdjudicateDialog(s, latest=lambda: self.state, execute=self.execute)
        self.app.push_screen(dialog, self._run_chosen(lambda c: c))

    def action_observe(self) -> None:
        from exercise.tui.screens.observation import ObservationDialog

        if self.state is None:
            return
        self.app.push_screen(ObservationDialog(self.state), self._run_chosen(lambda c: c))

    def action_staff(self) -> None:
        """Change who plays a role: a team whose console dropped can be entered by hand or left
        to a bot."""
        from exercise.engine import commands as cmd
        from exercise.tui.screens.choice import ChoiceDialog

        s = self._ready()
        if s is None:
            return
        w = s.world
        roles = [
            (r, f"{w.roles[r].name if r in w.roles else r} — now: {s.participants.get(r, 'bot')}")
            for r in w.played
        ]
        modes = [
            (mode, PLAY_MODE_LABELS[mode] + (" (decides by doctrine)" if mode == "bot" else ""))
            for mode in PLAY_MODES
        ]

        def chosen_role(role: str | None) -> None:
            if role:
                self.app.push_screen(
                    ChoiceDialog(f"Who plays {role} from now on?", modes, "Set"),
                    self._run_chosen(lambda mode: cmd.SetParticipant(role, mode)),
                )

        self.app.push_screen(ChoiceDialog("Change who plays a role", roles, "Choose"), chosen_role)

    def action_show(self) -> None:
        """Which indicators the room sees (the projector view and every team console)."""
        from exercise.engine import commands as cmd
        from exercise.tui.screens.show_indicators import ShowIndicatorsDialog

        if self.state is None:
            return

        def chosen(ids: tuple[str, ...] | None) -> None:
            if ids is not None:
                self.execute(cmd.ShowIndicators(ids))

        self.app.push_screen(ShowIndicatorsDialog(self.state), chosen)

    def action_pause(self) -> None:
        from exercise.engine import commands as cmd

        s = self._ready()
        if s is None:
            return
        self.execute(cmd.ResumeClock() if s.paused else cmd.PauseClock())

    def action_end(self) -> None:
        from exercise.engine import commands as cmd
        from exercise.tui.screens.confirm import ConfirmDialog

        s = self._ready()
        if s is None:
            return
        self.app.push_screen(
            ConfirmDialog(
                "End the session now? Teams can no longer decide; the review stays open.", yes="End"
            ),
            self._run_chosen(lambda _: cmd.EndSession()),
        )

    def action_review(self) -> None:
        from exercise.tui.screens.review import ReviewScreen

        # From the state this console holds: the review folds only what came after it.
        self.app.push_screen(ReviewScreen(self.gateway.path, start=self.gateway.loaded()))
