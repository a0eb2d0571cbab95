"""Covert moves: kept from the roles they target until a seeded roll or a named trigger finds them.

A covert option takes effect when it is ruled on like any other (evolve records the move). At
the start of each later turn every hidden move is rolled for, with the session's RNG, and the
roll is an event whether or not it finds the move, so a replay draws the same numbers. After
every change a move whose named triggers hold is found at once, with no roll. Discovery moves
the option's discovery effects, sets its flags and releases its discovery inject.
"""

from __future__ import annotations

from typing import Protocol

from exercise.engine import events as ev
from exercise.engine.rules import all_hold, rng
from exercise.engine.state import CovertMove, State


class Batch(Protocol):
    state: State

    def add(self, event: ev.Event) -> None: ...


def _spec(s: State, move: CovertMove):
    opt = s.world.injects[move.inject_id].option(move.option_id)
    assert opt is not None and opt.covert is not None  # evolve records only covert options
    return opt.covert


def open_moves(s: State) -> list[CovertMove]:
    """Moves still hidden, oldest first."""
    return [m for m in s.covert.values() if m.hidden]


def roll_for_discovery(b: Batch, at: float) -> None:
    """A new turn has begun: roll for every move made in an earlier turn and still hidden."""
    for move in open_moves(b.state):
        if move.turn >= b.state.turn:
            continue
        s = b.state
        draw = s.rng_draws
        roll = rng(s, draw).random()
        found = roll < move.chance
        _record(b, move, at, found, "roll", roll, draw)


def discover_by_trigger(b: Batch, at: float) -> None:
    """Find every hidden move whose named triggers now hold."""
    for move in open_moves(b.state):
        spec = _spec(b.state, move)
        if spec.when and all_hold(b.state, spec.when, "any"):
            _record(b, move, at, True, "trigger", -1.0, -1)


def _record(
    b: Batch, move: CovertMove, at: float, found: bool, cause: str, roll: float, draw: int
) -> None:
    s = b.state
    deltas: dict[str, int] = {}
    applied: dict[str, int] = {}
    flags: tuple[str, ...] = ()
    if found:
        spec = _spec(s, move)
        for ind, delta in spec.effects:
            indicator = s.world.scenario.indicator(ind)
            if indicator is not None and delta:
                deltas[ind] = deltas.get(ind, 0) + delta
                applied[ind] = indicator.clamp(s.indicators[ind] + deltas[ind])
        flags = spec.sets
    b.add(
        ev.CovertRolled(
            move.decision_id,
            s.turn,
            move.chance,
            roll,
            found,
            cause,
            at,
            draw,
            deltas or None,
            applied or None,
            flags,
        )
    )
    if found:
        inject = _spec(b.state, move).inject
        if inject in b.state.world.injects and inject not in b.state.released:
            b.add(ev.InjectReleased(inject, b.state.turn, "discovery"))
