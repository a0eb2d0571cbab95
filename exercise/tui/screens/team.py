"""A team's console: briefing, inbox, decisions, history and the phase clock — its own only."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widget import Widget
from textual.widgets import (
    Button,
    Footer,
    RadioSet,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from exercise.content.text import reflow
from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.engine.messages import WHITE_CELL
from exercise.engine.queries import decide_command
from exercise.engine.state import Decision
from exercise.engine.view import choice_text
from exercise.session.team_view import TeamView
from exercise.tui.internals.table import DataTable
from exercise.tui.layout import AFTER_A_FRAME, BREAKPOINTS, preset_breakpoint
from exercise.tui.messages import NotDone, TeamViewRead
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.help import TEAM_GUIDE, HelpScreen
from exercise.tui.screens.team_judgement import TeamJudgement
from exercise.tui.screens.team_reading import TeamReading
from exercise.tui.team_gateway import TeamGateway
from exercise.tui.watch import Lookout, keep_watch
from exercise.tui.widgets.chance import ChanceInput, percent_text
from exercise.tui.widgets.option_button import OptionButton
from exercise.tui.widgets.status_bar import StatusBar
from exercise.tui.widgets.tables import refill, short
from exercise.tui.widgets.team_asks import TeamAsks
from exercise.tui.widgets.team_estimates import estimates_content
from exercise.tui.widgets.team_messages import TeamMessages
from exercise.tui.widgets.team_tabs import LAZY_TABS, tab_body

POLL_SECONDS = 0.5


PRESENCE_SECONDS = 30.0
FREE = "__free__"
SENT = "Sent to the white cell"


def shown_line(view: TeamView) -> Content:
    """The indicators the white cell shows the whole room, as one wrapped line."""
    parts: list = [("The room sees: ", "bold")]
    for n, ind in enumerate(view.indicators):
        change = ind.value - ind.turn_start
        parts += [
            " · " if n else "",
            ind.title,
            (f" {ind.value}/{ind.max}", "bold"),
            f" ({change:+d})" if change else "",
        ]
    return Content.assemble(*parts)


def briefing_content(view: TeamView) -> Content:
    r = view.role
    parts: list = [
        (r.name, "bold underline"),
        "\n",
        (r.summary, "italic"),
        "\n\n",
    ]
    if view.situation:
        parts += [(f"As {view.scenario_title} opens", "bold"), "\n", reflow(view.situation), "\n\n"]
        parts += [("Your standing brief", "bold"), "\n"]
    parts += [reflow(r.briefing), "\n"]
    for title, items in (("Objectives", r.objectives), ("Red lines", r.red_lines)):
        parts += ["\n", (title, "bold"), "\n"]
        parts += [f"  • {reflow(o.text)}\n" for o in items]
    parts += ["\n", ("Levers — actions you can take", "bold"), "\n"]
    for lever in r.levers:
        parts += ["  • ", (lever.label, "bold"), f": {reflow(lever.text)}\n"]
    return Content.assemble(*parts)


def ruling_content(view: TeamView) -> Content:
    parts: list = []
    for r in reversed(view.rulings):
        scope = "public" if r.public else "private to " + ", ".join(r.audience)
        parts += [
            (f"Turn {r.turn} · ruling {r.ruling_id} ({scope})", "bold"),
            (f"  VOIDED by the white cell: {r.voided}" if r.voided else "", "bold $warning"),
            "\n",
            reflow(r.narrative),
            "\n",
        ]
        if r.roll:
            parts.append((f"  {r.roll}\n", "dim"))
        parts.append("\n")
    return Content.assemble(*parts) if parts else Content("No ruling yet.")


class TeamScreen(TeamJudgement, TeamReading):
    CSS_PATH = "team.tcss"
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    BINDINGS = [
        # The tab bar names the digits already; in the footer too they crowd out quit at 80 columns.
        Binding("1", "tab('briefing')", "Briefing", show=False, id="team.tab.briefing"),
        Binding("2", "tab('inbox')", "Inbox", show=False, id="team.tab.inbox"),
        Binding("3", "tab('decide')", "Decide", show=False, id="team.tab.decide"),
        Binding("4", "tab('history')", "History", show=False, id="team.tab.history"),
        Binding("5", "tab('messages')", "Messages", show=False, id="team.tab.messages"),
        Binding("e", "estimate", "Give your estimate", id="team.estimate"),  # when asked
        Binding("f", "feedback", "Feedback", id="team.feedback"),  # once the session has ended
        Binding("f1", "help", "Help", id="team.help"),
    ]

    def __init__(self, gateway: TeamGateway, author: str = ""):
        super().__init__()
        self.gateway = gateway
        self.author = author or gateway.role
        self.view: TeamView | None = None
        self._drawn: TeamView | None = None  # the view the sections below the header show
        self._news = False  # a view from the look-out is waiting to be drawn
        self._choice_key: tuple | None = None
        self._decide_values: list | None = None
        self._decide_turn = 0  # the turn the decision form was last filled for
        self._decided = False  # a decision was just sent: the form moves on to the next one
        self._focus_options = False  # moving on after a decision: the next options take focus
        self._stop = Lookout()  # ends the look-out (see tui/watch.py)
        self._reading: set[str] = set()  # messages whose reading has been sent
        self._fresh: frozenset[str] = frozenset()  # new when the Messages tab was last opened
        self._built: set[str] = set()  # the tabs of LAZY_TABS mounted so far
        self._stale: set[str] = set()  # built tabs the view changed under while hidden

    def compose(self) -> ComposeResult:
        preset_breakpoint(self, self.app.size.width)
        yield StatusBar(seconds=False, id="status")
        yield Static("", id="room-indicators", markup=False)
        yield TeamAsks(id="asks")
        with TabbedContent(initial="inbox", id="team-tabs"):
            with TabPane("1 Briefing", id="briefing"), VerticalScroll(id="briefing-scroll"):
                yield Static("", id="briefing-text", markup=False)
            with TabPane("2 Inbox", id="inbox"), Horizontal(id="inbox-row"):
                yield DataTable(id="inbox-table", cursor_type="row")
                with VerticalScroll(id="inbox-preview"):
                    yield Static(
                        "Select a message and press Enter to open it.",
                        id="inbox-text",
                        markup=False,
                    )
            # Built when first opened (widgets/team_tabs.py): the team joins on its inbox.
            yield TabPane("3 Decide", id="decide")
            yield TabPane("4 History", id="history")
            yield TabPane("5 Messages", id="messages")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#inbox-table", DataTable).add_columns("", "Turn", "From", "Title")
        self.set_interval(1.0, lambda: self.query_one(StatusBar).tick())
        self._poll()
        self.set_interval(PRESENCE_SECONDS, self._present)
        self._load()

    # -- I/O in worker threads -------------------------------------------------------------
    @work(thread=True, group="team", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(TeamViewRead(self.gateway.load()))

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self) -> None:
        keep_watch(self._stop, self._look, self.post_message, POLL_SECONDS, self.gateway.path)

    def _look(self) -> TeamViewRead | None:
        view = self.gateway.refresh()
        return TeamViewRead(view, news=True) if view is not None else None

    def on_unmount(self) -> None:
        self._stop.set()  # the look-out's thread ends now, not at its next look

    @work(thread=True, group="presence", exit_on_error=False)
    def _present(self) -> None:
        with contextlib.suppress(Exception):
            self.gateway.present()

    @work(thread=True, group="team", exit_on_error=False)
    def execute(self, command, saved: str) -> None:
        try:
            view = self.gateway.execute(command)
        except Refused as exc:
            self.post_message(NotDone(str(exc)))
            return
        except Exception as exc:
            self.post_message(NotDone(f"Not saved: {exc}", error=True))
            return
        self.post_message(TeamViewRead(view, saved=saved))

    @on(TeamViewRead)
    def _view_read(self, message: TeamViewRead) -> None:
        self._show(message.view, message.news)
        if message.saved == SENT:
            self.query_one(TeamMessages).sent()
        if message.saved:
            self.notify(message.saved, title="Saved", markup=False)

    @on(NotDone)
    def _not_done(self, message: NotDone) -> None:
        message.tell(self)

    # -- showing the view -------------------------------------------------------------------
    def _show(self, view: TeamView, news: bool = False) -> None:
        if not self.is_attached:  # a worker finished after the screen closed
            return
        old = self.view
        if old is not None and view.seq < old.seq:
            return  # a poll's read that the team's own newer command overtook on the way here
        if old is None:
            self.query_one("#inbox-table", DataTable).focus()
        self.view = view
        self._news = self._news or news
        self.query_one(StatusBar).show(view)
        if news and old is not None and view.turn != old.turn:
            # The header says the turn has come in the next frame; the inbox's new rows and the
            # rest follow in the one after. A room of consoles then draws its headers first, not
            # each console its whole screen while the others wait for the processor. A timer,
            # not call_after_refresh: that can run before the screen has heard of the header's
            # change (its widgets tell it by message), and the two would share a frame again.
            self.set_timer(AFTER_A_FRAME, self._show_sections)
        else:
            self._show_sections()

    def _show_sections(self) -> None:
        """Draw what changed between the view the sections were last drawn from and the latest."""
        view, old, news = self.view, self._drawn, self._news
        if not self.is_attached or view is None or view is old:
            return  # drawn already: a later view came before this deferred drawing ran
        self._drawn, self._news = view, False

        def changed(*fields: str) -> bool:  # what a section shows: unchanged, it is not redrawn
            return old is None or any(getattr(old, f) != getattr(view, f) for f in fields)

        if changed("indicators"):
            shown = self.query_one("#room-indicators", Static)
            shown.display = bool(view.indicators)
            shown.update(shown_line(view))
        if changed("role", "situation", "scenario_title"):
            self.query_one("#briefing-text", Static).update(briefing_content(view))
        if changed("inbox"):
            self._show_inbox(view)
        if changed("inbox", "decisions", "turn", "ended") and self._in_front("decide"):
            self._show_decide(view)
        if changed("inbox", "decisions", "rulings", "estimates", "ended") and self._in_front(
            "history"
        ):
            self._show_history(view)
        if changed("messages"):
            self._show_messages(view, old, news)
        if changed("estimates", "decisions", "ended", "feedback", "turn", "phase"):
            self.show_judgement(view, old, news)
        # A new turn's releases are told by its banner and the inbox's unread count: a toast on
        # top would say it twice, and its coming and going redraws a room of consoles twice.
        if news and old is not None and len(view.inbox) > len(old.inbox) and view.turn == old.turn:
            new = len(view.inbox) - len(old.inbox)
            said = "1 new message" if new == 1 else f"{new} new messages"
            self.notify(f"{said} in your inbox", title="Inbox")
        if news and old is not None and len(view.rulings) > len(old.rulings):
            self.notify("The white cell has ruled; see History (4).", title="Ruling")

    def _in_front(self, tab: str) -> bool:
        """Whether a tab of LAZY_TABS is to be filled now: it is built and shown. A hidden one is
        marked stale instead and filled when it is next opened: a console redraws what its team
        sees, and a new turn costs a team on its inbox no rebuilt Decide form."""
        if tab not in self._built:
            return False
        if self.query_one(TabbedContent).active == tab:
            return True
        self._stale.add(tab)
        return False

    def _show_ended(self, ended: bool) -> None:
        """Once the session has ended nothing can be decided: the form gives way to a line
        saying so (the engine refuses a decision then; the form must not invite one)."""
        note = self.query_one("#decide-ended", Static)
        if note.display == ended:
            return
        for child in self.query_one("#decide-form").children:
            child.display = (child is note) == ended

    def _show_decide(self, view: TeamView) -> None:
        self._show_ended(view.ended)
        if view.ended:
            return
        rows = []
        for d in view.open_decisions():
            inj = next((i.inject for i in view.inbox if i.inject.id == d.inject_id), None)
            # Cut so that the chance and rationale stay in view; Amend shows them whole.
            title, choice = (
                short(inj.title if inj else "free action"),
                short(choice_text(inj, d), 44),
            )
            chance = Text(percent_text(d.confidence))
            cells = (Text(title), Text(choice), chance, Text(short(d.rationale, 40)))
            rows.append((cells, d.decision_id))
        refill(self.query_one("#open-table", DataTable), rows)
        pending = view.waiting_in_order()
        amendable = [
            item.inject
            for d in view.open_decisions()
            if d.inject_id and (item := self._item(d.inject_id)) is not None
        ]
        select = self.query_one("#decide-inject", Select)
        current = select.value
        items = (
            [(Text(self._waiting_label(i.id, i.title, view.turn)), i.id) for i in pending]
            + [(Text(f"(amend) {i.title}"), i.id) for i in amendable]
            + [(Text("A free action (not tied to a message)"), FREE)]
        )
        values = [v for _, v in items]
        shown = [
            (label.plain, v) for label, v in items
        ]  # "(amend)" can change with the same injects
        if shown == self._decide_values:
            return  # nothing new to decide: leave the team's half-filled form alone
        self._decide_values = shown
        new_turn, self._decide_turn = self._decide_turn != view.turn, view.turn
        select.set_options(items)
        if new_turn or self._decided or current not in values:
            # a new turn, or a decision just sent: on to the next inject still waiting
            self._focus_options = self._decided  # the team goes on choosing, from the top
            select.value = view.next_to_decide() or FREE
        else:
            select.value = current
        self._decided = False

    def _waiting_label(self, inject_id: str, title: str, turn: int) -> str:
        """An inject left undecided in an earlier turn says which: the list offers this turn's
        first, and an older one offered next must not pass for this turn's."""
        item = self._item(inject_id)
        came = item.release.turn if item is not None else turn
        return title if came == turn else f"(turn {came}) {title}"

    def _show_messages(self, view: TeamView, old: TeamView | None, news: bool) -> None:
        if self._in_front("messages"):
            self.query_one(TeamMessages).show(view, self._fresh)
        new = len(view.unread_messages())
        self.query_one(TabbedContent).get_tab("messages").label = (
            f"5 Messages ({new} new)" if new else "5 Messages"
        )
        if self.query_one(TabbedContent).active == "messages":
            self._read_messages(view)
        elif news and old is not None and new > len(old.unread_messages()):
            self.notify("A new message from the white cell: press 5 to read it", title="Message")

    def _read_messages(self, view: TeamView) -> None:
        """Opening the tab reads what is new: each read is an event (the white cell sees it)."""
        for m in view.unread_messages():
            if m.message_id not in self._reading:
                self._reading.add(m.message_id)
                self.execute(cmd.ReadMessage(m.message_id, self.gateway.role), "")

    @on(TeamMessages.Send)
    def _send_message(self, message: TeamMessages.Send) -> None:
        self.execute(
            cmd.SendMessage(self.gateway.role, WHITE_CELL, message.text, author=self.author),
            SENT,
        )

    def _show_history(self, view: TeamView) -> None:
        titles = {i.inject.id: i.inject for i in view.inbox}
        rows = []
        for d in sorted(view.decisions, key=lambda d: (-d.turn, d.decision_id)):
            inj = titles.get(d.inject_id) if d.inject_id else None
            status = (
                "withdrawn" if d.withdrawn else f"ruled ({d.ruling_id})" if d.ruling_id else "open"
            )
            cells = (Text(str(d.turn)), Text(short(inj.title if inj else "free action")))
            chosen = (Text(short(choice_text(inj, d), 44)), Text(percent_text(d.confidence)))
            rows.append(((*cells, *chosen, Text(status)), d.decision_id))
        refill(self.query_one("#history-table", DataTable), rows)
        self.query_one("#rulings-text", Static).update(ruling_content(view))
        self.query_one("#estimates-text", Static).update(estimates_content(view))

    # -- deciding -------------------------------------------------------------------------------
    @on(Select.Changed, "#decide-inject")
    async def _inject_changed(self, event: Select.Changed) -> None:
        inject = event.value if isinstance(event.value, str) and event.value != FREE else None
        open_ = self.view.open_decision(inject) if self.view is not None and inject else None
        if open_ is not None:  # an "(amend)" entry: start from what was sent, never from blank
            await self._load_for_amend(open_)
        else:
            await self._fill_options()

    async def _fill_options(self, chosen: str | None = None) -> None:
        if self.view is None:
            return
        inject = self.query_one("#decide-inject", Select).value
        key = (inject, chosen)
        if key == self._choice_key:
            return
        self._choice_key = key
        box = self.query_one("#decide-options", Vertical)
        await box.remove_children()
        buttons = []
        item = self._item(inject) if isinstance(inject, str) and inject != FREE else None
        if item is not None:
            for o in item.inject.options:  # only the options open to this team reach its view
                buttons.append(OptionButton(o.id, Text(o.label), value=o.id == chosen))
        await box.mount(RadioSet(*buttons, id="options"))
        if self._focus_options:
            self._focus_options = False
            # No options (a free action is next): the inject list, not a text box, which would
            # take the digit keys that switch tabs.
            target = self.query_one("#options" if buttons else "#decide-inject")
            target.focus()
            target.scroll_visible(top=True)

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        if self.view is not None:
            self._submit()

    @on(Button.Pressed, "#amend")
    def _amend_pressed(self) -> None:
        d = self._selected_open_decision()
        if d is not None:
            self.run_worker(self._load_for_amend(d))

    @on(Button.Pressed, "#withdraw")
    def _withdraw_pressed(self) -> None:
        d = self._selected_open_decision()
        if d is not None:
            question = "Withdraw this decision? You can decide again afterwards."
            self.app.push_screen(
                ConfirmDialog(question, yes="Withdraw"),
                lambda ok: self._withdraw(d) if ok else None,
            )

    def _selected_open_decision(self) -> Decision | None:
        """The open decision highlighted in the table (a toast if there is none)."""
        table = self.query_one("#open-table", DataTable)
        if self.view is None or not table.row_count:
            self.notify("You have no open decision.", severity="warning")
            return None
        did = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((d for d in self.view.decisions if d.decision_id == did), None)

    def _withdraw(self, d: Decision) -> None:
        self.execute(cmd.WithdrawDecision(d.role, d.inject_id, self.author), "Decision withdrawn")

    async def _load_for_amend(self, d) -> None:
        self.query_one("#decide-inject", Select).value = d.inject_id or FREE
        await self._fill_options(d.option_id)
        self.query_one("#decide-free", TextArea).text = d.text
        self.query_one("#decide-rationale", TextArea).text = d.rationale
        self.query_one("#decide-confidence", ChanceInput).show(d.confidence)
        self.notify(
            "Change the choice, rationale or chance, then press Submit to amend.", title="Amend"
        )

    def _submit(self) -> None:
        inject = self.query_one("#decide-inject", Select).value
        inject_id = inject if isinstance(inject, str) and inject != FREE else None
        if self.view is None:
            return
        pressed = self.query_one("#options", RadioSet).pressed_button
        option = getattr(pressed, "option_id", None)
        text = self.query_one("#decide-free", TextArea).text.strip()
        rationale = self.query_one("#decide-rationale", TextArea).text.strip()
        if option is None and not text:
            self.notify("Choose an option or write a free action.", severity="warning")
            return
        try:
            confidence = self.query_one("#decide-confidence", ChanceInput).chance()
        except ValueError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        existing = self.view.open_decision(inject_id)
        command = replace(
            decide_command(
                existing, self.gateway.role, inject_id, option, text, rationale, self.author
            ),
            confidence=confidence,
        )
        label = pressed.label if pressed else text
        item = self._item(inject_id) if inject_id else None
        on = f"“{item.inject.title}”" if item is not None else "a free action"
        question = (
            f"{'Amend' if existing else 'Submit'} your decision on {on}?\n\n{label}\n\n"
            f"Rationale: {rationale or '(none)'}\n"
            f"How likely to get what you want: {percent_text(confidence, 'not said')}"
        )

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._decided = True
                self.execute(command, "Decision amended" if existing else "Decision submitted")
                self.query_one("#decide-free", TextArea).text = ""
                self.query_one("#decide-rationale", TextArea).text = ""
                self.query_one("#decide-confidence", ChanceInput).show(-1)

        self.app.push_screen(
            ConfirmDialog(question, yes="Amend" if existing else "Submit"), confirmed
        )

    # -- misc -----------------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    # Focus follows the tab: a focused widget left in a hidden pane pulls its tab back to the front
    # (the briefing could not be opened once the inbox table had focus), and the briefing's
    # scroll takes PageDown, the arrows, Home and End.
    FOCUS_IN_TAB = {
        "briefing": "#briefing-scroll",
        "inbox": "#inbox-table",
        "decide": "#decide-inject",
        "history": "#history-table",
        "messages": "#messages-scroll",  # not the text box: the number keys still switch tabs
    }

    @on(TabbedContent.TabActivated)
    async def _focus_tab(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or ""
        if tab in LAZY_TABS and tab not in self._built:
            await self._build(event.pane, tab)
            if self.query_one(TabbedContent).active != tab:
                return  # another tab was chosen meanwhile: focus here would pull this one back
        elif tab in self._stale:
            self._fill(tab)
        target = self.FOCUS_IN_TAB.get(tab)
        if target:
            self.query_one(target).focus()
        if tab == "messages" and self.view is not None:
            self._fresh = frozenset(m.message_id for m in self.view.unread_messages())
            self.query_one(TeamMessages).show(self.view, self._fresh)
            self._read_messages(self.view)

    async def _build(self, pane: Widget, tab: str) -> None:
        """Mount a tab's widgets the first time it is opened, filled from the view as it is."""
        await pane.mount(tab_body(tab))
        self._built.add(tab)
        self._fill(tab)

    def _fill(self, tab: str) -> None:
        """Show the view as it stands in a tab opened now."""
        self._stale.discard(tab)
        if self.view is None:
            return
        if tab == "decide":
            self._show_decide(self.view)
        elif tab == "history":
            self._show_history(self.view)
        elif tab == "inbox":
            self.call_after_refresh(self._fit_inbox)  # laid out by then
        # (Messages are shown by the caller, which also reads them.)

    def action_help(self) -> None:
        keys = [(b.key, b.description) for b in self.BINDINGS if isinstance(b, Binding)]
        keys.append(("ctrl+q", "Quit (everything is saved)"))
        title = f"{self.view.role.name if self.view else 'Team'} console — keys"
        self.app.push_screen(HelpScreen(keys, title=title, guide=TEAM_GUIDE))
