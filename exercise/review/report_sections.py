"""The report's sections that read only the final state and the observations: indicators,
findings, the improvement plan and who knew what when (the rest: report_model)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from exercise.engine.state import State
from exercise.review.report_scan import IMPROVEMENT, NOTE, STRENGTH, Scan
from exercise.review.report_types import (
    Finding,
    IndicatorDef,
    Indicators,
    KnewInject,
    Observation,
    PlanRole,
    PlanRow,
    Point,
    RoleKnew,
    Threshold,
)

PLAN_ROWS = 3  # minimum rows per role in the improvement plan


def seconds_between(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    return round((datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds(), 3)


def role_name(state: State, role: str | None) -> str:
    if not role:
        return "Whole exercise"
    r = state.world.roles.get(role)
    return r.name if r else role


def indicators(state: State, ends: dict[int, dict[str, int]]) -> Indicators:
    """The indicators at the start and at the end of each turn (`ends`, by turn)."""
    sc = state.world.scenario
    points = [Point(label="Start", turn=0, values={i.id: i.start for i in sc.indicators})]
    points += [Point(label=f"T{t}", turn=t, values=ends[t]) for t in sorted(ends)]
    defs = tuple(
        IndicatorDef(
            id=i.id,
            label=i.label,
            min=i.min,
            max=i.max,
            start=i.start,
            description=i.description or None,
            higher_is=dict(i.higher_is),
            thresholds=tuple(
                Threshold(value=c.value, op=c.op, label=e.label, ends_session=e.ends_session)
                for e in sc.end_conditions
                for c in e.when
                if c.indicator == i.id
            ),
        )
        for i in sc.indicators
    )
    return Indicators(
        defs=defs,
        points=tuple(points),
        series={i.id: [p.values.get(i.id) for p in points] for i in sc.indicators},
        final=dict(state.indicators),
    )


def findings(state: State, observations: Sequence[Observation]) -> tuple[Finding, ...]:
    """Observations grouped by role and objective, split into strengths, areas for improvement
    and unmarked notes."""
    objective_text = {
        (r.id, o.id): o.text for r in state.world.roles.values() for o in r.objectives
    }
    groups: dict[tuple[str, str], list[Observation]] = {}
    for obs in observations:
        groups.setdefault((obs.role or "", obs.objective or ""), []).append(obs)
    order = {r: n for n, r in enumerate(state.world.scenario.roles)}
    out = []
    for key in sorted(groups, key=lambda k: (k[0] == "", order.get(k[0], 99), k)):
        group = groups[key]
        first = group[0]
        out.append(
            Finding(
                role=first.role,
                name=role_name(state, first.role),
                objective=first.objective,
                objective_text=objective_text.get(key),
                strengths=tuple(o for o in group if o.kind == STRENGTH),
                improvements=tuple(o for o in group if o.kind == IMPROVEMENT),
                notes=tuple(o for o in group if o.kind == NOTE),
            )
        )
    return tuple(out)


def improvement_plan(state: State, observations: Sequence[Observation]) -> tuple[PlanRole, ...]:
    out = []
    for role in state.world.scenario.roles:
        rows = [
            PlanRow(issue=o.text, objective=o.objective, seq=o.seq)
            for o in observations
            if o.role == role and o.kind == IMPROVEMENT
        ]
        rows += [PlanRow()] * max(0, PLAN_ROWS - len(rows))
        out.append(PlanRole(role=role, name=role_name(state, role), rows=tuple(rows)))
    return tuple(out)


def who_knew(state: State, scan: Scan) -> tuple[RoleKnew, ...]:
    out = []
    for role in state.world.scenario.roles:
        items = []
        for rel in state.releases:
            inj = state.world.injects[rel.inject_id]
            if not inj.visible_to(role):
                continue
            seq, at = scan.released.get(rel.inject_id, (None, None))
            read_seq, read_at = scan.reads.get((role, inj.id), (None, None))
            items.append(
                KnewInject(
                    inject=inj.id,
                    title=inj.title,
                    turn=rel.turn,
                    how=rel.how,
                    released_seq=seq,
                    released_at=at,
                    read=read_seq is not None,
                    read_seq=read_seq,
                    read_at=read_at,
                    lag_seconds=seconds_between(at, read_at),
                )
            )
        out.append(RoleKnew(role=role, name=role_name(state, role), injects=tuple(items)))
    return tuple(out)
