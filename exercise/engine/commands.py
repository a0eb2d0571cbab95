"""Commands: what someone asks the engine to do. `decide` turns each into events or refuses it."""

from __future__ import annotations

from dataclasses import dataclass

from exercise.engine.constants import MATRIX_TARGET


@dataclass(frozen=True)
class StartSession:
    world: dict  # raw content: {"scenario": {...}, "injects": [...], "roles": [...]}
    seed: int
    participants: tuple[tuple[str, str], ...]  # (role, "team" | "facilitator" | "bot")
    codes: tuple[tuple[str, str], ...] = ()  # (role, join code)
    at: float = 0.0


@dataclass(frozen=True)
class AdvancePhase:
    at: float = 0.0
    force: bool = False  # advance even though some team has not decided
    # (turn, phase) it moves on from, when given: refused if the session has moved on already
    # (two facilitator consoles whose clocks ran out together move it once).
    expect: tuple[int, int] | None = None


@dataclass(frozen=True)
class ReleaseInject:
    inject_id: str
    at: float = 0.0


@dataclass(frozen=True)
class DrawFromDeck:
    deck_id: str
    at: float = 0.0


@dataclass(frozen=True)
class SubmitDecision:
    role: str
    inject_id: str | None  # None: a free action not tied to an inject
    option_id: str | None = None
    text: str = ""
    rationale: str = ""
    author: str = ""
    at: float = 0.0
    confidence: int = -1  # the chance (%) the team gives that it gets what it wants this turn


@dataclass(frozen=True)
class AmendDecision:
    role: str
    inject_id: str | None
    option_id: str | None = None
    text: str = ""
    rationale: str = ""
    author: str = ""
    at: float = 0.0
    confidence: int = -1


@dataclass(frozen=True)
class WithdrawDecision:
    role: str
    inject_id: str | None
    author: str = ""
    at: float = 0.0


@dataclass(frozen=True)
class BotDecide:
    """A bot chooses for `role` on `inject_id` by its doctrine, with the session's seeded RNG."""

    role: str
    inject_id: str
    at: float = 0.0


@dataclass(frozen=True)
class Adjudicate:
    decision_ids: tuple[str, ...]
    narrative: str
    deltas: tuple[tuple[str, int], ...] = ()
    flags_set: tuple[str, ...] = ()
    flags_cleared: tuple[str, ...] = ()
    method: str = "rules"  # rules | matrix | free
    reason: str = ""
    # matrix games: 2d6 + (pros - cons) needing `target`; deltas on success, fail_deltas otherwise
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    target: int = MATRIX_TARGET
    fail_deltas: tuple[tuple[str, int], ...] = ()
    audience: tuple[str, ...] = ()  # empty: a public ruling
    author: str = "control"
    at: float = 0.0
    # The RNG draw the white cell saw rolled before writing the narrative (-1: none seen). If
    # another draw came first, the ruling is refused rather than recorded with other dice.
    rolled_draw: int = -1
    odds: int = -1  # estimative: the chance (%) rolled against; -1: the teams' mean estimate


@dataclass(frozen=True)
class AddObservation:
    text: str
    role: str = ""
    objective: str = ""
    author: str = "facilitator"
    kind: str = "note"  # note | strength | improvement
    at: float = 0.0
    rating: str = ""  # P/S/M/U of the objective, by an evaluator
    about: int = 0  # the seq of the event it concerns


@dataclass(frozen=True)
class PauseClock:
    at: float = 0.0


@dataclass(frozen=True)
class ResumeClock:
    at: float = 0.0


@dataclass(frozen=True)
class EndSession:
    reason: str = "ended by the facilitator"
    at: float = 0.0


@dataclass(frozen=True)
class JoinTeam:
    role: str
    code: str
    client: str = ""
    at: float = 0.0


@dataclass(frozen=True)
class IssueCode:
    """Record a code for a holder that is not a team (the facilitator), drawn by the caller."""

    holder: str
    code: str
    at: float = 0.0


@dataclass(frozen=True)
class MarkRead:
    role: str
    inject_id: str
    at: float = 0.0


