"""The white cell's ruling: this turn's decisions, option effects pre-filled and editable,
method rules / matrix / free. A matrix ruling states pros and cons, shows the odds, and the
engine rolls the session's seeded dice when the ruling is recorded."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
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
from exercise.engine.rules import matrix_odds, next_roll
from exercise.engine.state import State
from exercise.engine.view import choice_text
from exercise.session.narrate import team_name
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.form import FormDialog
from exercise.tui.widgets.check_list import CheckList
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


class AdjudicateDialog(FormDialog[cmd.Adjudicate | None]):
    CSS_PATH = "adjudicate.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, state: State):
        super().__init__()
        self.state = state
        self.open = [d for d in state.decisions.values() if d.open]
        self.draft = ""  # the narrative offered for the decisions chosen (see _prefill)
        self.add_class("-not-matrix")
        self.rolled: tuple[int, int] | None = None  # (RNG draw, modifier) of the roll shown

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
                    *[(Text(decision_label(s, d)), d.decision_id, True) for d in self.open],
                    id="decisions",
                )
                yield Label("Method")
                with RadioSet(id="method"):
                    for m in ADJUDICATION_METHODS:
                        yield ChoiceButton(m, value=m == "rules", id=f"method-{m}")
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
                        yield Button("Roll the dice", id="roll", compact=True)
                        yield Static("Roll first, then write what the dice said.", id="rolled")
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
        self.query_one("#preview", Static).update(
            f"What {who} will read:\n{self._narrative() or '(nothing yet)'}"
        )

    def action_cancel(self) -> None:
        typed = (
            any(
                self.query_one(f"#{i}", TextArea).text.strip()
                for i in ("narrative", "pros", "cons")
            )
            or self.query_one("#reason", Input).value.strip()
        )
        if not typed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Discard this ruling? What you wrote is lost.", yes="Discard"), answered
        )

    @on(SelectionList.SelectedChanged, "#decisions")
    def _decisions_changed(self) -> None:
        self._prefill()

    @on(RadioSet.Changed, "#method")
    def _method_changed(self, event: RadioSet.Changed) -> None:
        self.set_class(self.method() != "matrix", "-not-matrix")
        self._update_odds()

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
        self.query_one("#rolled", Static).update(
            Content.assemble(
                (f"2d6 {a}+{b} {modifier:+d} = {total} vs {target}: ", "bold"),
                (verdict, "bold $accent"),
            )
        )
        self.query_one("#narrative", TextArea).focus()

    def action_save(self) -> None:
        s = self.state
        if self.method() == "matrix":
            pros = lines(self.query_one("#pros", TextArea).text)
            cons = lines(self.query_one("#cons", TextArea).text)
            if self.rolled is None:
                self.error("Roll the dice first: the narrative tells what they said.")
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
        if method == "matrix":
            ruling = replace(
                ruling,
                pros=lines(self.query_one("#pros", TextArea).text),
                cons=lines(self.query_one("#cons", TextArea).text),
                target=self._int("#target", MATRIX_TARGET),
                fail_deltas=tuple(
                    (i.id, self._int(f"#fail-{i.id}")) for i in inds if self._int(f"#fail-{i.id}")
                ),
                rolled_draw=self.rolled[0] if self.rolled else -1,
            )
        self.dismiss(ruling)
