"""A team's estimate for the white cell: how likely an action is to succeed (0-100%) and a line
of reasoning, before an estimative ruling; sent again, it revises the last one until the ruling."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from exercise.engine import commands as cmd
from exercise.engine.judgement import MAX_REASONING
from exercise.session.team_view import TeamEstimateRequest
from exercise.tui.screens.form import FormDialog
from exercise.tui.widgets.chance import NONE, ChanceInput


def asked_content(request: TeamEstimateRequest) -> Content:
    parts: list = [("What the white cell asks about", "bold")]
    parts += [f"\n  • {action}" for action in request.actions]
    if request.mine is not None:
        parts += ["\nYour estimate so far: ", (f"{request.mine.percent}%", "bold")]
    return Content.assemble(*parts)


class EstimateDialog(FormDialog[cmd.GiveEstimate | None]):
    CSS_PATH = "estimate.tcss"

    def __init__(self, asked: list[TeamEstimateRequest], role: str, author: str):
        super().__init__()
        # The first not yet answered, else the newest: what the team most likely came for.
        self.asked = sorted(asked, key=lambda r: r.mine is not None)
        self.role, self.author = role, author

    def compose(self) -> ComposeResult:
        first = self.asked[0]
        with Vertical():
            yield Static("Your estimate for the white cell", classes="title")
            if len(self.asked) > 1:
                yield Select(
                    [
                        (Text(f"Request {r.request_id}: {r.actions[0]}"), r.request_id)
                        for r in self.asked
                    ],
                    allow_blank=False,
                    value=first.request_id,
                    id="request",
                )
            yield Static(asked_content(first), id="asked")
            yield Label("How likely is it to succeed? (0–100%)")
            yield ChanceInput(first.mine.percent if first.mine else NONE, id="percent")
            yield Label("Your reasoning, in a line")
            yield Input(
                first.mine.reasoning if first.mine else "",
                max_length=MAX_REASONING,
                id="reasoning",
            )
            yield Static(
                "You may revise it until the white cell rules; the other teams' estimates and "
                "the odds are shown to you with the ruling.",
                classes="note",
            )
            yield from self.form_buttons("Send")

    def on_mount(self) -> None:
        self.query_one("#percent", ChanceInput).focus()

    def _request(self) -> TeamEstimateRequest:
        chosen = self.query(Select).first().value if self.query(Select) else None
        return next((r for r in self.asked if r.request_id == chosen), self.asked[0])

    @on(Select.Changed, "#request")
    def _request_changed(self) -> None:
        request = self._request()
        self.query_one("#asked", Static).update(asked_content(request))
        self.query_one("#percent", ChanceInput).show(request.mine.percent if request.mine else NONE)
        self.query_one("#reasoning", Input).value = request.mine.reasoning if request.mine else ""

    @on(Input.Submitted, "#percent")
    def _on_to_reasoning(self) -> None:
        self.query_one("#reasoning", Input).focus()

    @on(Input.Submitted, "#reasoning")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            percent = self.query_one("#percent", ChanceInput).chance()
        except ValueError as exc:
            self.error(str(exc))
            return
        if percent == NONE:
            self.error("Give the chance you see, from 0 to 100%.")
            return
        reasoning = self.query_one("#reasoning", Input).value.strip()
        request = self._request()
        self.dismiss(
            cmd.GiveEstimate(request.request_id, self.role, percent, reasoning, self.author)
        )
