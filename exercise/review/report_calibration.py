"""Each team's calibration, for the report and for a cohort of sessions.

The scoring is the engine's (engine/calibration: which ruling settles a stated chance, the
Brier score, the reliability bands, the words); this module shapes it for the report: per team
in the scenario's order, with the forecasts it scored, and the chances still waiting for a
ruling.

A cohort calls `cohort_calibration` with the forecasts of each of its sessions
(`engine.calibration.forecasts(state)`, a short list kept per session as it is read): the same
scoring over every session's forecasts, one row per team.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from exercise.engine.calibration import Calibration, Forecast, calibration, forecasts
from exercise.engine.state import State
from exercise.review.judgement_types import (
    CalibrationBand,
    CalibrationSection,
    ForecastRow,
    TeamCalibration,
)
from exercise.review.report_ledger import named


def calibration_section(state: State, names: Mapping[str, str]) -> CalibrationSection | None:
    """The teams' calibration in this session; None when no team stated a chance."""
    stated = _stated(state)
    if not stated:
        return None
    scored = forecasts(state)
    teams = []
    for role in state.world.scenario.roles:
        mine = [f for f in scored if f.role == role]
        rows = tuple(_row(state, f) for f in mine)
        team = team_calibration(role, names.get(role, role), mine, rows)
        if team is not None:
            teams.append(team)
    return CalibrationSection(teams=tuple(teams), pending=stated - len(scored))


def team_calibration(
    role: str,
    name: str,
    scored: Sequence[Forecast],
    rows: tuple[ForecastRow, ...] = (),
    sessions: int = 1,
) -> TeamCalibration | None:
    """One team's calibration over `scored` (of one session or several); None if none."""
    c = calibration(role, scored)
    if c is None:
        return None
    return _team(c, name, rows, sessions)


def cohort_calibration(
    roles: Sequence[str], names: Mapping[str, str], sessions: Iterable[Sequence[Forecast]]
) -> tuple[TeamCalibration, ...]:
    """Each team's calibration across the sessions of a cohort (each session's forecasts, from
    engine.calibration.forecasts), in `roles` order; teams that stated no chance are left out.
    `sessions` on a team's row counts the sessions in which it stated one."""
    every: list[Forecast] = []
    seen: dict[str, int] = {}
    for scored in sessions:
        for role in {f.role for f in scored}:
            seen[role] = seen.get(role, 0) + 1
        every.extend(scored)
    out = []
    for role in roles:
        team = team_calibration(role, names.get(role, role), every, (), seen.get(role, 0))
        if team is not None:
            out.append(team)
    return tuple(out)


def _team(
    c: Calibration, name: str, rows: tuple[ForecastRow, ...], sessions: int
) -> TeamCalibration:
    return TeamCalibration(
        role=c.role,
        name=name,
        forecasts=c.forecasts,
        brier=round(c.brier, 4),
        mean_forecast=round(c.mean_forecast, 4),
        came_true=round(c.came_true, 4),
        in_words=c.in_words(),
        bands=tuple(
            CalibrationBand(
                low=b.low,
                high=b.high,
                count=b.count,
                mean_forecast=round(b.mean_forecast, 4),
                came_true=round(b.came_true, 4),
            )
            for b in c.bands
        ),
        scored=rows,
        sessions=sessions,
    )


def _row(state: State, f: Forecast) -> ForecastRow:
    return ForecastRow(
        turn=f.turn,
        kind=f.kind,
        percent=round(f.probability * 100),
        came_true=f.came_true,
        about="; ".join(named(state, d) for d in f.decision_ids),
        ruling=f.ruling_id,
    )


def _stated(state: State) -> int:
    """Every chance a team stated: standing decisions' confidences and the estimates given."""
    confidences = sum(1 for d in state.decisions.values() if d.confidence >= 0 and not d.withdrawn)
    return confidences + sum(len(r.given) for r in state.estimates)
