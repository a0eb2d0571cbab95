"""The debrief's two views of how the game came out: each team on its own scorecard, and the
moves made in secret (what, hidden from whom, for how long, and whether it came out)."""

from __future__ import annotations

from dataclasses import dataclass

from exercise.engine.scorecard import score, stance
from exercise.engine.state import State


@dataclass(frozen=True)
class OutcomePart:
    indicator: str
    label: str
    worth: float  # what a step up is worth to the team (+good, -bad), weight included
    start: int
    end: int


@dataclass(frozen=True)
class Outcome:
    role: str
    name: str
    score: float  # scorecard at the end against the start: 0 = as it began, +1 = a whole range
    parts: tuple[OutcomePart, ...]


@dataclass(frozen=True)
class HiddenMove:
    role: str
    inject: str
    title: str
    option: str
    label: str
    hidden_from: tuple[str, ...]
    chance: float
    made_turn: int
    found_turn: int  # 0: never found
    cause: str  # roll | trigger | "" when never found
    turns_hidden: int  # until found, or to the last turn played


def outcomes(state: State) -> tuple[Outcome, ...]:
    sc = state.world.scenario
    out = []
    for role in sc.roles:
        parts = tuple(
            OutcomePart(i.id, i.label, w, i.start, state.indicators.get(i.id, i.start))
            for i in sc.indicators
            if (w := stance(i, role))
        )
        name = state.world.roles[role].name if role in state.world.roles else role
        out.append(Outcome(role, name, round(score(sc, role, state.indicators), 3), parts))
    return tuple(out)


def hidden_moves(state: State) -> tuple[HiddenMove, ...]:
    rows = []
    for move in state.covert.values():
        inj = state.world.injects[move.inject_id]
        opt = inj.option(move.option_id)
        until = move.discovered_turn or state.turn
        rows.append(
            HiddenMove(
                move.role,
                move.inject_id,
                inj.title,
                move.option_id,
                opt.label if opt else move.option_id,
                move.hidden_from,
                move.chance,
                move.turn,
                move.discovered_turn,
                move.cause,
                until - move.turn,
            )
        )
    return tuple(rows)
