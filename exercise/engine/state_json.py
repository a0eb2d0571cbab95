"""A State as plain JSON and back, every field checked on the way in.

The console's start cache (session/start_cache.py) keeps the state a replay reached as this
JSON; decoding refuses (ValueError) anything not of the exact shape a fold produces, so a cache
from another version, a damaged one or a hand-edited one is never half-trusted: the caller
replays instead. The world is kept as its raw content and rebuilt as a replay builds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from exercise.engine.state import (
    CovertMove,
    Decision,
    Estimate,
    EstimateRequest,
    Feedback,
    Message,
    Release,
    Ruling,
    State,
)
from exercise.engine.world import world_from_raw

Check = Callable[[Any], Any]


def _is(*types: type) -> Check:
    def check(value: Any) -> Any:
        # bool is an int to Python, not to a counter: a flag where a number belongs is refused
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            raise ValueError(
                f"expected {'/'.join(t.__name__ for t in types)}, found {type(value).__name__}"
            )
        return value

    return check


_str, _int, _bool, _dict = _is(str), _is(int), _is(bool), _is(dict)
_num = _is(int, float)


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _tuple(check: Check) -> Check:
    return lambda value: tuple(check(v) for v in _is(list)(value))


def _frozenset(check: Check) -> Check:
    return lambda value: frozenset(check(v) for v in _is(list)(value))


def _mapping(check: Check) -> Check:
    return lambda value: {_str(k): check(v) for k, v in _dict(value).items()}


def _pair(first: Check, second: Check) -> Check:
    def check(value: Any) -> tuple:
        a, b = _is(list)(value)  # exactly two, or the unpacking refuses it
        return first(a), second(b)

    return check


def _record(cls: type, checks: dict[str, Check]) -> Check:
    """A dataclass from a JSON object holding exactly its fields."""
    names = [f.name for f in fields(cls)]
    assert set(names) == set(checks), f"{cls.__name__}: every field needs a check"

    def check(value: Any) -> Any:
        if set(_dict(value)) != set(names):
            raise ValueError(f"{cls.__name__}: fields differ")
        return cls(**{name: checks[name](value[name]) for name in names})

    return check


_release = _record(Release, dict(inject_id=_str, turn=_int, how=_str, deck=_str))
_message = _record(
    Message,
    dict(message_id=_str, sender=_str, to=_str, text=_str, author=_str, turn=_int, at=_num),
)
_decision = _record(
    Decision,
    dict(
        decision_id=_str,
        role=_str,
        inject_id=_optional(_str),
        option_id=_optional(_str),
        text=_str,
        rationale=_str,
        author=_str,
        turn=_int,
        submitted_at=_num,
        amended=_int,
        withdrawn=_bool,
        ruling_id=_str,
        confidence=_int,
    ),
)
_estimate = _record(
    Estimate,
    dict(role=_str, percent=_int, reasoning=_str, author=_str, at=_num, on_behalf=_bool),
)
_estimate_request = _record(
    EstimateRequest,
    dict(
        request_id=_str,
        decision_ids=_tuple(_str),
        turn=_int,
        asked_at=_num,
        given=_tuple(_estimate),
        ruling_id=_str,
    ),
)
_feedback = _record(
    Feedback,
    dict(
        role=_str,
        author=_str,
        worked=_str,
        improve=_str,
        realism=_int,
        learning=_int,
        at=_num,
    ),
)
_ruling = _record(
    Ruling,
    dict(
        ruling_id=_str,
        turn=_int,
        decision_ids=_tuple(_str),
        narrative=_str,
        method=_str,
        reason=_str,
        deltas=_dict,
        applied=_dict,
        flags_set=_tuple(_str),
        flags_cleared=_tuple(_str),
        audience=_tuple(_str),
        matrix=_optional(_dict),
        at=_num,
        before=_dict,
        flags_added=_tuple(_str),
        flags_removed=_tuple(_str),
        voided=_str,
    ),
)

_covert_move = _record(
    CovertMove,
    dict(
        decision_id=_str,
        role=_str,
        inject_id=_str,
        option_id=_str,
        turn=_int,
        hidden_from=_tuple(_str),
        chance=_num,
        rolls=_int,
        discovered_turn=_int,
        cause=_str,
    ),
)

# Every field of State but the world, with the check that rebuilds it from JSON.
_STATE: dict[str, Check] = dict(
    seq=_int,
    seed=_int,
    rng_draws=_int,
    participants=_mapping(_str),
    codes=_mapping(_str),
    turn=_int,
    phase=_int,
    phase_started_at=_num,
    paused_at=_optional(_num),
    paused_total=_num,
    indicators=_mapping(_int),
    indicator_history=_tuple(_pair(_int, _mapping(_int))),
    flags=_frozenset(_str),
    releases=_tuple(_release),
    released=_frozenset(_str),
    deck_left=_mapping(_tuple(_str)),
    decisions=_mapping(_decision),
    rulings=_tuple(_ruling),
    covert=_mapping(_covert_move),
    reads=_frozenset(_pair(_str, _str)),
    seen=_mapping(_num),
    observations=_int,
    shown=_tuple(_str),
    sources_hidden=_bool,
    messages=_tuple(_message),
    message_reads=_frozenset(_pair(_str, _str)),
    estimates=_tuple(_estimate_request),
    feedback=_tuple(_feedback),
    ended=_bool,
    end_reason=_str,
    end_conditions=_tuple(_str),
    started_at=_num,
    last_at=_num,
)
assert set(_STATE) | {"world"} == {f.name for f in fields(State)}, (
    "every field of State needs a check"
)


def _plain(value: Any) -> Any:
    """Tuples and sets as lists, records as objects: what json.dumps can write."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset):
        return sorted((_plain(v) for v in value), key=repr)  # one text for one state
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(
        value, (Release, Decision, Ruling, CovertMove, Message, Estimate, EstimateRequest, Feedback)
    ):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def to_json(state: State) -> dict[str, Any]:
    """A state as JSON-compatible values."""
    out = {name: _plain(getattr(state, name)) for name in _STATE}
    out["world"] = state.world.raw
    return out


def from_json(data: Any) -> State:
    """The state `to_json` wrote; ValueError (or TypeError, KeyError) on anything else."""
    if set(_dict(data)) != set(_STATE) | {"world"}:
        raise ValueError("the fields of the state differ from this version's")
    values = {name: check(data[name]) for name, check in _STATE.items()}
    return State(world=world_from_raw(_dict(data["world"])), **values)
