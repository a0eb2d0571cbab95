"""Record a decision on behalf of a team (single-room play), or amend it before adjudication."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, RadioSet, Select, Static, TextArea

from exercise.engine import commands as cmd
from exercise.engine.queries import decidable, decide_command, open_decision
from exercise.engine.rules import available
from exercise.engine.state import State, decision_id
from exercise.tui.screens.form import FormDialog
from exercise.tui.widgets.chance import NONE, ChanceInput
from exercise.tui.widgets.option_button import OptionButton

FREE = "__free__"


class DecisionDialog(FormDialog[cmd.SubmitDecision | cmd.AmendDecision | None]):
    CSS_PATH = "decision.tcss"

    def __init__(self, state: State, role: str = ""):
        super().__init__()
        self.state = state
        self.role = role if role in state.world.played else state.world.played[0]
        self._filling = asyncio.Lock()

    def compose(self) -> ComposeResult:
        w = self.state.world
        with Vertical():
            yield Static("Record a decision for a team", classes="title")
            with VerticalScroll(id="form"):
                yield Label("Team")
                yield Select(
                    [(Text(w.roles[r].name if r in w.roles else r), r) for r in w.played],
                    allow_blank=False,
                    value=self.role,
                    id="role",
                )
                yield Label("On which inject")
                items = self._inject_items(self.role)
                first = self._first_undecided(self.role, items)
                yield Select(items, allow_blank=False, value=first, id="inject")
                yield Label("Option")
                self._shown = (self.role, first)
                with Vertical(id="options-box"):
                    yield RadioSet(*self._option_buttons(self.role, first), id="options")
                yield Label("…or a free action (used when no option is chosen)")
                yield TextArea(id="free")
                yield Label("Rationale")
                yield TextArea(id="rationale")
                yield Label(
                    "How likely does the team think this gets it what it wants this turn? "
                    "(0–100%; empty: none said)"
                )
                yield ChanceInput(id="confidence")
                yield Label("Recorded by")
                yield Input(value="facilitator", id="author")
            yield from self.form_buttons("Record", "primary")

    def on_mount(self) -> None:
        self.query_one("#form").can_focus = False
        self._fill_texts()
        self.query_one("#options", RadioSet).focus()

    def _option_buttons(self, role: str, inject: str) -> list[OptionButton]:
        if inject == FREE:
            return []
        current = self.state.decisions.get(decision_id(self.state.turn, role, inject))
        buttons = []
        for o in self.state.world.injects[inject].options:
            if o.allowed_for(role) and available(self.state, o):
                chosen = bool(current and current.open and current.option_id == o.id)
                buttons.append(OptionButton(o.id, Text(o.label), value=chosen))
        return buttons

    def _fill_texts(self) -> None:
        role, inject = self._chosen("#role"), self._chosen("#inject")
        current = self.state.decisions.get(
            decision_id(self.state.turn, role, None if inject in (FREE, "") else inject)
        )
        self.query_one("#rationale", TextArea).text = (
            current.rationale if current and current.open else ""
        )
        self.query_one("#free", TextArea).text = current.text if current and current.open else ""
        self.query_one("#confidence", ChanceInput).show(
            current.confidence if current and current.open else NONE
        )

    def _inject_items(self, role: str) -> list[tuple[Text, str]]:
        w = self.state.world
        items = [(Text(w.injects[i].title), i) for i in decidable(self.state, role)]
        return items + [(Text("A free action (not tied to an inject)"), FREE)]

    def _first_undecided(self, role: str, items: list[tuple[Text, str]]) -> str:
        """The first inject the team has no open decision on yet: the one the white cell is most
        likely recording next (the first, when every one is decided)."""
        for _, inject in items:
            current = self.state.decisions.get(decision_id(self.state.turn, role, inject))
            if inject != FREE and not (current and current.open):
                return inject
        return items[0][1]

    @on(Select.Changed, "#role")
    async def _fill_injects(self) -> None:
        role = self._chosen("#role")
        items = self._inject_items(role)
        select = self.query_one("#inject", Select)
        select.set_options(items)
        select.value = self._first_undecided(role, items)
        await self._fill_options()

    @on(Select.Changed, "#inject")
    async def _fill_options(self) -> None:
        async with self._filling:  # one rebuild at a time: ids must stay unique
            await self._rebuild_options()

    async def _rebuild_options(self) -> None:
        role, inject = self._chosen("#role"), self._chosen("#inject")
        if (role, inject) == self._shown:
            return
        self._shown = (role, inject)
        box = self.query_one("#options-box", Vertical)
        await box.remove_children()
        await box.mount(
            RadioSet(
                *self._option_buttons(role, inject or FREE),
                id="options",
            )
        )
        self._fill_texts()

    def _chosen(self, select: str) -> str:
        """The value of a Select, or "" while it has none."""
        value = self.query_one(select, Select).value
        return value if isinstance(value, str) else ""

    def action_save(self) -> None:
        role, inject = self._chosen("#role"), self._chosen("#inject")
        inject_id = None if inject in (FREE, "") else inject
        pressed = self.query_one("#options", RadioSet).pressed_button
        option = getattr(pressed, "option_id", None)
        text = self.query_one("#free", TextArea).text.strip()
        rationale = self.query_one("#rationale", TextArea).text.strip()
        author = self.query_one("#author", Input).value.strip() or "facilitator"
        if option is None and not text:
            self.error("Choose an option or write a free action.")
            return
        try:
            confidence = self.query_one("#confidence", ChanceInput).chance()
        except ValueError as exc:
            self.error(str(exc))
            return
        current = open_decision(self.state, role, inject_id)
        command = decide_command(current, role, inject_id, option, text, rationale, author)
        self.dismiss(replace(command, confidence=confidence))
