"""Pure rule helpers: conditions, triggers, end conditions, the seeded RNG, matrix odds."""

from __future__ import annotations

import random
from itertools import product

from exercise.content.model import Condition
from exercise.engine.state import State

_OPS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
}


def rng(state: State, draw: int) -> random.Random:
    """The session's RNG for draw number `draw`: a pure function of the seed and the index."""
    return random.Random(f"{state.seed}:{draw}")


def holds(state: State, c: Condition) -> bool:
    if c.indicator:
        value = state.indicators.get(c.indicator)
        return value is not None and _OPS[c.op](value, c.value)
    if c.decision:
        inj, opt = c.decision.split("/", 1)
        return any(
            d.inject_id == inj
            and d.option_id == opt
            and d.ruling_id
            and not d.withdrawn
            and (not c.role or d.role == c.role)
            for d in state.decisions.values()
        )
    if c.flag:
        return c.flag in state.flags
    if c.not_flag:
        return c.not_flag not in state.flags
    return False


def all_hold(state: State, conditions, mode: str) -> bool:
    results = (holds(state, c) for c in conditions)
    return any(results) if mode == "any" else all(results)


def available(state: State, option) -> bool:
    """Whether an option is on offer now: every condition it requires holds."""
    return all_hold(state, option.requires, "all") if option.requires else True


def due_triggers(state: State) -> list[str]:
    """Triggered injects of the scenario whose conditions now hold and that are not yet out."""
    sc = state.world.scenario
    out = []
    for inj_id in sc.triggered:
        inj = state.world.injects.get(inj_id)
        if inj is None or inj.trigger is None or inj_id in state.released:
            continue
        t = inj.trigger
        if t.from_turn and state.turn < t.from_turn:
            continue
        if t.until_turn and state.turn > t.until_turn:
            continue
        if all_hold(state, t.when, t.mode):
            out.append(inj_id)
    return out


def end_conditions_met(state: State) -> list[tuple[str, bool]]:
    """(id, ends_session) of every end condition that holds now."""
    return [
        (e.id, e.ends_session)
        for e in state.world.scenario.end_conditions
        if all_hold(state, e.when, e.mode)
    ]


def matrix_odds(modifier: int, target: int) -> float:
    """Chance that 2d6 + modifier >= target."""
    hits = sum(1 for a, b in product(range(1, 7), repeat=2) if a + b + modifier >= target)
    return hits / 36


def next_roll(state: State) -> tuple[int, int]:
    """The 2d6 a matrix ruling recorded now would roll: the roll a facilitator sees before
    writing the narrative is the one the log keeps (a ruling names the draw it saw)."""
    return roll_2d6(state, state.rng_draws)


def roll_2d6(state: State, draw: int) -> tuple[int, int]:
    r = rng(state, draw)
    return r.randint(1, 6), r.randint(1, 6)
