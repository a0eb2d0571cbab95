"""Events: facts appended to the session log. State is a fold over them.

Each event serialises to a JSON-compatible payload (`to_payload`) and back (`from_payload`);
lists come back as tuples so events stay hashable-ish and comparable after a round trip.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class SessionStarted:
    world: dict
    seed: int
    participants: tuple[tuple[str, str], ...]
    codes: tuple[tuple[str, str], ...]
    at: float


@dataclass(frozen=True)
class TurnStarted:
    turn: int
    at: float


@dataclass(frozen=True)
class PhaseStarted:
    turn: int
    phase: int
    at: float


@dataclass(frozen=True)
class InjectReleased:
    inject_id: str
    turn: int
    how: str  # scheduled | triggered | deck | manual | written (in session, by the white cell)
    deck: str = ""
    draw: int = -1  # RNG draw index used (deck draws), -1 when none


@dataclass(frozen=True)
class InjectWritten:
    """The white cell wrote an inject in session: `inject` is its content, in the shape of an
    inject file (with `written_by`), from now on part of the session's world."""

    inject: dict
    author: str
    turn: int
    at: float


@dataclass(frozen=True)
class DecisionSubmitted:
    decision_id: str
    role: str
    inject_id: str | None
    option_id: str | None
    text: str
    rationale: str
    author: str
    turn: int
    at: float
    draw: int = -1  # RNG draw index when a bot chose
    confidence: int = -1  # the team's chance (%) that it gets what it wants; -1: none given


@dataclass(frozen=True)
class DecisionAmended:
    decision_id: str
    option_id: str | None
    text: str
    rationale: str
    author: str
    at: float
    confidence: int = -1


@dataclass(frozen=True)
class DecisionWithdrawn:
    decision_id: str
    author: str
    at: float


@dataclass(frozen=True)
class Adjudicated:
    ruling_id: str
    turn: int
    decision_ids: tuple[str, ...]
    narrative: str
    method: str
    reason: str
    deltas: dict  # requested changes applied (after the roll, for matrix rulings)
    applied: dict  # indicator -> new value, after clamping to bounds
    flags_set: tuple[str, ...]
    flags_cleared: tuple[str, ...]
    audience: tuple[str, ...]
    author: str
    at: float
    # matrix: {pros, cons, modifier, target, dice, total, success, draw}; estimative: {odds,
    # estimates (team -> %), request_id, roll (d100), success, draw}
    matrix: dict | None = None


@dataclass(frozen=True)
class RulingVoided:
    """A ruling taken back by the white cell: `applied` holds the indicators it had moved, set
    back by what it moved them (new values, after clamping), `flags_set`/`flags_cleared` undo its
    flags, `covert_undone` the covert moves it had put into effect; its decisions are open again."""

    ruling_id: str
    reason: str
    applied: dict
    flags_set: tuple[str, ...]
    flags_cleared: tuple[str, ...]
    covert_undone: tuple[str, ...]
    author: str
    turn: int
    at: float


@dataclass(frozen=True)
class CovertRolled:
    """A covert move was checked for discovery: a seeded roll at a turn's start, or a named
    trigger (roll -1). When it is discovered, `applied` holds the indicators it moved (new
    values, after clamping) and `flags_set` its flags."""

    decision_id: str
    turn: int
    chance: float
    roll: float
    discovered: bool
    cause: str  # roll | trigger
    at: float
    draw: int = -1
    deltas: dict | None = None
    applied: dict | None = None
    flags_set: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObservationAdded:
    text: str
    role: str
    objective: str
    author: str
    turn: int
    at: float
    kind: str = "note"  # note | strength | improvement
    rating: str = ""  # an evaluator's P/S/M/U of the objective (engine/judgement.RATINGS)
    about: int = 0  # the seq of the event it concerns; 0: none


@dataclass(frozen=True)
class ClockPaused:
    at: float


@dataclass(frozen=True)
class ClockResumed:
    at: float


@dataclass(frozen=True)
class ClockRestarted:
    at: float


@dataclass(frozen=True)
class SourcesShown:
    shown: bool
    author: str
    at: float


@dataclass(frozen=True)
class ReleaseWithdrawn:
    inject_id: str
    decisions_withdrawn: tuple[str, ...]
    author: str
    turn: int
    at: float


@dataclass(frozen=True)
class PhaseUndone:
    turn: int
    phase: int  # the phase gone back to
    author: str
    at: float


@dataclass(frozen=True)
class SessionEnded:
    reason: str
    at: float
    conditions: tuple[str, ...] = ()  # end conditions met


@dataclass(frozen=True)
class TeamJoined:
    role: str
    client: str
    at: float


@dataclass(frozen=True)
class TeamSeen:
    """A team console was still open: written by older ttx versions only (presence is now kept
    outside the chain); still read, so their logs replay unchanged."""

    role: str
    at: float


@dataclass(frozen=True)
class JoinRefused:
    role: str
    client: str
    at: float


@dataclass(frozen=True)
class CodeIssued:
    """A code for a holder that is not a team (sessions created before it had one)."""

    holder: str
    code: str
    at: float


@dataclass(frozen=True)
class InjectRead:
    role: str
    inject_id: str
    at: float


