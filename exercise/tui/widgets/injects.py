"""The inject board: released, scheduled, triggered-and-waiting and deck injects, with a preview."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from exercise.content.model import Inject
from exercise.content.text import reflow
from exercise.engine.state import State
from exercise.tui.widgets.tables import refill


def audience_text(inj: Inject) -> str:
    return "all teams" if inj.visibility == "public" else "private: " + ", ".join(inj.audience)


def board_rows(state: State) -> list[tuple[str, str, str, str, str]]:
    """(status, inject id, title, turn, audience) for every inject of the scenario."""
    sc = state.world.scenario
    rows = []
    by_id = {r.inject_id: r for r in state.releases}
    scheduled = {i: t for t, ids in sc.schedule for i in ids}
    in_deck = {i: d.id for d in sc.decks for i in d.injects}
    for inj_id in sc.all_inject_ids():
        inj = state.world.injects[inj_id]
        rel = by_id.get(inj_id)
        if rel is not None:
            status, turn = f"released ({rel.how})", str(rel.turn)
        elif inj_id in scheduled:
            status, turn = "scheduled", str(scheduled[inj_id])
        elif inj_id in sc.triggered:
            status, turn = "waiting for trigger", "—"
        elif inj_id in in_deck:
            status, turn = f"in deck {in_deck[inj_id]}", "—"
        else:
            status, turn = "manual", "—"
        rows.append((status, inj_id, inj.title, turn, audience_text(inj)))
    order = {"released": 0, "scheduled": 1, "waiting": 2, "in": 3, "manual": 4}
    return sorted(rows, key=lambda r: (order.get(r[0].split()[0], 9), -int(r[3]) if r[3].isdigit() and r[0].startswith("rel") else int(r[3]) if r[3].isdigit() else 0))


def trigger_text(inj: Inject) -> str:
    if inj.trigger is None:
        return ""
    parts = []
    for c in inj.trigger.when:
        if c.indicator:
            parts.append(f"{c.indicator} {c.op} {c.value}")
        elif c.decision:
            parts.append(f"decision {c.decision}" + (f" by {c.role}" if c.role else ""))
        elif c.flag:
            parts.append(f"flag {c.flag}")
        elif c.not_flag:
            parts.append(f"not flag {c.not_flag}")
    joiner = " or " if inj.trigger.mode == "any" else " and "
    window = ""
    if inj.trigger.from_turn or inj.trigger.until_turn:
        window = f" (turns {inj.trigger.from_turn or 1}–{inj.trigger.until_turn or '…'})"
    return joiner.join(parts) + window


def inject_content(inj: Inject, *, facilitator: bool) -> Content:
    """The inject as a reader sees it. Every string from YAML is plain text, never markup."""
    head = ("bold",)
    parts: list = [(inj.title, "bold underline"), "\n",
                   (f"{inj.date} · from {inj.sender} · {inj.medium} · {audience_text(inj)}", "italic"), "\n\n",
                   reflow(inj.body), "\n"]
    if inj.counterfactual:
        parts += ["\n", ("Counterfactual: departs from the historical record.", "bold $warning"), "\n"]
    if inj.questions:
        parts += ["\n", ("Questions", *head), "\n"] + [f"  • {q}\n" for q in inj.questions]
    if inj.options:
        parts += ["\n", ("Options", *head), "\n"]
        for o in inj.options:
            parts.append(f"  [{o.id}] {o.label}")
            if facilitator and o.effects:
                parts.append(("  (" + ", ".join(f"{k} {v:+d}" for k, v in o.effects) + ")", "dim"))
            if o.roles:
                parts.append((f"  only for {', '.join(o.roles)}", "dim"))
            parts.append("\n")
    parts += ["\n", ("Sources", *head), "\n"]
    for c in inj.sources:
        parts.append(f"  {c.key}: “{c.quote}”\n")
    if facilitator:
        if inj.trigger:
            parts += ["\n", ("Trigger", *head), "\n", f"  {trigger_text(inj)}\n"]
        if inj.history:
            parts += ["\n", ("Historical note (facilitator only)", *head), "\n", reflow(inj.history.text), "\n"]
            for c in inj.history.sources:
                parts.append((f"  {c.key}: “{c.quote}”\n", "dim"))
        if inj.expected:
            parts += ["\n", ("Expected player actions", *head), "\n"]
            for e in inj.expected:
                parts.append(f"  {e.role}: {e.text}" + (f" ({e.objective})" if e.objective else "") + "\n")
        if inj.facilitator_notes:
            parts += ["\n", ("Facilitator notes", *head), "\n", reflow(inj.facilitator_notes), "\n"]
    return Content.assemble(*parts)


class InjectTable(DataTable):
    DEFAULT_CSS = "InjectTable { height: 1fr; }"

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_columns("Status", "Turn", "Title", "Audience")

    def show(self, state: State) -> None:
        def style(status: str) -> str:
            return "bold" if status.startswith("released") else "dim" if status == "manual" else ""

        refill(self, (((Text(status, style=style(status)), Text(turn), Text(title), Text(audience)), inj_id)
                      for status, inj_id, title, turn, audience in board_rows(state)))


class InjectPreview(VerticalScroll):
    DEFAULT_CSS = "InjectPreview { height: 1fr; border: round $primary 50%; padding: 0 1; }"

    def compose(self):
        yield Static("Select an inject to preview it.", markup=False, id="preview-text")

    def show(self, inj: Inject | None, *, facilitator: bool = True) -> None:
        text = self.query_one("#preview-text", Static)
        if inj is None:
            text.update("Select an inject to preview it.")
            return
        text.update(inject_content(inj, facilitator=facilitator))
        self.scroll_home(animate=False)
