"""The white cell's ruling: this turn's decisions, option effects pre-filled and editable,
method rules / matrix / estimative / free. A matrix ruling states pros and cons and shows the
odds; an estimative one asks the teams for their estimates (ctrl+t closes the dialog with the
request) and shows them as they come, with their mean as the odds unless the white cell sets its
own; a team played in the room, which has no console to answer from, has its estimate entered
by the white cell (ctrl+o: the dialog stays open, and the console saves it). Either rolls first:
the dice shown are the session's next seeded draw, which the engine records with the ruling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from exercise.engine import commands as cmd
from exercise.engine.constants import ADJUDICATION_METHODS, MATRIX_TARGET
from exercise.engine.decide import option_effects, public_summary
from exercise.engine.judgement import open_request, roll_text, room_played
from exercise.engine.rules import matrix_odds, next_roll
from exercise.engine.state import EstimateRequest, State
from exercise.engine.view import choice_text
from exercise.session.narrate import team_name
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.form import FormDialog
from exercise.tui.widgets.check_list import CheckList
from exercise.tui.widgets.estimative import EstimativePanel
from exercise.tui.widgets.option_button import ChoiceButton


def decision_label(state: State, d) -> str:
    if d.inject_id:
        inj = state.world.injects[d.inject_id]
        head = f"{team_name(d.role)} · {inj.title}: {choice_text(inj, d)}"
        opt = inj.option(d.option_id) if d.option_id else None
        if opt is not None and opt.covert is not None:  # the narrative must not give it away
            head += f" [covert: hidden from {', '.join(opt.covert.hidden_from)}]"
    else:
        head = f"{team_name(d.role)} · free action: {d.text}"
    return head + (f" — “{d.rationale}”" if d.rationale else "")


def lines(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.splitlines() if x.strip())


def asked_now(state: State, open_ids: set[str]) -> EstimateRequest | None:
    """The newest request for estimates not yet ruled on whose decisions are all still open:
    the ruling the white cell most likely comes to make."""
    return next(
        (
            r
            for r in reversed(state.estimates)
            if not r.ruling_id and set(r.decision_ids) <= open_ids
        ),
        None,
    )


class AdjudicateDialog(FormDialog[cmd.Adjudicate | cmd.AskEstimates | None]):
    CSS_PATH = "adjudicate.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding(
            "ctrl+t", "ask_estimates", "Ask the teams for their estimates", id="adjudicate.ask"
        ),
        Binding("ctrl+r", "roll", "Roll the dice (matrix or estimative)", id="adjudicate.roll"),
        Binding(
            "ctrl+o",
            "enter_estimate",
            "Enter the estimate of a team played in the room",
            id="adjudicate.enter",
        ),
    ]
    FOLLOW_SECONDS = 0.5  # estimates come in while the dialog is open

    def __init__(
        self,
        state: State,
        latest: Callable[[], State | None] | None = None,
        execute: Callable[[cmd.EnterEstimate], object] | None = None,
    ):
        """`latest`: the session as the console now holds it, so that the teams' estimates
        show as they come in; `execute`: the console's, which saves an estimate the white cell
        enters while this dialog stays open (none: entering is not offered)."""
        super().__init__()
        self.state = state
        self.latest = latest
        self.execute = execute
        self.open = [d for d in state.decisions.values() if d.open]
        self.asked = asked_now(state, {d.decision_id for d in self.open})
        self.draft = ""  # the narrative offered for the decisions chosen (see _prefill)
        self.add_class("-not-matrix")
        self.rolled: tuple[int, int] | None = None  # (RNG draw, modifier) of the roll shown
        self.dice: dict | None = None  # that roll, as a ruling records it (for the preview)

    def compose(self) -> ComposeResult:
        s = self.state
        inds = s.world.scenario.indicators
        with Vertical():
            yield Static(
                f"Adjudicate — turn {s.turn}: {len(self.open)} open decision(s)", classes="title"
            )
            with VerticalScroll(id="form"):
                yield Label("Decisions covered by this ruling")
                yield CheckList(
                    *[
                        (Text(decision_label(s, d)), d.decision_id, self._ticked(d.decision_id))
                        for d in self.open
                    ],
                    id="decisions",
                )
                yield Label("Method")
                first = "estimative" if self.asked else "rules"
                with RadioSet(id="method"):
                    for m in ADJUDICATION_METHODS:
                        yield ChoiceButton(m, value=m == first, id=f"method-{m}")
                yield Label("Indicator changes (pre-filled from the options chosen; edit freely)")
                with Grid(id="deltas"):
                    for ind in inds:
                        with Vertical(classes="delta"):
                            yield Label(Text(f"{ind.title} ({s.indicators[ind.id]}/{ind.max})"))
                            yield Input("0", type="integer", id=f"delta-{ind.id}")
                with Vertical(id="matrix"):
                    yield Label("Arguments for success (one per line)")
                    yield TextArea(id="pros")
                    yield Label("Arguments against (one per line)")
                    yield TextArea(id="cons")
                    with Horizontal(classes="delta"):
                        yield Label("Needs 2d6 + modifier ≥ ")
                        yield Input(str(MATRIX_TARGET), type="integer", id="target")
                    yield Static("", id="odds", markup=False)
                    with Horizontal(classes="narrative-head"):
                        yield Button("Roll the dice (ctrl+r)", id="roll", compact=True)
                        yield Static("Roll first, then write what the dice said.", id="rolled")
                yield EstimativePanel(id="estimative")
                with Vertical(id="if-fails"):
                    yield Label("Indicator changes if the roll fails")
                    with Grid(id="fail-deltas"):
                        for ind in inds:
                            with Vertical(classes="delta"):
                                yield Label(Text(ind.title))
                                yield Input("0", type="integer", id=f"fail-{ind.id}")
                with Horizontal(classes="narrative-head"):
                    yield Label("Narrative (what happens, told to the teams)")
                    yield Button("Use the draft", id="use-draft", compact=True)
                yield TextArea(id="narrative")
                yield Label("Reason (for the log and the review)")
                yield Input(id="reason")
                yield Label("Private to (leave empty for a public ruling)")
                yield CheckList(*[(Text(r), r) for r in s.world.played], id="audience")
                yield Static("", id="preview", markup=False)
            yield from self.form_buttons("Record ruling", "success")

    def on_mount(self) -> None:
        self._prefill()
        self._update_odds()
        self._method_changed()
        if self.latest is not None:
            self.set_interval(self.FOLLOW_SECONDS, self._follow)

    def _ticked(self, decision_id: str) -> bool:
        """Ticked at the start: the decisions the teams were asked about, else every one."""
        return decision_id in self.asked.decision_ids if self.asked else True

    def _follow(self) -> None:
        """The teams' estimates as they now stand (the console keeps reading the log)."""
        latest = self.latest() if self.latest is not None else None
        if latest is None or latest is self.state or latest.seq <= self.state.seq:
            return
        self.state = latest
        self._show_estimates()

    def _show_estimates(self) -> None:
        self.query_one(EstimativePanel).show(self.state, tuple(self._selected()))

    def _selected(self) -> list[str]:
        return list(self.query_one("#decisions", SelectionList).selected)

    def _prefill(self) -> None:
        deltas, _, _ = option_effects(self.state, self._selected())
        for ind in self.state.world.scenario.indicators:
            self.query_one(f"#delta-{ind.id}", Input).value = str(deltas.get(ind.id, 0))
        # A draft that names only public choices: a public ruling must not leak private ones. It
        # is offered, not written in: the white cell's own words are the ruling.
        self.draft = public_summary(self.state, self._selected())
        # Content, not str: a placeholder string is read as markup, and titles come from YAML.
        self.query_one("#narrative", TextArea).placeholder = Content(self.draft)
        self._show_estimates()
        self._show_preview()

    @on(Button.Pressed, "#use-draft")
    def _use_draft(self) -> None:
        area = self.query_one("#narrative", TextArea)
        area.text = self.draft
        area.move_cursor(area.document.end)
        area.focus()

    def _narrative(self) -> str:
        """What the teams will be told: the narrative written, else the draft offered."""
        return self.query_one("#narrative", TextArea).text.strip() or self.draft

    @on(TextArea.Changed, "#narrative")
    @on(SelectionList.SelectedChanged, "#audience")
    def _show_preview(self) -> None:
        audience = list(self.query_one("#audience", SelectionList).selected)
        who = f"only {', '.join(audience)}" if audience else "every team"
        told = [f"What {who} will read:", self._narrative() or "(nothing yet)"]
        method = self.method()
        dice = self.dice if method == "matrix" else self.query_one(EstimativePanel).dice
        if method in ("matrix", "estimative"):
            told.append(f"  {roll_text(dice)}" if dice else "  (the roll, once rolled)")
        if method == "estimative":
            told.append("Then each team sees the other teams' estimates and the odds.")
        self.query_one("#preview", Static).update("\n".join(told))

    def action_cancel(self) -> None:
        self._leave(None, "Discard this ruling? What you wrote is lost.", yes="Discard")

    def _leave(self, result: cmd.AskEstimates | None, question: str, yes: str) -> None:
        """Close with `result`, after asking first if a ruling was being written."""
        typed = (
            any(
                self.query_one(f"#{i}", TextArea).text.strip()
                for i in ("narrative", "pros", "cons")
            )
            or self.query_one("#reason", Input).value.strip()
        )
        if not typed:
            self.dismiss(result)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(result)

        self.app.push_screen(ConfirmDialog(question, yes=yes), answered)

    @on(SelectionList.SelectedChanged, "#decisions")
    def _decisions_changed(self) -> None:
        self._prefill()

    @on(RadioSet.Changed, "#method")
    def _method_changed(self) -> None:
        method = self.method()
        self.set_class(method != "matrix", "-not-matrix")
        self.set_class(method != "estimative", "-not-estimative")
        self.set_class(method not in ("matrix", "estimative"), "-no-roll")
        self._update_odds()
        self._show_preview()

    @on(TextArea.Changed, "#pros")
    @on(TextArea.Changed, "#cons")
    @on(Input.Changed, "#target")
    def _update_odds(self) -> None:
        pros = lines(self.query_one("#pros", TextArea).text)
        cons = lines(self.query_one("#cons", TextArea).text)
        target = self._int("#target", MATRIX_TARGET)
        modifier = len(pros) - len(cons)
        self.query_one("#odds", Static).update(
            f"2d6 {modifier:+d} ≥ {target}: {matrix_odds(modifier, target) * 100:.0f}% "
            f"chance of success ({len(pros)} for, {len(cons)} against)"
        )

    def method(self) -> str:
        pressed = self.query_one("#method", RadioSet).pressed_button
        return pressed.id.removeprefix("method-") if pressed and pressed.id else "rules"

    def _int(self, selector: str, default: int = 0) -> int:
        try:
            return int(self.query_one(selector, Input).value or default)
        except ValueError:
            return default

    @on(Button.Pressed, "#roll")
    def _roll(self) -> None:
        """The dice the engine will record, shown before the narrative is written."""
        a, b = next_roll(self.state)
        pros = lines(self.query_one("#pros", TextArea).text)
        cons = lines(self.query_one("#cons", TextArea).text)
        modifier, target = len(pros) - len(cons), self._int("#target", MATRIX_TARGET)
        total = a + b + modifier
        verdict = (
            "SUCCESS: the changes above apply"
            if total >= target
            else ("FAILURE: the changes if it fails apply")
        )
        self.rolled = (self.state.rng_draws, modifier)
        self.dice = {
            "dice": (a, b),
            "modifier": modifier,
            "total": total,
            "target": target,
            "success": total >= target,
        }
        self._show_preview()
        self.query_one("#rolled", Static).update(
            Content.assemble(
                (f"2d6 {a}+{b} {modifier:+d} = {total} vs {target}: ", "bold"),
                (verdict, "bold $accent"),
            )
        )
        self.query_one("#narrative", TextArea).focus()

    def action_roll(self) -> None:
        """The method's own roll from the keyboard: its button may be a screen away."""
        method = self.method()
        if method == "matrix":
            self._roll()
        elif method == "estimative":
            self._roll_d100()
        else:
            self.error("Only a matrix or an estimative ruling rolls dice: choose one first.")

    @on(Button.Pressed, "#roll-d100")
    def _roll_d100(self) -> None:
        # Focus stays on the button: at 80x24 the narrative box is a screen away, and the verdict
        # must be read before the narrative is written.
        self.error(self.query_one(EstimativePanel).roll())
        self._show_preview()

    @on(Button.Pressed, "#ask-estimates")
    def action_ask_estimates(self) -> None:
        """Ask every team the chance it gives the decisions ticked: the dialog closes with the
        request; opened again, it shows the estimates as they come."""
        selected = tuple(self._selected())
        if not selected:
            self.error("Tick the decisions to ask the teams about.")
            return
        asked = open_request(self.state, selected)
        if asked is not None:
            self.error(f"The teams are already asked about these decisions ({asked.request_id}).")
            return
        self._leave(
            cmd.AskEstimates(selected),
            "Ask the teams now? The dialog closes, and what you wrote is lost.",
            yes="Ask the teams",
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Entering a team's estimate only in a session with a team played in the room."""
        if action == "enter_estimate":
            return self.execute is not None and bool(room_played(self.state))
        return True

    @on(Button.Pressed, "#enter-estimate")
    def action_enter_estimate(self) -> None:
        """Enter the estimate of a team played in the room on the request shown; the dialog stays
        open and shows it with the others once the console has saved it."""
        from exercise.tui.screens.estimate_for import EstimateForDialog

        panel = self.query_one(EstimativePanel)
        request, roles, execute = panel.request(), panel.room_teams(), self.execute
        if self.method() != "estimative":
            self.error("Estimates are for an estimative ruling: choose that method first.")
            return
        if request is None:
            self.error("Ask the teams first (ctrl+t): no request covers the decisions ticked.")
            return
        if not roles or execute is None:
            self.error("No estimate can be entered on this request now.")
            return

        def entered(command: cmd.EnterEstimate | None) -> None:
            if command is not None:
                execute(command)

        self.error("")
        self.app.push_screen(EstimateForDialog(self.state, request, roles, self.latest), entered)

    def action_save(self) -> None:
        s = self.state
        if self.method() == "estimative":
            problem = self.query_one(EstimativePanel).problem()
            if problem:
                self.error(problem)
                return
        if self.method() == "matrix":
            pros = lines(self.query_one("#pros", TextArea).text)
            cons = lines(self.query_one("#cons", TextArea).text)
            if self.rolled is None:
                self.error("Roll the dice first (ctrl+r): the narrative tells what they said.")
                return
            if self.rolled[1] != len(pros) - len(cons):
                self.error("The arguments changed since the roll: roll again.")
                return
        narrative = self._narrative()
        if not narrative:
            self.error("Write the narrative of the ruling.")
            return
        inds = s.world.scenario.indicators
        deltas = tuple(
            (i.id, self._int(f"#delta-{i.id}")) for i in inds if self._int(f"#delta-{i.id}")
        )
        method = self.method()
        selected = self._selected()
        _, sets, clears = option_effects(s, selected)
        ruling = cmd.Adjudicate(
            tuple(selected),
            narrative,
            deltas,
            tuple(sets),
            tuple(clears),
            method=method,
            reason=self.query_one("#reason", Input).value.strip(),
            audience=tuple(self.query_one("#audience", SelectionList).selected),
        )
        fail_deltas = tuple(
            (i.id, self._int(f"#fail-{i.id}")) for i in inds if self._int(f"#fail-{i.id}")
        )
        if method == "matrix":
            ruling = replace(
                ruling,
                pros=lines(self.query_one("#pros", TextArea).text),
                cons=lines(self.query_one("#cons", TextArea).text),
                target=self._int("#target", MATRIX_TARGET),
                fail_deltas=fail_deltas,
                rolled_draw=self.rolled[0] if self.rolled else -1,
            )
        elif method == "estimative":
            # problem() above has made sure there is a roll; (-1, -1) would let the engine refuse.
            draw, odds = self.query_one(EstimativePanel).rolled or (-1, -1)
            # The odds the room was told, not the mean recomputed when the ruling is recorded.
            ruling = replace(ruling, fail_deltas=fail_deltas, rolled_draw=draw, odds=odds)
        self.dismiss(ruling)
