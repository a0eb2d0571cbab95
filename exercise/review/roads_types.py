"""The report's section on the roads not taken (from a `ttx whatif` result): its types.

Frozen dataclasses like the rest of the report (report_types), rendered by render_roads and
serialised by `as_json` in declaration order. The spreads, fans and differences are the
whatif result's own types (session/whatif_types, session/whatif_measure).
"""

from __future__ import annotations

from dataclasses import dataclass

from exercise.session.whatif_measure import Difference
from exercise.session.whatif_types import EndInfo, Spread

Values = dict[str, int]


@dataclass(frozen=True)
class RoadOption:
    """One option of a decision, played on `runs` times from where the team decided."""

    option: str
    label: str
    chosen: bool
    runs: int
    indicators: dict[str, Spread]  # at the end, and turn by turn (its fan)
    end_conditions: dict[str, float]  # end condition id -> share of runs in which it held


@dataclass(frozen=True)
class RoadDecision:
    decision: str
    seq: int
    turn: int
    role: str
    team: str
    inject: str
    inject_title: str
    chosen: str
    chosen_label: str
    at_decision: Values
    options: tuple[RoadOption, ...]  # in the inject's order; the team's own marked `chosen`
    difference: Difference | None  # the largest, of an option not taken against the choice
    charted: Difference | None  # the largest on an indicator: the one its fan chart shows
    beyond_chance: bool
    sentence: str
    in_short: str  # the largest difference in a few words: "cohesion ended below 4 in 61% ..."


@dataclass(frozen=True)
class RoadSkipped:
    decision: str
    seq: int
    reason: str


@dataclass(frozen=True)
class RoadsNotTaken:
    """What other options would have led to, decision by decision, and those that mattered."""

    runs: int  # per option
    analysed_events: int  # the session's events when it was analysed
    session_seed: int
    lineage: str  # how each run's seed was derived
    chance: float  # differences in shares under this are within what chance gives
    end_conditions: tuple[EndInfo, ...]
    mattered: tuple[str, ...]  # decisions charted, largest difference first
    decisions: tuple[RoadDecision, ...]  # every decision analysed, in the order taken
    skipped: tuple[RoadSkipped, ...]
