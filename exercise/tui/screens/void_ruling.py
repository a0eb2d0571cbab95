"""Void a ruling: choose it, see what taking it back changes, and say why (the teams it reached
and the review are told). Voiding and ruling again (`a`) is how a ruling is amended."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Select, Static, TextArea

from exercise.engine import commands as cmd
from exercise.engine.corrections import compensation
from exercise.engine.state import State
from exercise.tui.screens.form import FormDialog


def _short(text: str, cells: int = 44) -> str:
    line = " ".join(text.split())
    return line if len(line) <= cells else line[: cells - 1] + "…"


def standing(state: State) -> list[tuple[str, str]]:
    """(id, label) of the rulings that stand, newest first."""
    return [
        (r.ruling_id, f"{r.ruling_id} · turn {r.turn} · {_short(r.narrative)}")
        for r in reversed(state.rulings)
        if not r.voided
    ]


def taken_back(state: State, ruling_id: str) -> Content:
    r = next(r for r in state.rulings if r.ruling_id == ruling_id)
    back = compensation(state, r)
    labels = {i.id: i.title for i in state.world.scenario.indicators}
    parts: list = [("Voiding it", "bold"), "\n"]
    for k, v in back.items():
        parts.append(f"  {labels.get(k, k)}: {state.indicators.get(k)} → {v}\n")
    if not back:
        parts.append("  moves no indicator (it moved none, or its bounds leave nothing to undo)\n")
    if r.flags_added or r.flags_removed:
        flags = [f"-{f}" for f in r.flags_added] + [f"+{f}" for f in r.flags_removed]
        parts.append(f"  flags: {', '.join(flags)}\n")
    if r.decision_ids:
        parts.append(f"  opens {len(r.decision_ids)} decision(s) again, to be ruled anew\n")
    parts.append(("Injects it triggered stay out.", "dim"))
    return Content.assemble(*parts)


class VoidRulingDialog(FormDialog[cmd.VoidRuling | None]):
    CSS_PATH = "observation.tcss"

    def __init__(self, state: State):
        super().__init__()
        self.state = state
        self.rulings = standing(state)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Void a ruling", classes="title")
            yield Select(
                [(Text(label), key) for key, label in self.rulings],
                allow_blank=False,
                id="ruling",
            )
            yield Static("", id="preview", markup=False)
            yield Label("Why is it void? (the teams it reached and the review read this)")
            yield TextArea(id="text")
            yield from self.form_buttons("Void it", "error")

    def on_mount(self) -> None:
        self._preview()
        self.query_one("#text", TextArea).focus()

    @on(Select.Changed, "#ruling")
    def _preview(self) -> None:
        chosen = self.query_one("#ruling", Select).value
        if isinstance(chosen, str):
            self.query_one("#preview", Static).update(taken_back(self.state, chosen))

    def action_save(self) -> None:
        reason = self.query_one("#text", TextArea).text.strip()
        if not reason:
            self.error("Say why the ruling is void.")
            return
        self.dismiss(cmd.VoidRuling(str(self.query_one("#ruling", Select).value), reason))
