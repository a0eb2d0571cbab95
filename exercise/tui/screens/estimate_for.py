"""The white cell enters the estimate of a team played in the room, which has no console to
answer from: opened from the estimates in the ruling dialog (ctrl+o), it takes the team's chance
and line of reasoning in the team's own form (screens/estimate.py) and returns the command. The
engine records it as the team's estimate, marked as entered on its behalf; which teams it may
be entered for, and when it is refused, are the engine's rules (judgement.enter_estimate), asked
here before the dialog closes so that a refusal is read where it was typed."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Select, Static

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused, decide
from exercise.engine.state import Estimate, EstimateRequest, State
from exercise.engine.view import team_name
from exercise.tui.screens.adjudicate import decision_label
from exercise.tui.screens.estimate import EstimateForm
from exercise.tui.widgets.chance import NONE


def asked_content(state: State, request: EstimateRequest, given: Estimate | None) -> Content:
    parts: list = [(f"Request {request.request_id} asks about", "bold")]
    for did in request.decision_ids:
        d = state.decisions.get(did)
        parts.append(f"\n  • {decision_label(state, d) if d is not None else did}")
    if given is not None:
        by = "entered by the white cell" if given.on_behalf else f"given by {given.author}"
        parts += ["\nIts estimate so far: ", (f"{given.percent}%", "bold"), f" ({by})"]
    return Content.assemble(*parts)


class EstimateForDialog(EstimateForm[cmd.EnterEstimate | None]):
    DEFAULT_CSS = """
    EstimateForDialog {
        & > Vertical { width: 90; }
        #asked { height: auto; }
        #reasoning { width: 100%; }
        .note { color: $text-muted; margin-top: 1; }
    }
    """
    MISSING = "Give the chance the team sees, from 0 to 100%."

    def __init__(
        self,
        state: State,
        request: EstimateRequest,
        roles: tuple[str, ...],
        latest: Callable[[], State | None] | None = None,
    ):
        """`roles`: the teams it may be entered for (judgement.enterable); `latest`: the session
        as the console now holds it, which the engine decides on before the dialog closes."""
        super().__init__()
        self.state, self.request, self.roles, self.latest = state, request, roles, latest
        heard = {e.role for e in request.given}
        # The first team not yet heard from: the one the white cell most likely came for.
        self.first = next((r for r in roles if r not in heard), roles[0])

    def _given(self, role: str) -> Estimate | None:
        return next((e for e in self.request.given if e.role == role), None)

    def compose(self) -> ComposeResult:
        given = self._given(self.first)
        with Vertical():
            yield Static("An estimate for a team played in the room", classes="title")
            yield Label("Team (played in the room: no console to answer from)")
            yield Select(
                [(Text(team_name(r)), r) for r in self.roles],
                allow_blank=False,
                value=self.first,
                id="role",
            )
            yield Static(asked_content(self.state, self.request, given), id="asked")
            yield from self.estimate_fields(
                given.percent if given else NONE,
                given.reasoning if given else "",
                "How likely does the team think it is to succeed? (0–100%)",
                "The team's reasoning, in a line",
            )
            yield Static(
                "Recorded as the team's estimate, marked as entered by the white cell on its "
                "behalf; it may be revised until the ruling.",
                classes="note",
            )
            yield from self.form_buttons("Record")

    def _role(self) -> str:
        value = self.query_one("#role", Select).value
        return value if isinstance(value, str) else self.first

    @on(Select.Changed, "#role")
    def _role_changed(self) -> None:
        given = self._given(self._role())
        self.query_one("#asked", Static).update(asked_content(self.state, self.request, given))
        self.show_estimate(given.percent if given else NONE, given.reasoning if given else "")
        self.error("")

    def action_save(self) -> None:
        typed = self.typed()
        if typed is None:
            return
        percent, reasoning = typed
        command = cmd.EnterEstimate(self.request.request_id, self._role(), percent, reasoning)
        state = (self.latest() if self.latest is not None else None) or self.state
        try:
            decide(state, command)  # only asked: the console runs it, under the log's lock
        except Refused as exc:
            self.error(f"Not entered: {exc}.")
            return
        self.dismiss(command)
