"""What each playthrough of a road leaves (`Outcome`), and the summary of an option's runs.

An outcome is small and plain (tuples of numbers), so a worker process hands back hundreds
cheaply; the summary of an option is built from its outcomes in run order, so it is the same
whichever worker played which run.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import NamedTuple

from exercise.engine.state import State
from exercise.session.simulate import _pct as percentile  # one percentile for every sweep
from exercise.session.whatif_types import Alternative, EndInfo, EndRate, FanPoint, Spread


class Outcome(NamedTuple):
    """One playthrough from a decision to the session's end."""

    finals: tuple[int, ...]  # each indicator at the end, in the scenario's order
    by_turn: tuple[
        tuple[int, ...], ...
    ]  # the indicators at the end of each turn from the decision's
    ends: tuple[str, ...]  # end conditions met at the end
    turn: int  # the turn the session ended in


def outcome(state: State, from_turn: int) -> Outcome:
    """What a played state leaves: a session that ended early keeps its last values after it."""
    ids = [i.id for i in state.scenario.indicators]
    openings = dict(state.indicator_history)
    by_turn = []
    for turn in range(from_turn, len(state.scenario.turns) + 1):
        values = openings.get(turn + 1, state.indicators)
        by_turn.append(tuple(values[i] for i in ids))
    return Outcome(
        tuple(state.indicators[i] for i in ids),
        tuple(by_turn),
        tuple(state.end_conditions),
        state.turn,
    )


def alternative(
    option: str,
    label: str,
    chosen: bool,
    seeds: tuple[int, ...],
    outcomes: list[Outcome],
    indicator_ids: tuple[str, ...],
    ends: tuple[EndInfo, ...],
    from_turn: int,
    last_turn: int,
) -> Alternative:
    runs = len(outcomes)
    met = Counter(e for o in outcomes for e in o.ends)
    return Alternative(
        option=option,
        label=label,
        chosen=chosen,
        runs=runs,
        seeds=seeds,
        indicators={
            ind: _spread(
                [o.finals[k] for o in outcomes], [o.by_turn for o in outcomes], k, from_turn
            )
            for k, ind in enumerate(indicator_ids)
        },
        end_conditions=tuple(
            EndRate(e.id, met[e.id], round(met[e.id] / runs, 4) if runs else 0.0) for e in ends
        ),
        ended_early=sum(1 for o in outcomes if o.turn < last_turn),
    )


def _spread(
    finals: list[int], by_turn: list[tuple[tuple[int, ...], ...]], k: int, from_turn: int
) -> Spread:
    turns = len(by_turn[0]) if by_turn else 0
    fan = []
    for t in range(turns):
        values = [run[t][k] for run in by_turn]
        fan.append(
            FanPoint(
                turn=from_turn + t,
                p10=round(percentile(values, 0.1), 2),
                median=round(percentile(values, 0.5), 2),
                p90=round(percentile(values, 0.9), 2),
            )
        )
    return Spread(
        min=min(finals),
        p10=round(percentile(finals, 0.1), 2),
        median=round(percentile(finals, 0.5), 2),
        mean=round(statistics.fmean(finals), 2),
        p90=round(percentile(finals, 0.9), 2),
        max=max(finals),
        histogram=dict(sorted(Counter(finals).items())),
        fan=tuple(fan),
    )
