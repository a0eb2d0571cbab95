"""The report's types for the AAR's additions that every session has: the executive summary,
each team's scorecard turn by turn, prompts for the hot wash, and phase times against the plan.

Frozen dataclasses like the rest of the report (report_types imports these), serialised by
`as_json` in declaration order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SummaryLine:
    topic: str
    text: str


@dataclass(frozen=True)
class TurnScore:
    turn: int
    score: float  # at the end of the turn, against the start (0 = as the scenario began)
    change: float  # over the turn


@dataclass(frozen=True)
class TeamScorecard:
    """A team on its own scorecard (engine/scorecard.score) at the end of each turn."""

    role: str
    name: str
    turns: tuple[TurnScore, ...]
    final: float
    best_turn: int | None  # the turn that gained it most; None when no turn gained anything
    worst_turn: int | None  # the turn that cost it most; None when no turn cost anything


@dataclass(frozen=True)
class HotWashPrompt:
    source: str  # departure | covert found | covert hidden
    turn: int
    roles: tuple[str, ...]  # the teams to ask first
    seq: int | None  # the event it comes from, when the report shows one
    context: str  # what happened, and what the real actors did
    prompt: str  # the question for the room


@dataclass(frozen=True)
class PhaseTime:
    """One phase of one turn: the plan's minutes and the time its clock ran, pauses excluded."""

    turn: int
    phase: int
    name: str
    planned_seconds: int
    actual_seconds: float
    paused_seconds: float
    seq: int | None  # the event that opened it
    at: str | None
    restarted: bool  # the white cell restarted its clock: the time before is not counted
    returned: bool  # the white cell went back to it: its times are added up
    running: bool  # the session had not left it when the report was made


@dataclass(frozen=True)
class PhaseTimes:
    scenario_minutes: int  # the scenario's whole plan
    rows: tuple[PhaseTime, ...]
    planned_seconds: int  # of the phases played
    actual_seconds: float
    paused_seconds: float
