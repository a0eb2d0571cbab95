"""How the teams' judgement is asked for and kept: the confidence a team gives a decision, the
odds each team gives an action before an estimative ruling (the estimative-probability method
of matrix games: the white cell sees the estimates, takes their mean or sets its own, rolls
d100), the participants' feedback at the end, and an evaluator's rating of an observation.

Each rule is checked here, raising Refused; decide.py calls these and records the events."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.refused import Refused
from exercise.engine.rules import rng
from exercise.engine.state import EstimateRequest, State
from exercise.engine.view import team_name

RATINGS = {
    "P": "performed without challenges",
    "S": "performed with some challenges",
    "M": "performed with major challenges",
    "U": "unable to be performed",
}  # HSEEP's ratings of how an objective was performed
FEEDBACK_SCALE = (1, 5)  # realism and learning, from poor to excellent
MAX_REASONING = 500  # characters: a line of reasoning, not an essay
MAX_FEEDBACK = 2000


def check_confidence(confidence: int) -> None:
    """-1: none given; otherwise a chance in whole percent."""
    if confidence != -1 and not 0 <= confidence <= 100:
        raise Refused(f"a confidence is a chance from 0 to 100%, not {confidence}")


def ask_estimates(c: cmd.AskEstimates, s: State) -> ev.EstimatesAsked:
    if not c.decision_ids:
        raise Refused("ask for estimates on at least one decision")
    for did in c.decision_ids:
        d = s.decisions.get(did)
        if d is None or not d.open:
            raise Refused(f"no open decision '{did}'")
    if open_request(s, c.decision_ids) is not None:
        raise Refused("the teams are already asked for their estimates on these decisions")
    return ev.EstimatesAsked(
        f"e{len(s.estimates) + 1}", tuple(c.decision_ids), s.turn, c.author, c.at
    )


def open_request(s: State, decision_ids: tuple[str, ...]) -> EstimateRequest | None:
    """The request not yet ruled on that covers these decisions."""
    return next(
        (r for r in s.estimates if not r.ruling_id and set(r.decision_ids) == set(decision_ids)),
        None,
    )


def give_estimate(c: cmd.GiveEstimate, s: State) -> ev.EstimateGiven:
    _unruled(s, c.request_id)
    if c.role not in s.world.played:
        raise Refused(f"'{c.role}' is not a team in this session")
    _check_estimate(c.percent, c.reasoning)
    return ev.EstimateGiven(
        c.request_id, c.role, c.percent, c.reasoning.strip(), c.author or c.role, c.at
    )


def enter_estimate(c: cmd.EnterEstimate, s: State) -> ev.EstimateGiven:
    """The white cell enters a team's estimate for it, only where the team cannot answer: a team
    at its own console answers for itself, and a bot gives none (the white cell's own view is
    the odds it may set). The request must still be open to estimates: not ruled on (the roll
    is the ruling's) and every decision it asks about still open."""
    request = _unruled(s, c.request_id)
    if c.role not in s.world.played:
        raise Refused(f"'{c.role}' was not asked: it is not a team in this session")
    mode = s.participants.get(c.role, "")
    if mode != "facilitator":
        why = NOT_ENTERED.get(mode, "is not played in the room")
        raise Refused(
            f"{team_name(c.role)} {why}: the white cell enters an estimate only for a team "
            "played in the room"
        )
    if not _all_open(s, request):
        raise Refused("a decision asked about is no longer open: there is nothing to estimate")
    _check_estimate(c.percent, c.reasoning)
    author = c.author.strip() or "facilitator"
    return ev.EstimateGiven(
        c.request_id, c.role, c.percent, c.reasoning.strip(), author, c.at, on_behalf=True
    )


# Why the white cell may not enter a team's estimate, by how the team is played.
NOT_ENTERED = {
    "team": "answers from its own console",
    "bot": "is played by a bot, which gives no estimate (set the odds yourself)",
}


def room_played(s: State) -> tuple[str, ...]:
    """The teams played in the room: the white cell enters their moves, having no console."""
    return tuple(r for r in s.world.played if s.participants.get(r) == "facilitator")


def enterable(s: State, request: EstimateRequest) -> tuple[str, ...]:
    """The teams whose estimate on `request` the white cell may enter now (`enter_estimate`)."""
    if request.ruling_id or s.ended or not _all_open(s, request):
        return ()
    return room_played(s)


def _all_open(s: State, request: EstimateRequest) -> bool:
    return all((d := s.decisions.get(i)) is not None and d.open for i in request.decision_ids)


def _unruled(s: State, request_id: str) -> EstimateRequest:
    request = next((r for r in s.estimates if r.request_id == request_id), None)
    if request is None:
        raise Refused(f"no request for estimates '{request_id}'")
    if request.ruling_id:
        raise Refused("the white cell has already ruled on it")
    return request


def _check_estimate(percent: int, reasoning: str) -> None:
    if not 0 <= percent <= 100:
        raise Refused(f"an estimate is a chance from 0 to 100%, not {percent}")
    if len(reasoning) > MAX_REASONING:
        raise Refused(f"keep the reasoning to a line ({MAX_REASONING} characters at most)")


def estimative_roll(c: cmd.Adjudicate, s: State) -> dict:
    """The d100 an estimative ruling rolls: a success when it is at most the odds, which are
    the white cell's own or, when it sets none, the mean of the teams' estimates."""
    request = open_request(s, tuple(c.decision_ids))
    estimates = {e.role: e.percent for e in request.given} if request else {}
    odds = c.odds
    if odds == -1:
        if not estimates:
            raise Refused("no team has given an estimate: set the odds yourself")
        odds = round(sum(estimates.values()) / len(estimates))
    if not 0 <= odds <= 100:
        raise Refused(f"the odds are a chance from 0 to 100%, not {odds}")
    draw = s.rng_draws
    if c.rolled_draw >= 0 and c.rolled_draw != draw:
        raise Refused("the dice were drawn for something else meanwhile: roll again")
    roll = roll_d100(s, draw)
    return {
        "odds": odds,
        "estimates": estimates,
        "request_id": request.request_id if request else "",
        "roll": roll,
        "success": roll <= odds,
        "draw": draw,
    }


def roll_d100(s: State, draw: int) -> int:
    return rng(s, draw).randint(1, 100)


def next_d100(s: State) -> int:
    """The d100 an estimative ruling recorded now would roll (seen before the narrative)."""
    return roll_d100(s, s.rng_draws)


def give_feedback(c: cmd.GiveFeedback, s: State) -> ev.FeedbackGiven:
    if not s.ended:
        raise Refused("feedback is asked for once the session has ended")
    if c.role not in s.world.played:
        raise Refused(f"'{c.role}' is not a team in this session")
    low, high = FEEDBACK_SCALE
    for name, value in (("realism", c.realism), ("learning", c.learning)):
        if not low <= value <= high:
            raise Refused(f"rate {name} from {low} to {high}")
    if max(len(c.worked), len(c.improve)) > MAX_FEEDBACK:
        raise Refused(f"keep each answer under {MAX_FEEDBACK} characters")
    return ev.FeedbackGiven(
        c.role,
        c.author or c.role,
        c.worked.strip(),
        c.improve.strip(),
        c.realism,
        c.learning,
        c.at,
    )


def check_rating(c: cmd.AddObservation, s: State) -> None:
    if c.rating and c.rating not in RATINGS:
        raise Refused(f"'{c.rating}' is not a rating ({', '.join(RATINGS)})")
    if c.rating and not c.objective:
        raise Refused("a rating is of an objective: name the role and the objective")
    if not 0 <= c.about <= s.seq:
        raise Refused(f"no event {c.about} in this session")


def roll_text(matrix: dict) -> str:
    """A ruling's dice in a line: the matrix game's 2d6 or the estimative d100."""
    outcome = "success" if matrix["success"] else "failure"
    if "roll" in matrix:
        return f"d100 {matrix['roll']} vs odds of {matrix['odds']}%: {outcome}"
    a, b = matrix["dice"]
    return (
        f"2d6 {a}+{b} {matrix['modifier']:+d} = {matrix['total']} vs {matrix['target']}: {outcome}"
    )
