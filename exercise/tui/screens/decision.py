"""Record a decision on behalf of a team (single-room play), or amend it before adjudication."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, RadioButton, RadioSet, Select, Static, TextArea

from exercise.engine import commands as cmd
from exercise.engine.state import State, decision_id
from exercise.tui.screens.form import FormDialog

FREE = "__free__"


def open_choices(state: State, role: str) -> list[str]:
    """Injects released so far on which `role` is asked to decide and has no adjudicated decision."""
    out = []
    for rel in state.releases:
        inj = state.world.injects[rel.inject_id]
        if role in inj.deciders_in(state.world.played):
            d = state.decisions.get(decision_id(state.turn, role, inj.id))
            if d is None or d.withdrawn or not d.ruling_id:
                out.append(inj.id)
    return out


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
                yield Select([(Text(w.roles[r].name if r in w.roles else r), r) for r in w.played],
                             allow_blank=False, value=self.role, id="role")
                yield Label("On which inject")
                items = self._inject_items(self.role)
                yield Select(items, allow_blank=False, value=items[0][1], id="inject")
                yield Label("Option")
                self._shown = (self.role, items[0][1])
                with Vertical(id="options-box"):
                    yield RadioSet(*self._option_buttons(self.role, items[0][1]), id="options")
                yield Label("…or a free action (used when no option is chosen)")
                yield TextArea(id="free")
                yield Label("Rationale")
                yield TextArea(id="rationale")
                yield Label("Recorded by")
                yield Input(value="facilitator", id="author")
            yield from self.form_buttons("Record", "primary")

    def on_mount(self) -> None:
        self.query_one("#form").can_focus = False
        self._fill_texts()
        self.query_one("#options", RadioSet).focus()

    def _option_buttons(self, role: str, inject: str) -> list[RadioButton]:
        if inject == FREE:
            return []
        current = self.state.decisions.get(decision_id(self.state.turn, role, inject))
        buttons = []
        for o in self.state.world.injects[inject].options:
            if o.allowed_for(role):
                button = RadioButton(Text(o.label), value=bool(current and current.open and current.option_id == o.id))
                button.option_id = o.id
                buttons.append(button)
        return buttons

    def _fill_texts(self) -> None:
        role = self.query_one("#role", Select).value
        inject = self.query_one("#inject", Select).value
        current = self.state.decisions.get(decision_id(self.state.turn, role, None if inject == FREE else inject))
        self.query_one("#rationale", TextArea).text = current.rationale if current and current.open else ""
        self.query_one("#free", TextArea).text = current.text if current and current.open else ""

    def _inject_items(self, role: str) -> list[tuple[Text, str]]:
        w = self.state.world
        items = [(Text(w.injects[i].title), i) for i in open_choices(self.state, role)]
        return items + [(Text("A free action (not tied to an inject)"), FREE)]

    async def _fill_injects(self) -> None:
        items = self._inject_items(self.query_one("#role", Select).value)
        select = self.query_one("#inject", Select)
        select.set_options(items)
        select.value = items[0][1]
        await self._fill_options()

    async def _fill_options(self) -> None:
        async with self._filling:  # one rebuild at a time: ids must stay unique
            await self._rebuild_options()

    async def _rebuild_options(self) -> None:
        role = self.query_one("#role", Select).value
        inject = self.query_one("#inject", Select).value
        if (role, inject) == self._shown:
            return
        self._shown = (role, inject)
        box = self.query_one("#options-box", Vertical)
        await box.remove_children()
        await box.mount(RadioSet(*self._option_buttons(role, inject if isinstance(inject, str) else FREE), id="options"))
        self._fill_texts()

    async def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "role":
            await self._fill_injects()
        elif event.select.id == "inject":
            await self._fill_options()


    def action_save(self) -> None:
        role = self.query_one("#role", Select).value
        inject = self.query_one("#inject", Select).value
        inject_id = None if inject == FREE else inject
        pressed = self.query_one("#options", RadioSet).pressed_button
        option = getattr(pressed, "option_id", None)
        text = self.query_one("#free", TextArea).text.strip()
        rationale = self.query_one("#rationale", TextArea).text.strip()
        author = self.query_one("#author", Input).value.strip() or "facilitator"
        if option is None and not text:
            self.error("Choose an option or write a free action.")
            return
        current = self.state.decisions.get(decision_id(self.state.turn, role, inject_id))
        kind = cmd.AmendDecision if current is not None and current.open else cmd.SubmitDecision
        self.dismiss(kind(role, inject_id, option, text if option is None else "", rationale, author))

