"""The inject board: released, scheduled, triggered-and-waiting and deck injects, with a preview."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from exercise.content.model import Inject, Option
from exercise.content.text import reflow
from exercise.engine.queries import inject_status
from exercise.engine.state import State
from exercise.session.team_view import TeamInject
from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.tables import refill


def audience_text(inj: Inject | TeamInject) -> str:
    return "all teams" if inj.visibility == "public" else "private: " + ", ".join(inj.audience)


def board_rows(state: State) -> list[tuple[str, str, str, str, str]]:
    """(status, inject id, title, turn, audience) for every inject of the scenario: what is out
    first (newest first), then what is scheduled (soonest first), waiting, in a deck, manual."""
    rank = {"released": 0, "scheduled": 1, "waiting for trigger": 2, "in deck": 3, "manual": 4}
    rows = []
    for inj_id, inj in state.world.injects.items():  # the scenario's, and discovery injects
        st = inject_status(state, inj_id)
        turn = st.turn or 0
        key = (rank[st.state], -turn if st.state == "released" else turn)
        rows.append(
            (
                key,
                (
                    st.label(),
                    inj_id,
                    inj.title,
                    str(st.turn) if st.turn else "—",
                    audience_text(inj),
                ),
            )
        )
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


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


def _reader_parts(inj: Inject | TeamInject, effects: bool) -> list:
    head = ("bold",)
    parts: list = [
        (inj.title, "bold underline"),
        "\n",
        (f"{inj.date} · from {inj.sender} · {inj.medium} · {audience_text(inj)}", "italic"),
        "\n\n",
        reflow(inj.body),
        "\n",
    ]
    written = inj.written_by if isinstance(inj, Inject) else inj.written
    if written:
        by = f" by {inj.written_by}" if isinstance(inj, Inject) else " by the white cell"
        parts += ["\n", (f"Written in session{by}.", "bold $accent"), "\n"]
    if inj.counterfactual:
        parts += [
            "\n",
            ("Counterfactual: departs from the historical record.", "bold $warning"),
            "\n",
        ]
    if inj.questions:
        parts += ["\n", ("Questions", *head), "\n"] + [f"  • {q}\n" for q in inj.questions]
    if inj.options:
        parts += ["\n", ("Options", *head), "\n"]
        for o in inj.options:
            parts.append(f"  [{o.id}] {o.label}")
            if effects and isinstance(o, Option):
                if o.effects:
                    parts.append(
                        ("  (" + ", ".join(f"{k} {v:+d}" for k, v in o.effects) + ")", "dim")
                    )
                if o.roles:
                    parts.append((f"  only for {', '.join(o.roles)}", "dim"))
            parts.append("\n")
    if getattr(inj, "sources_withheld", False):
        return parts + ["\n", ("Sources: kept by the white cell until the hot wash", "dim"), "\n"]
    if not inj.sources:  # written in session: nothing cited
        return parts
    parts += ["\n", ("Sources", *head), "\n"]
    for c in inj.sources:
        parts.append(f"  {c.key}: “{c.quote}”\n")
    return parts


def reader_content(inj: TeamInject) -> Content:
    """The inject as a team reads it (its view holds nothing more). YAML strings stay plain text."""
    return Content.assemble(*_reader_parts(inj, effects=False))


def inject_content(inj: Inject) -> Content:
    """The inject as the white cell reads it: what teams see, then the effects, trigger,
    historical note, expected actions and facilitator notes. Strings from YAML stay plain text."""
    head = ("bold",)
    parts = _reader_parts(inj, effects=True)
    if inj.trigger:
        parts += ["\n", ("Trigger", *head), "\n", f"  {trigger_text(inj)}\n"]
    if inj.history:
        parts += [
            "\n",
            ("Historical note (facilitator only)", *head),
            "\n",
            reflow(inj.history.text),
            "\n",
        ]
        for c in inj.history.sources:
            parts.append((f"  {c.key}: “{c.quote}”\n", "dim"))
    if inj.expected:
        parts += ["\n", ("Expected player actions", *head), "\n"]
        for e in inj.expected:
            parts.append(
                f"  {e.role}: {e.text}" + (f" ({e.objective})" if e.objective else "") + "\n"
            )
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

        refill(
            self,
            (
                (
                    (Text(status, style=style(status)), Text(turn), Text(title), Text(audience)),
                    inj_id,
                )
                for status, inj_id, title, turn, audience in board_rows(state)
            ),
        )


class InjectPreview(VerticalScroll):
    DEFAULT_CSS = "InjectPreview { height: 1fr; border: round $primary 50%; padding: 0 1; }"

    def compose(self):
        yield Static("Select an inject to preview it.", markup=False, id="preview-text")

    def show(self, inj: Inject | None) -> None:
        text = self.query_one("#preview-text", Static)
        if inj is None:
            text.update("Select an inject to preview it.")
            return
        text.update(inject_content(inj))
        self.scroll_home(animate=False)
