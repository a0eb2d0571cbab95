"""The after-action report model: frozen dataclasses, one per section and row.

Built once by report_model.build_report and read by the Markdown, HTML and JSON renderers and
the review console, so that renaming a field is a type error in every reader, not a KeyError
at run time. `as_json` turns a report into the JSON document: each field in declaration order,
under its own name (or the `json` name in its metadata where the JSON key is a Python keyword),
so the declaration order below *is* the key order of `ttx report --format json`.

Maps keyed by data (indicator ids, event kinds, roles) stay dicts; records are dataclasses.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from exercise.review.aar_types import HotWashPrompt, PhaseTimes, SummaryLine, TeamScorecard
from exercise.review.judgement_types import (
    CalibrationSection,
    EstimativeRoll,
    Evidence,
    FeedbackSection,
)
from exercise.review.report_outcomes import HiddenMove, Outcome
from exercise.review.roads_types import RoadsNotTaken

Audience = tuple[str, ...] | Literal["public"]  # the roles a ruling was told to, or everyone
Values = dict[str, int]  # indicator id -> value


def as_json(value: Any) -> Any:
    """The JSON-ready form of a report (or any part of it)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.metadata.get("json", f.name): as_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not (f.metadata.get("omit_none") and getattr(value, f.name) is None)
        }
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    return value


_FROM = {"json": "from"}  # a field whose JSON key is the keyword `from`
_OMIT_NONE = {"omit_none": True}  # a field left out of the JSON while it is None


# -- 1. overview --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: str
    end: str


@dataclass(frozen=True)
class ScenarioInfo:
    id: str
    title: str
    period: Period
    minutes: int
    readme: str
    learning_objectives: tuple[str, ...]


@dataclass(frozen=True)
class InWorldTurn:
    turn: int
    name: str
    date: str
    played: bool


@dataclass(frozen=True)
class InWorld:
    from_: str | None = field(metadata=_FROM)
    to: str | None
    turns: tuple[InWorldTurn, ...]


@dataclass(frozen=True)
class EndCondition:
    id: str
    label: str


@dataclass(frozen=True)
class ForkOrigin:
    """Where a forked session came from (the order is that of its stored, canonical JSON)."""

    events: int
    file: str
    hash: str
    seq: int


@dataclass(frozen=True)
class SessionInfo:
    file: str
    started: str | None
    last_event: str | None
    duration_seconds: float | None
    ended: bool
    ended_at: str | None
    end_reason: str | None
    end_conditions: tuple[EndCondition, ...]
    pauses: int
    paused_seconds: float
    forked_from: ForkOrigin | None


@dataclass(frozen=True)
class ModeChange:
    turn: int
    seq: int
    at: str
    mode: str


@dataclass(frozen=True)
class RoleOverview:
    role: str
    name: str
    mode: str
    initial_mode: str
    changes: tuple[ModeChange, ...]
    clients: tuple[str, ...]


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad: int | None
    reason: str | None
    receipt: str


@dataclass(frozen=True)
class Overview:
    scenario: ScenarioInfo
    in_world: InWorld
    session: SessionInfo
    seed: int
    roles: tuple[RoleOverview, ...]
    events: int
    events_by_kind: dict[str, int]
    verification: Verification


# -- observations (read by objectives, findings and the plan) ------------------------------------


@dataclass(frozen=True)
class Observation:
    seq: int
    at: str
    turn: int
    role: str | None
    objective: str | None
    author: str
    kind: str  # strength | improvement | note
    text: str
    # An evaluator's P/S/M/U of the objective, and the event it concerns: out of the JSON when
    # absent, as in every session before observations could carry them.
    rating: str | None = field(default=None, metadata=_OMIT_NONE)
    about: Evidence | None = field(default=None, metadata=_OMIT_NONE)


# -- 2. objectives and evaluation ---------------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    """One expected action of an inject for a role, and the verdict on the team's decision."""

    text: str
    objective: str | None
    options: tuple[str, ...]
    verdict: str
    basis: str


