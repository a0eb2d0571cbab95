"""The roads not taken, as data: what `ttx whatif` finds and writes, and `ttx report --whatif`
reads back.

Frozen dataclasses. `to_json` writes each field under its own name in declaration order, so the
declaration order below is the key order of the JSON; `from_json` reads a document back into
them, every field checked against its declared type (a hand-edited or truncated file is named
where it is wrong, never a traceback). What is derived from these data (the largest difference,
the sentence in plain words) is not stored here: see whatif_measure.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar, Union

FORMAT = "ttx-whatif"
VERSION = 1

T = TypeVar("T")


@dataclass(frozen=True)
class FanPoint:
    """An indicator over the runs of one option at the end of one turn (a run that ended earlier
    keeps its last value)."""

    turn: int
    p10: float
    median: float
    p90: float


@dataclass(frozen=True)
class Spread:
    """One indicator over the runs of one option: at the session's end, and turn by turn from
    the decision on (`fan`)."""

    min: int
    p10: float
    median: float
    mean: float
    p90: float
    max: int
    histogram: dict[int, int]  # value at the end -> runs that ended there
    fan: tuple[FanPoint, ...]


@dataclass(frozen=True)
class EndRate:
    id: str
    met: int  # runs in which the end condition held at the end
    share: float


@dataclass(frozen=True)
class Alternative:
    """One option the team could have chosen (or the one it did), played on `runs` times."""

    option: str
    label: str
    chosen: bool
    runs: int
    seeds: tuple[int, ...]  # run index -> seed (see Lineage)
    indicators: dict[str, Spread]
    end_conditions: tuple[EndRate, ...]
    ended_early: int  # runs that ended before the scenario's last turn


@dataclass(frozen=True)
class DecisionRoads:
    decision: str
    seq: int  # the event that set the team's choice (its submission, or its last amendment)
    turn: int
    role: str
    inject: str
    inject_title: str
    chosen: str
    at_decision: dict[str, int]  # the indicators as the team decided
    alternatives: tuple[Alternative, ...]  # in the inject's order of options


@dataclass(frozen=True)
class Skipped:
    """A decision with no road not taken to play: a free action, or a single option open."""

    decision: str
    seq: int
    reason: str


@dataclass(frozen=True)
class IndicatorInfo:
    id: str
    label: str
    min: int
    max: int


@dataclass(frozen=True)
class EndInfo:
    id: str
    label: str
    ends_session: bool


@dataclass(frozen=True)
class SessionRef:
    """The session analysed, as it was when read: its head names the last event read."""

    file: str
    scenario: str
    seed: int
    events: int
    head: str  # "SEQ:HASH" of the last event read
    ended: bool
    final: dict[str, int]  # the session's own indicators at the end (or now, if not ended)
    end_conditions: tuple[str, ...]  # met in the session itself


@dataclass(frozen=True)
class Lineage:
    """Where every run's seed comes from: nothing but the session's seed, the decision, the
    option and the run's index, so a result is the same whatever plays the runs."""

    session_seed: int
    rule: str


@dataclass(frozen=True)
class WhatIf:
    format: str
    version: int
    session: SessionRef
    runs: int  # per option
    lineage: Lineage
    indicators: tuple[IndicatorInfo, ...]
    end_conditions: tuple[EndInfo, ...]
    decisions: tuple[DecisionRoads, ...]  # in the order they were taken
    skipped: tuple[Skipped, ...]


def to_json(value: Any) -> Any:
    """The JSON-ready form of a result (or any part of it): dataclasses as objects."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


class Malformed(ValueError):
    """A document that is not a result of this shape: `where` is the path to the bad part."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where


def from_json(data: Any) -> WhatIf:
    """A result read back from its JSON form; Malformed naming the first thing out of shape."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Malformed("", f'not a ttx whatif result (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise Malformed("version", f"{data.get('version')!r}: this ttx reads version {VERSION}")
    result = _read(WhatIf, data, "")
    _consistent(result)
    return result


def _consistent(result: WhatIf) -> None:
    """What the types alone do not say, and what is read from a result relies on: every option
    played at least once, its runs counted in full, one of them the team's choice."""
    indicators = {i.id for i in result.indicators}
    ends = {e.id for e in result.end_conditions}
    if result.runs < 1:
        raise Malformed("runs", f"{result.runs}: at least one run per option")
    for n, d in enumerate(result.decisions):
        where = f"decisions[{n}]"
        if [a.option for a in d.alternatives if a.chosen] != [d.chosen]:
            raise Malformed(where, f"its choice {d.chosen!r} is not the one option marked chosen")
        turns: dict[str, list[int]] = {}
        for k, a in enumerate(d.alternatives):
            at = f"{where}.alternatives[{k}]"
            if a.runs < 1 or len(a.seeds) != a.runs:
                raise Malformed(at, f"{a.runs} runs, {len(a.seeds)} seeds")
            if set(a.indicators) != indicators:
                raise Malformed(f"{at}.indicators", "not the indicators listed")
            for ind, spread in a.indicators.items():
                if sum(spread.histogram.values()) != a.runs:
                    raise Malformed(f"{at}.indicators.{ind}", f"its histogram is not {a.runs} runs")
                if turns.setdefault(ind, [p.turn for p in spread.fan]) != [
                    p.turn for p in spread.fan
                ]:
                    raise Malformed(f"{at}.indicators.{ind}.fan", "not the turns of the others")
            unknown = [r.id for r in a.end_conditions if r.id not in ends]
            if unknown:
                raise Malformed(f"{at}.end_conditions", f"{unknown[0]!r} is not one listed")


_HINTS: dict[type, dict[str, Any]] = {}


def _read(kind: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        return _read(next(o for o in options if o is not type(None)), value, where)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_read(item, v, f"{where}[{i}]") for i, v in enumerate(_is(list, value, where)))
    if origin is dict:
        key, item = typing.get_args(kind)
        return {
            _key(key, k, where): _read(item, v, f"{where}.{k}")
            for k, v in _is(dict, value, where).items()
        }
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _record(kind, _is(dict, value, where), where)
    if kind is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise Malformed(where, f"{value!r} is not a number")
    return _is(kind, value, where)


def _record(kind: type[T], value: dict, where: str) -> T:
    hints = _HINTS.get(kind)
    if hints is None:
        hints = _HINTS[kind] = typing.get_type_hints(kind)
    fields = {}
    for f in dataclasses.fields(kind):  # type: ignore[arg-type]
        inner = f"{where}.{f.name}" if where else f.name
        if f.name not in value:
            raise Malformed(where or "the document", f'missing "{f.name}"')
        fields[f.name] = _read(hints[f.name], value[f.name], inner)
    return kind(**fields)


def _is(kind: type[T], value: Any, where: str) -> T:
    # bool is an int to Python, never to a reader of the file
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    names = {dict: "an object", list: "a list", str: "a text", int: "a whole number"}
    raise Malformed(where, f"{_shown(value)} is not {names.get(kind, kind.__name__)}")


def _key(kind: type, key: str, where: str) -> Any:
    if kind is int:
        try:
            return int(key)
        except ValueError:
            raise Malformed(where, f"key {key!r} is not a whole number") from None
    return key


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
