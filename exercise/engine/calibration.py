"""Calibrated judgement: every chance a team stated, scored against what happened.

Two kinds of forecast are scored. A decision's confidence ("how likely is this to get what you
want this turn?") comes true when the ruling on it did: its roll succeeded (matrix or
estimative), or, for a ruling by the rules or a free one, when what it changed is worth
something to the team by its own scorecard (engine/scorecard.worth). An estimate before an
estimative ruling comes true when the roll succeeded. A voided ruling scores nothing.

The Brier score is the mean of (p - outcome)^2: 0 is perfect, 0.25 is what always saying 50%
earns. The reliability table puts the forecasts in bands of ten points and sets the share that
came true beside the mean forecast of each band.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exercise.engine.scorecard import worth
from exercise.engine.state import Decision, Ruling, State

BANDS = 10  # reliability bands: 0-9%, 10-19% ... 90-100%
CLOSE_ENOUGH = 0.05  # mean forecast this near the share that came true reads as calibrated


@dataclass(frozen=True)
class Forecast:
    role: str
    kind: str  # confidence | estimate
    probability: float  # 0..1
    came_true: bool
    turn: int
    decision_ids: tuple[str, ...]
    ruling_id: str
    on_behalf: bool = False  # an estimate the white cell entered for a team played in the room


@dataclass(frozen=True)
class Band:
    low: int  # percent
    high: int
    count: int
    mean_forecast: float
    came_true: float  # share


@dataclass(frozen=True)
class Calibration:
    role: str
    forecasts: int
    brier: float
    mean_forecast: float
    came_true: float
    bands: tuple[Band, ...]

    @property
    def bias(self) -> float:
        """Positive: over-confident (forecasts above what came true)."""
        return self.mean_forecast - self.came_true

    def in_words(self) -> str:
        points = round(abs(self.bias) * 100)
        if abs(self.bias) <= CLOSE_ENOUGH:
            return f"well calibrated (within {points} points)"
        side = "over-confident" if self.bias > 0 else "under-confident"
        return (
            f"{side} by {points} points: said {self.mean_forecast:.0%} on average, "
            f"{self.came_true:.0%} came true"
        )


def standing_ruling(state: State, decision: Decision) -> Ruling | None:
    r = state.ruling(decision.ruling_id) if decision.ruling_id else None
    return r if r is not None and not r.voided else None


def got_what_it_wanted(state: State, decision: Decision, ruling: Ruling) -> bool:
    if ruling.matrix and "success" in ruling.matrix:
        return bool(ruling.matrix["success"])
    changes = [(k, v - ruling.before.get(k, v)) for k, v in ruling.applied.items()]
    return worth(state.world.scenario, decision.role, changes) > 0


def forecasts(state: State) -> list[Forecast]:
    """Every stated chance with a standing ruling to score it, in the order they were made."""
    out = []
    for d in state.decisions.values():
        ruling = standing_ruling(state, d)
        if d.confidence < 0 or d.withdrawn or ruling is None:
            continue
        hit = got_what_it_wanted(state, d, ruling)
        out.append(
            Forecast(
                d.role,
                "confidence",
                d.confidence / 100,
                hit,
                d.turn,
                (d.decision_id,),
                ruling.ruling_id,
            )
        )
    for request in state.estimates:
        ruling = state.ruling(request.ruling_id) if request.ruling_id else None
        if ruling is None or ruling.voided or not ruling.matrix:
            continue
        for e in request.given:
            out.append(
                Forecast(
                    e.role,
                    "estimate",
                    e.percent / 100,
                    bool(ruling.matrix["success"]),
                    request.turn,
                    request.decision_ids,
                    ruling.ruling_id,
                    e.on_behalf,
                )
            )
    return out


def calibration(role: str, scored: Iterable[Forecast]) -> Calibration | None:
    """A team's calibration over its forecasts (of one session or of several), None if none."""
    mine = [f for f in scored if f.role == role]
    if not mine:
        return None
    n = len(mine)
    bands = []
    for i in range(BANDS):
        low, high = i * 100 // BANDS, (i + 1) * 100 // BANDS - 1
        inside = [f for f in mine if _band(f.probability) == i]
        if inside:
            bands.append(
                Band(
                    low,
                    100 if i == BANDS - 1 else high,
                    len(inside),
                    sum(f.probability for f in inside) / len(inside),
                    sum(f.came_true for f in inside) / len(inside),
                )
            )
    return Calibration(
        role,
        n,
        sum((f.probability - f.came_true) ** 2 for f in mine) / n,
        sum(f.probability for f in mine) / n,
        sum(f.came_true for f in mine) / n,
        tuple(bands),
    )


def _band(p: float) -> int:
    return min(
        BANDS - 1, round(p * 100) * BANDS // 100
    )  # whole percent: 0.3 * 10 is 3.0000000000000004
