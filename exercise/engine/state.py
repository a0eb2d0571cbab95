"""Session state: a fold over the events. Frozen; every event yields a new state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from exercise.content.model import Scenario
from exercise.engine.world import World

T = TypeVar("T")


@dataclass(frozen=True)
class Release:
    inject_id: str
    turn: int
    how: str
    deck: str = ""


@dataclass(frozen=True)
class Decision:
    decision_id: str
    role: str
    inject_id: str | None
    option_id: str | None
    text: str
    rationale: str
    author: str
    turn: int
    submitted_at: float
    amended: int = 0
    withdrawn: bool = False
    ruling_id: str = ""  # set once adjudicated
    confidence: int = -1  # the team's chance (%) that it gets what it wants this turn; -1: none

    @property
    def open(self) -> bool:
        return not self.withdrawn and not self.ruling_id


@dataclass(frozen=True)
class Ruling:
    ruling_id: str
    turn: int
    decision_ids: tuple[str, ...]
    narrative: str
    method: str
    reason: str
    deltas: dict
    applied: dict
    flags_set: tuple[str, ...]
    flags_cleared: tuple[str, ...]
    audience: tuple[str, ...]
    matrix: dict | None
    at: float
    # What the ruling itself changed, kept so that voiding it can take back exactly that.
    before: dict = field(default_factory=dict)  # indicator -> its value before the ruling
    flags_added: tuple[str, ...] = ()  # set by it (not set before)
    flags_removed: tuple[str, ...] = ()  # cleared by it (set before)
    voided: str = ""  # why the white cell voided it; "" while it stands

    @property
    def public(self) -> bool:
        return not self.audience


@dataclass(frozen=True)
class Message:
    message_id: str
    sender: str  # "control" (the white cell) or a team
    to: str  # a team, "all" (every team), or "control"
    text: str
    author: str
    turn: int
    at: float


@dataclass(frozen=True)
class CovertMove:
    """A covert option that has been ruled on: in effect, kept from `hidden_from` until found."""

    decision_id: str
    role: str
    inject_id: str
    option_id: str
    turn: int  # when it was made (ruled on)
    hidden_from: tuple[str, ...]
    chance: float  # of discovery at each later turn's start
    rolls: int = 0
    discovered_turn: int = 0  # 0 while hidden
    cause: str = ""  # roll | trigger, once discovered

    @property
    def hidden(self) -> bool:
        return not self.discovered_turn


@dataclass(frozen=True)
class Estimate:
    """The chance a team gives an action before an estimative ruling, with its reasoning."""

    role: str
    percent: int
    reasoning: str
    author: str
    at: float
    on_behalf: bool = False  # entered by the white cell: the team has no console of its own


@dataclass(frozen=True)
class EstimateRequest:
    """The white cell asked every team for the chance of an action (its decisions)."""

    request_id: str
    decision_ids: tuple[str, ...]
    turn: int
    asked_at: float
    given: tuple[Estimate, ...] = ()  # the latest of each team, in the order first given
    ruling_id: str = ""  # the estimative ruling that used them, once made

    def mean(self) -> int | None:
        if not self.given:
            return None
        return round(sum(e.percent for e in self.given) / len(self.given))


@dataclass(frozen=True)
class Feedback:
    """A participant's answers at the end: what worked, what to improve, realism and learning
    rated 1-5."""

    role: str
    author: str
    worked: str
    improve: str
    realism: int
    learning: int
    at: float


@dataclass(frozen=True)
class Unstarted:
    """Before the first event: the only state in which a session may start. Every later state
    is a `State`, whose world is always there."""

    seq: int = 0
    started: bool = False
    ended: bool = False


UNSTARTED = Unstarted()


@dataclass(frozen=True)
class State:
    world: World
    seq: int = 0  # number of events folded
    seed: int = 0
    rng_draws: int = 0
    participants: dict = field(default_factory=dict)  # role -> team | facilitator | bot
    codes: dict = field(default_factory=dict)  # role -> join code
    turn: int = 0
    phase: int = 0
    phase_started_at: float = 0.0
    paused_at: float | None = None
    paused_total: float = 0.0
    indicators: dict = field(default_factory=dict)
    indicator_history: tuple[tuple[int, dict], ...] = ()  # (turn, values as the turn opened)
    flags: frozenset = frozenset()
    releases: tuple[Release, ...] = ()
    released: frozenset = frozenset()
    deck_left: dict = field(default_factory=dict)  # deck id -> tuple of inject ids not yet drawn
    decisions: dict = field(default_factory=dict)  # decision id -> Decision
    rulings: tuple[Ruling, ...] = ()
    covert: dict = field(default_factory=dict)  # decision id -> CovertMove
    reads: frozenset = frozenset()  # (role, inject id)
    seen: dict = field(default_factory=dict)  # role -> last sign of life from its team console
    observations: int = 0
    shown: tuple[str, ...] = ()  # indicators on the projector view and the team consoles
    sources_hidden: bool = False  # injects' citations kept from the teams until the end
    messages: tuple[Message, ...] = ()
    message_reads: frozenset = frozenset()  # (reader, message id)
    estimates: tuple[EstimateRequest, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    ended: bool = False
    end_reason: str = ""
    end_conditions: tuple[str, ...] = ()
    started_at: float = 0.0
    last_at: float = 0.0

    started = True  # a State exists only once the session has started (see Unstarted)

    @property
    def turn_start_indicators(self) -> dict:
        """Indicator values as the current turn opened (the last entry of the history)."""
        return self.indicator_history[-1][1] if self.indicator_history else self.indicators

    @property
    def scenario(self) -> Scenario:
        return self.world.scenario

    def phase_name(self) -> str:
        return self.world.scenario.phases[self.phase].name if self.world.scenario.phases else ""

    def phase_seconds(self) -> int:
        return self.world.scenario.phases[self.phase].minutes * 60

    def clock_remaining(self, now: float) -> float:
        """Seconds left in the phase at wall time `now` (negative once overrun)."""
        end = self.paused_at if self.paused_at is not None else now
        elapsed = end - self.phase_started_at - self.paused_total
        return self.phase_seconds() - elapsed

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def decision_for(
        self, role: str, inject_id: str | None, turn: int | None = None
    ) -> Decision | None:
        return self.decisions.get(decision_id(turn or self.turn, role, inject_id))

    def ruling(self, ruling_id: str) -> Ruling | None:
        return next((r for r in self.rulings if r.ruling_id == ruling_id), None)

    def message(self, message_id: str) -> Message | None:
        return next((m for m in self.messages if m.message_id == message_id), None)

    def released_in(self, turn: int) -> tuple[Release, ...]:
        return tuple(r for r in self.releases if r.turn == turn)


def copied(obj: T, **changes) -> T:
    """dataclasses.replace for the engine's frozen records (none has __post_init__): a shallow
    copy with the changes, without re-running __init__, which a long replay pays per event."""
    new = object.__new__(type(obj))
    attrs = new.__dict__
    attrs.update(obj.__dict__)
    attrs.update(changes)
    return new


def decision_id(turn: int, role: str, inject_id: str | None) -> str:
    """One decision per role per inject; free actions are one per role per turn."""
    return f"{role}:{inject_id}" if inject_id else f"t{turn}:{role}:free"


def awaiting(state: State, this_turn_only: bool = True):
    """(role, inject) pairs, in release order, where the role is asked to decide and has not."""
    world, turn, decisions = state.world, state.turn, state.decisions
    for rel in state.releases:
        if this_turn_only and rel.turn != turn:
            continue
        for role in world.deciders[rel.inject_id]:
            d = decisions.get(decision_id(turn, role, rel.inject_id))
            if d is None or d.withdrawn:
                yield role, world.injects[rel.inject_id]


def undecided(state: State) -> dict[str, list[str]]:
    """Role -> injects released this turn on which it is asked to decide and has not."""
    out: dict[str, list[str]] = {}
    for role, inj in awaiting(state):
        out.setdefault(role, []).append(inj.id)
    return out
