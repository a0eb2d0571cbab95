"""The cohort model: sessions of one scenario side by side (`ttx cohort`). Frozen dataclasses,
built once by cohort_model and read by the Markdown, HTML and JSON renderings; the JSON is
`report_types.as_json` of a `Cohort`, keys in declaration order.

Maps keyed by data (session ids, indicator ids, turns, end reasons) stay dicts; records are
dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass

from exercise.review.report_types import HistoricalRecord, Threshold

COHORT_FORMAT = "ttx-cohort"
COHORT_VERSION = 1


@dataclass(frozen=True)
class CohortSession:
    id: str  # the session's name in every table and chart: its file's stem, made unique
    file: str
    seed: int
    events: int
    turns_played: int
    ended: bool
    end_reason: str | None
    end_conditions: tuple[str, ...]
    verified: bool
    chain_problem: str | None  # why the chain does not verify
    modes: dict[str, str]  # role -> team | facilitator | bot, as the session began
    content_same: bool  # its scenario content is the first session's (not edited in between)


# -- choices against the record -----------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """One action the inject expects of the role (from the historical record)."""

    text: str
    objective: str | None
    options: tuple[str, ...]  # the options that count as doing it, when the author listed them


@dataclass(frozen=True)
class OptionCount:
    option: str | None  # None: free actions written instead of an option
    label: str
    count: int
    share: float  # of the sessions in which the role was asked to decide on the inject
    sessions: tuple[str, ...]
    record: str  # against the expected actions: matched | departed | not assessed | no expectation
    texts: tuple[str, ...]  # the free actions written (for option None)


@dataclass(frozen=True)
class RoleChoices:
    role: str
    name: str
    asked: int  # sessions in which the inject reached the role for a decision
    expected: tuple[Expected, ...]
    options: tuple[OptionCount, ...]  # every option open to the role, chosen or not
    undecided: tuple[str, ...]  # sessions in which it was asked and did not decide


@dataclass(frozen=True)
class InjectChoices:
    inject: str
    title: str
    counterfactual: bool
    released: int  # sessions it came out in
    turns: dict[int, int]  # turn -> sessions in which it came out in that turn
    not_released: tuple[str, ...]
    history: HistoricalRecord | None  # what the real actors did, as the report shows it
    roles: tuple[RoleChoices, ...]


# -- where the sessions parted ------------------------------------------------------------------


@dataclass(frozen=True)
class Branch:
    choice: str  # an option id, "free: TEXT", or one of the words of cohort_divergence
    label: str
    sessions: tuple[str, ...]
    then: int | None  # the split where these sessions part next; None: alike from here on


@dataclass(frozen=True)
class Split:
    """The first decision at which a group of sessions did not all choose the same. Splits are
    a flat list (`Cohort.divergence`), the first one where all the sessions first part; a
    branch names the split that follows it by its index, so no rendering nests without end."""

    index: int
    turn: int
    inject: str | None  # None: the free actions of the turn
    inject_title: str | None
    role: str
    branches: tuple[Branch, ...]  # most sessions first


# -- indicators and teams -----------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorPaths:
    id: str
    label: str
    min: int
    max: int
    thresholds: tuple[Threshold, ...]
    points: tuple[str, ...]  # Start, T1, T2...
    paths: dict[str, list[int | None]]  # session id -> its value at each point
    median: list[float | None]
    final_min: int | None
    final_median: float | None
    final_max: int | None


@dataclass(frozen=True)
class MeasureSpread:
    measure: str
    label: str
    about: str
    n: int  # sessions with a value
    mean: float | None
    min: float | None
    max: float | None
    values: dict[str, float | None]  # session id -> its value


@dataclass(frozen=True)
class TeamAcross:
    role: str
    name: str
    measures: tuple[MeasureSpread, ...]


@dataclass(frozen=True)
class Ending:
    reason: str
    sessions: tuple[str, ...]


@dataclass(frozen=True)
class Cohort:
    format: str
    version: int
    scenario: str
    title: str
    sessions: tuple[CohortSession, ...]
    verified: bool  # every session's chain verified
    content_same: bool  # every session ran on the same scenario content
    injects: tuple[InjectChoices, ...]
    divergence: tuple[Split, ...]  # empty: every session chose alike throughout
    indicators: tuple[IndicatorPaths, ...]
    teams: tuple[TeamAcross, ...]
    endings: tuple[Ending, ...]
    end_conditions: dict[str, int]  # end condition id -> sessions that met it
