"""Which decisions `ttx whatif` plays: every one with a road not taken, or the one named by its
id or by an event it was taken at; a request that names none is refused in one line."""

from __future__ import annotations

from collections.abc import Sequence

from exercise.engine import events as ev
from exercise.engine.view import team_name
from exercise.session.whatif import Fork, Played
from exercise.session.whatif_types import Skipped

SHOWN = 6  # decision ids named when one asked for is not there


class NoRoads(ValueError):
    """Nothing to play for what was asked (the message says why, in one line)."""


def select(
    played: Played,
    found: Sequence[Fork],
    skipped: Sequence[Skipped],
    decision: str | None = None,
    at: int | None = None,
) -> tuple[list[Fork], list[Skipped]]:
    """The forks to play, and the decisions among those asked for that have no road to play."""
    if decision is not None:
        return [_by_id(played, found, skipped, decision)], []
    if at is not None:
        return [_by_event(played, found, skipped, at)], []
    if found:
        return list(found), list(skipped)
    if not skipped:
        raise NoRoads(f"{played.file}: no team has decided anything yet: no road not taken")
    n = len(skipped)
    raise NoRoads(
        f"{played.file}: no road not taken in its {n} decision{'s' if n != 1 else ''}: "
        "free actions, or a single option open"
    )


def _by_id(played: Played, found: Sequence[Fork], skipped: Sequence[Skipped], wanted: str) -> Fork:
    for fork in found:
        if fork.decision == wanted:
            return fork
    for skip in skipped:
        if skip.decision == wanted:
            raise NoRoads(f"--decision {wanted}: {skip.reason}; no road not taken")
    ids = [f.decision for f in found]
    if not ids:
        raise NoRoads(f"--decision {wanted}: {played.file} has no decision with a road not taken")
    more = f", and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
    raise NoRoads(
        f"--decision {wanted}: no such decision in {played.file}; "
        f"its decisions (ROLE:INJECT) are {', '.join(ids[:SHOWN])}{more}"
    )


def _by_event(played: Played, found: Sequence[Fork], skipped: Sequence[Skipped], at: int) -> Fork:
    last = played.seqs[-1]
    if not 1 <= at <= last:
        raise NoRoads(f"--at {at}: out of range; {played.file} has events 1 to {last}")
    for fork in found:
        if at in fork.seqs:
            return fork
    for skip in skipped:
        if skip.seq == at:
            raise NoRoads(f"--at {at}: {skip.reason}; no road not taken")
    event = dict(zip(played.seqs, played.events, strict=True)).get(at)
    if isinstance(event, ev.DecisionSubmitted | ev.DecisionAmended):
        d = played.state.decisions.get(event.decision_id)
        who = team_name(d.role) if d is not None else "the team"
        again = next((f.seq for f in found if f.decision == event.decision_id), None)
        later = f", then decided again at event {again}" if again else ""
        raise NoRoads(f"--at {at}: {who} withdrew the choice made at event {at}{later}")
    kind = type(event).__name__ if event is not None else "missing"
    taken = sorted({s for f in found for s in f.seqs})
    where = f"; decisions with roads not taken are at events {_ranges(taken)}" if taken else ""
    raise NoRoads(f"--at {at}: event {at} is {kind}, not a team's decision{where}")


def _ranges(seqs: list[int]) -> str:
    """8, 9, 10, 12 -> "8-10, 12"."""
    out: list[str] = []
    start = prev = seqs[0]
    for s in [*seqs[1:], None]:
        if s is not None and s == prev + 1:
            prev = s
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if s is not None:
            start = prev = s
    return ", ".join(out)