@dataclass(frozen=True)
class SetParticipant:
    """Change who plays a role (team console, facilitator-entered, bot)."""

    role: str
    mode: str
    at: float = 0.0


@dataclass(frozen=True)
class ShowIndicators:
    """Which indicators the projector (plenary) view shows, in the scenario's order: all of
    them, some, or none (an empty tuple)."""

    ids: tuple[str, ...]
    author: str = "facilitator"
    at: float = 0.0


@dataclass(frozen=True)
class WithdrawRelease:
    """Take back the release of an inject put out by mistake: it leaves every inbox (a deck's
    card goes back to its deck), and the open decisions on it are withdrawn."""

    inject_id: str
    author: str = "facilitator"
    at: float = 0.0


@dataclass(frozen=True)
class UndoPhase:
    """Go back to the turn's previous phase, its clock started again (a phase moved on by
    mistake; a new turn's opening is not undone: its injects are out)."""

    author: str = "facilitator"
    at: float = 0.0


@dataclass(frozen=True)
class ShowSources:
    """Whether team consoles show the injects' citations. Off keeps them until the hot wash
    (the session's end), since a source can give away what really happened."""

    shown: bool
    author: str = "facilitator"
    at: float = 0.0


@dataclass(frozen=True)
class RestartClock:
    """The phase clock starts again at the phase's full time (paused, if it was paused): for a
    session resumed long after, a fork or a simulated session, whose clock ran on meanwhile."""

    at: float = 0.0


@dataclass(frozen=True)
class VoidRuling:
    """Take a ruling back: what it changed is changed back, its decisions are open again (to be
    ruled anew: voiding and ruling again is how a ruling is amended)."""

    ruling_id: str
    reason: str
    author: str = "facilitator"
    at: float = 0.0


@dataclass(frozen=True)
class SendMessage:
    """The white cell (`sender` "control") to one team or to "all"; a team to "control"."""

    sender: str
    to: str
    text: str
    author: str = ""  # who typed it: the facilitator, or the team member's name
    at: float = 0.0


@dataclass(frozen=True)
class ReadMessage:
    """`reader` (a team, or "control") has opened the message."""

    message_id: str
    reader: str
    at: float = 0.0


@dataclass(frozen=True)
class WriteInject:
    """An inject the white cell writes on the spot and releases at once (engine/adhoc.py).
    `audience` empty: every team; `options` are (label, effects) pairs."""

    title: str
    body: str
    sender: str
    medium: str
    audience: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    options: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    author: str = "facilitator"
    at: float = 0.0


@dataclass(frozen=True)
class AskEstimates:
    """The white cell asks every team the chance it gives an action (its decisions)."""

    decision_ids: tuple[str, ...]
    author: str = "control"
    at: float = 0.0


@dataclass(frozen=True)
class GiveEstimate:
    request_id: str
    role: str
    percent: int
    reasoning: str = ""
    author: str = ""
    at: float = 0.0


@dataclass(frozen=True)
class EnterEstimate:
    """The white cell enters the estimate a team played in the room gives (it has no console to
    answer from): recorded as that team's, and marked as entered on its behalf."""

    request_id: str
    role: str
    percent: int
    reasoning: str = ""
    author: str = "facilitator"
    at: float = 0.0


@dataclass(frozen=True)
class GiveFeedback:
    """A participant's feedback at the end of the session."""

    role: str
    worked: str = ""
    improve: str = ""
    realism: int = 0
    learning: int = 0
    author: str = ""
    at: float = 0.0


Command = (
    StartSession
    | AdvancePhase
    | ReleaseInject
    | DrawFromDeck
    | SubmitDecision
    | AmendDecision
    | WithdrawDecision
    | BotDecide
    | Adjudicate
    | AddObservation
    | PauseClock
    | ResumeClock
    | EndSession
    | JoinTeam
    | IssueCode
    | MarkRead
    | SetParticipant
    | ShowIndicators
    | SendMessage
    | ReadMessage
    | VoidRuling
    | RestartClock
    | WithdrawRelease
    | UndoPhase
    | ShowSources
    | WriteInject
    | AskEstimates
    | GiveEstimate
    | EnterEstimate
    | GiveFeedback
)