@dataclass(frozen=True)
class ParticipantChanged:
    role: str
    mode: str
    at: float


@dataclass(frozen=True)
class IndicatorsShown:
    """The indicators the projector view (and the team consoles) show from now on."""

    ids: tuple[str, ...]
    author: str
    at: float


@dataclass(frozen=True)
class MessageSent:
    message_id: str
    sender: str  # "control" (the white cell) or a team
    to: str  # a team, "all" (every team), or "control"
    text: str
    author: str
    turn: int
    at: float


@dataclass(frozen=True)
class MessageRead:
    message_id: str
    reader: str
    at: float


@dataclass(frozen=True)
class EstimatesAsked:
    request_id: str
    decision_ids: tuple[str, ...]
    turn: int
    author: str
    at: float


@dataclass(frozen=True)
class EstimateGiven:
    request_id: str
    role: str
    percent: int
    reasoning: str
    author: str
    at: float
    on_behalf: bool = False  # entered by the white cell for a team played in the room


@dataclass(frozen=True)
class FeedbackGiven:
    role: str
    author: str
    worked: str
    improve: str
    realism: int
    learning: int
    at: float


Event = (
    SessionStarted
    | TurnStarted
    | PhaseStarted
    | InjectReleased
    | InjectWritten
    | DecisionSubmitted
    | DecisionAmended
    | DecisionWithdrawn
    | Adjudicated
    | RulingVoided
    | CovertRolled
    | ObservationAdded
    | ClockPaused
    | ClockResumed
    | ClockRestarted
    | SourcesShown
    | ReleaseWithdrawn
    | PhaseUndone
    | SessionEnded
    | TeamJoined
    | TeamSeen
    | JoinRefused
    | CodeIssued
    | InjectRead
    | ParticipantChanged
    | IndicatorsShown
    | MessageSent
    | MessageRead
    | EstimatesAsked
    | EstimateGiven
    | FeedbackGiven
)

EVENT_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        SessionStarted,
        TurnStarted,
        PhaseStarted,
        InjectReleased,
        InjectWritten,
        DecisionSubmitted,
        DecisionAmended,
        DecisionWithdrawn,
        Adjudicated,
        RulingVoided,
        CovertRolled,
        ObservationAdded,
        ClockPaused,
        ClockResumed,
        ClockRestarted,
        SourcesShown,
        ReleaseWithdrawn,
        PhaseUndone,
        SessionEnded,
        TeamJoined,
        TeamSeen,
        JoinRefused,
        CodeIssued,
        InjectRead,
        ParticipantChanged,
        IndicatorsShown,
        MessageSent,
        MessageRead,
        EstimatesAsked,
        EstimateGiven,
        FeedbackGiven,
    )
}

# Fields holding tuples (of tuples) that JSON turns into lists.
_TUPLE_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if "tuple" in str(f.type))
    for cls in EVENT_TYPES.values()
}


def kind(event: Event) -> str:
    return type(event).__name__


# Fields added after sessions were first recorded, left out of the payload while they hold
# their default: a session that does not use them writes the same bytes (and hashes) as before.
_LATER_FIELDS: dict[type, dict[str, Any]] = {
    DecisionSubmitted: {"confidence": -1},
    DecisionAmended: {"confidence": -1},
    ObservationAdded: {"rating": "", "about": 0},
    EstimateGiven: {"on_behalf": False},
}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def to_payload(event: Event) -> dict[str, Any]:
    # Every durable append builds one: the field names are looked up once per kind.
    payload = {name: getattr(event, name) for name in _field_names(type(event))}
    later = _LATER_FIELDS.get(type(event))
    if later:
        for name, default in later.items():
            if payload[name] == default:
                del payload[name]
    return payload


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


class _Shape(NamedTuple):
    fields: frozenset[str]
    required: frozenset[str]
    defaults: dict[str, Any]


def _shape(cls: type) -> _Shape:
    fields = dataclasses.fields(cls)
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    names = frozenset(f.name for f in fields)
    return _Shape(names, names - defaults.keys(), defaults)


# No event has a __post_init__ or a default_factory (a test checks): an event whose payload
# names every required field and nothing else is its defaults overlaid with the payload.
_SHAPES: dict[type, _Shape] = {cls: _shape(cls) for cls in EVENT_TYPES.values()}


def from_payload(kind_name: str, payload: dict[str, Any]) -> Event:
    cls = EVENT_TYPES.get(kind_name)
    if cls is None:
        raise ValueError(f"unknown event kind {kind_name!r}")
    for name in _TUPLE_FIELDS[cls]:
        if name in payload:
            payload[name] = _tuples(payload[name])
    shape = _SHAPES[cls]
    if not (shape.required <= payload.keys() <= shape.fields):
        return cls(**payload)  # a missing or unknown field: the dataclass names it
    # A replay makes one event per row: filling the instance's dict skips the frozen
    # dataclass's __init__ (a guarded object.__setattr__ per field), a third of the fold.
    event: Event = object.__new__(cls)
    event.__dict__.update(shape.defaults)
    event.__dict__.update(payload)
    return event


def actor_of(event: Event) -> str:
    """Who caused the event, for the log's actor column."""
    for name in ("author", "role", "sender", "reader"):
        value = getattr(event, name, None)
        if value:
            return value
    return "control"
