"""The report's types for the teams' judgement: the evidence an observer's rating points at, an
estimative ruling's odds and roll, each team's calibration, and the participants' feedback.

Frozen dataclasses like the rest of the report (report_types, which imports these), serialised
by `as_json` in declaration order. Only the session's own data fills them: a session that
never states a chance, rates an objective or asks for feedback has none of them, and its report
reads as before.
"""

from __future__ import annotations

from dataclasses import dataclass

TEAMS_MEAN, WHITE_CELL = "the teams' mean", "the white cell"  # who set an estimative ruling's odds


@dataclass(frozen=True)
class Evidence:
    """The event an observation concerns, and where the report shows it (if it does)."""

    seq: int
    what: str  # the event in one line, as the timeline says it
    shown_in: str | None  # the report section showing that event ("narrative", "ledger")


@dataclass(frozen=True)
class TeamEstimate:
    role: str
    team: str
    percent: int
    reasoning: str
    author: str
    on_behalf: bool = False  # entered by the white cell for a team played in the room


@dataclass(frozen=True)
class EstimativeRoll:
    """An estimative ruling: a d100 against odds the teams' estimates or the white cell set."""

    odds: int  # percent: a success when the roll is at most this
    set_by: str  # "the teams' mean" (the odds are that mean) or "the white cell" (its own)
    teams_mean: int | None  # of the estimates given, None when no team gave one
    request: str | None  # the request for estimates it used
    estimates: tuple[TeamEstimate, ...]
    roll: int


@dataclass(frozen=True)
class ForecastRow:
    """One stated chance and whether it came true."""

    turn: int
    kind: str  # confidence | estimate
    percent: int
    came_true: bool
    about: str  # the decisions as the room names them
    ruling: str


@dataclass(frozen=True)
class CalibrationBand:
    low: int  # percent
    high: int
    count: int
    mean_forecast: float  # 0..1
    came_true: float  # share


@dataclass(frozen=True)
class TeamCalibration:
    role: str
    name: str
    forecasts: int
    brier: float  # 0 perfect; 0.25 is what always saying 50% earns
    mean_forecast: float
    came_true: float
    in_words: str  # over-/under-confident, or well calibrated
    bands: tuple[CalibrationBand, ...]
    scored: tuple[ForecastRow, ...]  # in the order they were stated (empty across sessions)
    sessions: int = 1  # how many sessions these forecasts come from


@dataclass(frozen=True)
class CalibrationSection:
    teams: tuple[TeamCalibration, ...]
    pending: int  # chances stated with no standing ruling to settle them (yet, or voided)


@dataclass(frozen=True)
class FeedbackAnswer:
    role: str
    team: str
    author: str
    worked: str
    improve: str
    realism: int  # 1-5
    learning: int  # 1-5
    seq: int | None
    at: str | None


@dataclass(frozen=True)
class FeedbackMeans:
    role: str
    team: str
    answers: int
    realism: float
    learning: float


@dataclass(frozen=True)
class FeedbackSection:
    answers: tuple[FeedbackAnswer, ...]  # in the order given
    teams: tuple[FeedbackMeans, ...]  # per team that answered, in the scenario's order
    realism: float  # the mean over every answer
    learning: float
    scale: tuple[int, int]
