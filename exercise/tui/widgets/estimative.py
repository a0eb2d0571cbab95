"""The estimative method in the ruling dialog (matrix-game practice): each team's estimate of the
action's chance with its reasoning, their mean, the odds rolled against (the mean unless the
white cell sets its own), and the d100 the engine will record, shown before the narrative is
written (`judgement.next_d100`), so that the narrative tells what the dice said. A team played
in the room has no console to answer from: the white cell enters its estimate (ctrl+o), and the
panel says which estimates it entered."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from exercise.engine.judgement import enterable, next_d100, open_request
from exercise.engine.state import EstimateRequest, State
from exercise.engine.view import team_name
from exercise.tui.widgets.chance import NONE, ChanceInput

# How a team without a console of its own is played: why it gives no estimate.
NO_CONSOLE = {
    "bot": " (a bot: it gives none)",
    "facilitator": " (played in the room: enter its estimate, ctrl+o)",
}


def estimates_content(
    state: State, request: EstimateRequest | None, decision_ids: tuple[str, ...]
) -> Content:
    """The teams' estimates on these decisions as the white cell reads them, or what to do."""
    if not decision_ids:
        return Content("Tick the decisions this ruling covers.")
    if request is None:
        parts: list = [
            "The teams have not been asked about exactly these decisions: ",
            ("ask them (ctrl+t)", "bold"),
            ", or set the odds yourself.",
        ]
        others = [r.request_id for r in state.estimates if not r.ruling_id]
        if others:
            parts.append(
                f"\n(Asked already about other decisions: {', '.join(others)}. Tick exactly "
                "those to use their estimates.)"
            )
        return Content.assemble(*parts)
    given = {e.role: e for e in request.given}
    played = state.world.played
    parts = [
        (f"Request {request.request_id}: ", "bold"),
        f"{len(given)} of {len(played)} teams have answered.\n",
    ]
    for role in played:
        name = team_name(role)  # as the dialog's decisions name it, not the role's long name
        e = given.get(role)
        if e is None:
            why = NO_CONSOLE.get(state.participants.get(role, ""), "")
            parts += [f"  {name}: ", ("not yet", "italic"), f"{why}\n"]
            continue
        if e.on_behalf:  # the room said it, the white cell typed it: the review can tell
            by = " (entered by the white cell)"
        else:
            by = f" ({e.author})" if e.author not in ("", role) else ""
        reasoning = f" — {e.reasoning}" if e.reasoning else ""
        parts += [f"  {name}{by}: ", (f"{e.percent}%", "bold"), f"{reasoning}\n"]
    mean = request.mean()
    if mean is None:
        parts.append("No estimate yet: wait for the teams, or set the odds yourself.")
    else:
        parts += ["The teams' mean: ", (f"{mean}%", "bold")]
    return Content.assemble(*parts)


class EstimativePanel(Vertical):
    """Shown while the ruling's method is estimative; the dialog calls `show` with the state and
    the decisions ticked, `roll` for its button, and `problem` before it saves."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state: State | None = None
        self.decision_ids: tuple[str, ...] = ()
        self.rolled: tuple[int, int] | None = None  # (RNG draw, odds) of the roll shown
        self.dice: dict | None = None  # that roll, as a ruling records it (for the preview)

    def compose(self) -> ComposeResult:
        yield Static("", id="estimates", markup=False)
        # Under the estimates it adds to, on a line of its own: the roll's verdict keeps its width.
        yield Button("Enter for a team in the room (ctrl+o)", id="enter-estimate", compact=True)
        with Horizontal(classes="delta"):
            yield Label("Odds rolled against (%; empty: the teams' mean) ")
            yield ChanceInput(id="odds-percent")
        with Horizontal(classes="narrative-head"):
            yield Button("Ask the teams (ctrl+t)", id="ask-estimates", compact=True)
            yield Button("Roll the d100 (ctrl+r)", id="roll-d100", compact=True)
            yield Static(
                "Roll first, then write what the dice said.", id="rolled-d100", markup=False
            )

    def request(self) -> EstimateRequest | None:
        if self.state is None or not self.decision_ids:
            return None
        return open_request(self.state, self.decision_ids)

    def show(self, state: State, decision_ids: tuple[str, ...]) -> None:
        self.state, self.decision_ids = state, decision_ids
        request = self.request()
        self.query_one("#estimates", Static).update(estimates_content(state, request, decision_ids))
        mean = request.mean() if request is not None else None
        self.query_one("#odds-percent", ChanceInput).placeholder = (
            "%" if mean is None else str(mean)
        )
        self.query_one("#ask-estimates").display = request is None
        self.query_one("#enter-estimate").display = bool(self.room_teams())

    def room_teams(self) -> tuple[str, ...]:
        """The teams played in the room whose estimate the white cell may enter now."""
        request = self.request()
        if self.state is None or request is None:
            return ()
        return enterable(self.state, request)

    def odds(self) -> int:
        """The odds typed, else the teams' mean; ValueError says why there are none."""
        typed = self.query_one("#odds-percent", ChanceInput).chance()
        if typed != NONE:
            return typed
        request = self.request()
        mean = request.mean() if request is not None else None
        if mean is None:
            raise ValueError("No team has given an estimate: set the odds yourself.")
        return mean

    def roll(self) -> str:
        """Show the d100 the engine will record against the odds; what is wrong, or ""."""
        if self.state is None:
            return "The session is not loaded."
        try:
            odds = self.odds()
        except ValueError as exc:
            return str(exc)
        d100 = next_d100(self.state)
        success = d100 <= odds
        self.rolled = (self.state.rng_draws, odds)
        self.dice = {"roll": d100, "odds": odds, "success": success}
        verdict = (
            "SUCCESS: the changes above apply"
            if success
            else "FAILURE: the changes if it fails apply"
        )
        self.query_one("#rolled-d100", Static).update(
            Content.assemble(
                (f"d100 {d100} vs odds of {odds}%: ", "bold"), (verdict, "bold $accent")
            )
        )
        return ""

    def problem(self) -> str:
        """Why the ruling cannot be saved as it stands ("" when it can)."""
        if self.rolled is None:
            return "Roll the d100 first (ctrl+r): the narrative tells what it said."
        try:
            odds = self.odds()
        except ValueError as exc:
            return str(exc)
        if odds != self.rolled[1]:
            return "The odds changed since the roll (a new estimate, or yours): roll again."
        return ""
