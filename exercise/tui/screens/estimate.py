"""A team's estimate for the white cell: how likely an action is to succeed (0-100%) and a line
of reasoning, before an estimative ruling; sent again, it revises the last one until the ruling.

`EstimateForm` is the form itself, shared with the white cell's dialog that enters the estimate
of a team played in the room (screens/estimate_for.py): the same fields, read the same way."""

from __future__ import annotations

from typing import TypeVar

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

T = TypeVar("T")


def asked_content(request: TeamEstimateRequest) -> Content:
    parts: list = [("What the white cell asks about", "bold")]
    parts += [f"\n  • {action}" for action in request.actions]
    if request.mine is not None:
        parts += ["\nYour estimate so far: ", (f"{request.mine.percent}%", "bold")]
    return Content.assemble(*parts)


class EstimateForm(FormDialog[T]):
    """An estimate's fields (#percent, #reasoning): enter in the chance moves on to the
    reasoning, enter there saves; `typed` reads them or says in #error what is wrong."""

    MISSING = "Give the chance you see, from 0 to 100%."

    def estimate_fields(
        self, percent: int, reasoning: str, question: str, why: str
    ) -> ComposeResult:
        yield Label(question)
        yield ChanceInput(percent, id="percent")
        yield Label(why)
        yield Input(reasoning, max_length=MAX_REASONING, id="reasoning")

    def show_estimate(self, percent: int, reasoning: str) -> None:
        self.query_one("#percent", ChanceInput).show(percent)
        self.query_one("#reasoning", Input).value = reasoning

    def on_mount(self) -> None:
        self.query_one("#percent", ChanceInput).focus()

    @on(Input.Submitted, "#percent")
    def _on_to_reasoning(self) -> None:
        self.query_one("#reasoning", Input).focus()

    @on(Input.Submitted, "#reasoning")
    def _submitted(self) -> None:
        self.action_save()

    def typed(self) -> tuple[int, str] | None:
        """(percent, reasoning) as typed; None, with the reason shown, when there is no chance."""
        try:
            percent = self.query_one("#percent", ChanceInput).chance()
        except ValueError as exc:
            self.error(str(exc))
            return None
        if percent == NONE:
            self.error(self.MISSING)
            return None
        return percent, self.query_one("#reasoning", Input).value.strip()


class EstimateDialog(EstimateForm[cmd.GiveEstimate | None]):
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
            yield from self.estimate_fields(
                first.mine.percent if first.mine else NONE,
                first.mine.reasoning if first.mine else "",
                "How likely is it to succeed? (0–100%)",
                "Your reasoning, in a line",
            )
            yield Static(
                "You may revise it until the white cell rules; the other teams' estimates and "
                "the odds are shown to you with the ruling.",
                classes="note",
            )
            yield from self.form_buttons("Send")

    def _request(self) -> TeamEstimateRequest:
        chosen = self.query(Select).first().value if self.query(Select) else None
        return next((r for r in self.asked if r.request_id == chosen), self.asked[0])

    @on(Select.Changed, "#request")
    def _request_changed(self) -> None:
        request = self._request()
        self.query_one("#asked", Static).update(asked_content(request))
        mine = request.mine
        self.show_estimate(mine.percent if mine else NONE, mine.reasoning if mine else "")

    def action_save(self) -> None:
        typed = self.typed()
        if typed is None:
            return
        percent, reasoning = typed
        request = self._request()
        self.dismiss(
            cmd.GiveEstimate(request.request_id, self.role, percent, reasoning, self.author)
        )