@dataclass(frozen=True)
class ObjectiveDecision:
    turn: int
    inject: str
    inject_title: str
    expected: str
    visible: bool
    decision: str | None
    option: str | None
    option_label: str | None
    text: str | None
    rationale: str | None
    verdict: str
    basis: str


@dataclass(frozen=True)
class Objective:
    id: str
    label: str | None
    text: str
    decisions: tuple[ObjectiveDecision, ...]
    observations: tuple[Observation, ...]
    rating: str | None  # P/S/M/U: the latest an observer gave; else for the trainer to fill in
    rated_at: int | None = field(default=None, metadata=_OMIT_NONE)  # the rating observation


@dataclass(frozen=True)
class RoleObjectives:
    role: str
    name: str
    objectives: tuple[Objective, ...]


# -- 3. the turn-by-turn narrative --------------------------------------------------------------


@dataclass(frozen=True)
class TurnInject:
    id: str
    title: str
    how: str
    deck: str | None
    visibility: str
    audience: tuple[str, ...]
    date: str
    from_: str = field(metadata=_FROM)
    medium: str
    counterfactual: bool
    seq: int | None
    at: str | None
    written_by: str = ""  # the white cell member who wrote it in session; "" for the scenario's


@dataclass(frozen=True)
class Decision:
    id: str
    role: str
    inject: str | None
    option: str | None
    text: str
    rationale: str
    author: str
    ruling: str | None
    turn: int
    option_label: str | None
    amended: int
    seq: int | None
    at: str | None
    verdict: str


@dataclass(frozen=True)
class TurnRuling:
    id: str
    method: str
    narrative: str
    reason: str
    decisions: tuple[str, ...]
    deltas: Values
    applied: Values
    flags_set: tuple[str, ...]
    flags_cleared: tuple[str, ...]
    audience: Audience
    matrix: dict[str, Any] | None  # the engine's record of the roll, as logged
    seq: int | None
    at: str | None
    voided: Voiding | None = None  # taken back by the white cell, and how


@dataclass(frozen=True)
class Voiding:
    reason: str
    by: str
    seq: int | None
    at: str | None
    applied: Values  # the indicators it set back, new values


@dataclass(frozen=True)
class Correction:
    """A correction the white cell made: a voided ruling, a withdrawn release, a phase gone back
    to, a restarted clock; in the log as an event of its own."""

    seq: int
    at: str
    by: str
    what: str


@dataclass(frozen=True)
class MessageReading:
    reader: str  # a team, or "control" (the white cell)
    seq: int | None
    at: str | None


@dataclass(frozen=True)
class TurnMessage:
    id: str
    sender: str  # "control" (the white cell) or a team
    to: str  # a team, "all", or "control"
    author: str | None
    text: str
    seq: int | None
    at: str | None
    read: tuple[MessageReading, ...]  # who read it, when, in order


@dataclass(frozen=True)
class Turn:
    turn: int
    name: str
    date: str
    brief: str | None
    seq: int | None
    at: str | None
    injects: tuple[TurnInject, ...]
    decisions: tuple[Decision, ...]
    rulings: tuple[TurnRuling, ...]
    messages: tuple[TurnMessage, ...]
    corrections: tuple[Correction, ...]
    indicators: Values  # at the end of the turn


# -- 4. decisions and the historical record -----------------------------------------------------


@dataclass(frozen=True)
class Cite:
    key: str
    quote: str
    note: str | None


@dataclass(frozen=True)
class HistoricalRecord:
    text: str
    sources: tuple[Cite, ...]


@dataclass(frozen=True)
class HistoryRow:
    turn: int
    decision: str
    role: str
    inject: str | None
    inject_title: str | None
    option: str | None
    option_label: str | None
    text: str
    rationale: str
    counterfactual: bool
    history: HistoricalRecord | None
    expected: tuple[Expectation, ...]
    verdict: str


# -- 5. the adjudication ledger -----------------------------------------------------------------


@dataclass(frozen=True)
class Odds:
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    modifier: int
    target: int
    probability: float


@dataclass(frozen=True)
class LedgerEntry:
    id: str
    turn: int
    seq: int | None
    at: str | None
    method: str
    decisions: tuple[str, ...]
    narrative: str
    reason: str
    odds: Odds | None
    dice: tuple[int, ...] | None
    total: int | None
    success: bool | None
    deltas: Values
    before: dict[str, int | None]
    applied: Values
    flags_set: tuple[str, ...]
    flags_cleared: tuple[str, ...]
    audience: Audience
    covers: tuple[str, ...] = ()  # the decisions as the room names them: "Damascus on <title>"
    voided: Voiding | None = None
    estimative: EstimativeRoll | None = field(default=None, metadata=_OMIT_NONE)


# -- 6. indicators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    value: int
    op: str
    label: str
    ends_session: bool


@dataclass(frozen=True)
class IndicatorDef:
    id: str
    label: str
    min: int
    max: int
    start: int
    description: str | None
    higher_is: dict[str, str]
    thresholds: tuple[Threshold, ...]


@dataclass(frozen=True)
class Point:
    label: str
    turn: int
    values: Values


@dataclass(frozen=True)
class Indicators:
    defs: tuple[IndicatorDef, ...]
    points: tuple[Point, ...]
    series: dict[str, list[int | None]]  # indicator id -> its value at each point
    final: Values


# -- 7. findings, and the appendices ------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    role: str | None
    name: str
    objective: str | None
    objective_text: str | None
    strengths: tuple[Observation, ...]
    improvements: tuple[Observation, ...]
    notes: tuple[Observation, ...]


@dataclass(frozen=True)
class PlanRow:
    issue: str | None = None
    objective: str | None = None
    seq: int | None = None
    corrective_action: str | None = None
    owner: str | None = None
    due: str | None = None


@dataclass(frozen=True)
class PlanRole:
    role: str
    name: str
    rows: tuple[PlanRow, ...]


@dataclass(frozen=True)
class KnewInject:
    inject: str
    title: str
    turn: int
    how: str
    released_seq: int | None
    released_at: str | None
    read: bool
    read_seq: int | None
    read_at: str | None
    lag_seconds: float | None


@dataclass(frozen=True)
class RoleKnew:
    role: str
    name: str
    injects: tuple[KnewInject, ...]


# -- the report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """The whole report. The first twelve fields are the first JSON report's, kept for readers
    of it; `turns` is the narrative's."""

    scenario: str
    title: str
    seed: int
    events: int
    participants: dict[str, str]
    turns_played: int
    turns: tuple[Turn, ...]
    final_indicators: Values
    end_conditions: tuple[str, ...]
    ended: bool
    end_reason: str
    verified: bool
    format: str
    version: int
    rating_scale: tuple[str, ...]
    overview: Overview
    objectives: tuple[RoleObjectives, ...]
    decisions_vs_history: tuple[HistoryRow, ...]
    ledger: tuple[LedgerEntry, ...]
    indicators: Indicators
    observations: tuple[Observation, ...]
    findings: tuple[Finding, ...]
    improvement_plan: tuple[PlanRole, ...]
    who_knew_what: tuple[RoleKnew, ...]
    outcomes: tuple[Outcome, ...] = ()
    hidden_moves: tuple[HiddenMove, ...] = ()
    # From a `ttx whatif` result given to the report (`ttx report --whatif`); without one the
    # report, and its JSON, are as they were.
    roads_not_taken: RoadsNotTaken | None = field(default=None, metadata=_OMIT_NONE)
    # The AAR's additions every session has (aar_types)...
    executive_summary: tuple[SummaryLine, ...] = ()
    scorecards: tuple[TeamScorecard, ...] = ()
    hot_wash: tuple[HotWashPrompt, ...] = ()
    phase_times: PhaseTimes | None = None
    # ...and those only a session that used them has (judgement_types).
    calibration: CalibrationSection | None = field(default=None, metadata=_OMIT_NONE)
    feedback: FeedbackSection | None = field(default=None, metadata=_OMIT_NONE)
    # `ttx report --anonymise`: what was replaced, said at the top of the report.
    anonymised: str | None = field(default=None, metadata=_OMIT_NONE)
