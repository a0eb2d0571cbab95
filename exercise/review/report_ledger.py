"""The adjudication ledger: every ruling with its odds, its roll and what it changed.

A matrix ruling records its 2d6 (pros, cons, modifier, target, dice, total); an estimative one
its d100 against odds that are the teams' mean estimate or the white cell's own, with each
team's estimate and reasoning from the request it used (State.estimates).
"""

from __future__ import annotations

from exercise.engine.rules import matrix_odds
from exercise.engine.state import Ruling, State
from exercise.review.judgement_types import TEAMS_MEAN, WHITE_CELL, EstimativeRoll, TeamEstimate
from exercise.review.report_scan import Scan
from exercise.review.report_types import LedgerEntry, Odds, Voiding
from exercise.session.narrate import team_name


def ledger(state: State, scan: Scan) -> tuple[LedgerEntry, ...]:
    out = []
    for r in state.rulings:
        seq, at, before = scan.rulings.get(r.ruling_id, (None, None, {}))
        m = r.matrix or {}
        out.append(
            LedgerEntry(
                id=r.ruling_id,
                turn=r.turn,
                seq=seq,
                at=at,
                method=r.method,
                decisions=tuple(r.decision_ids),
                narrative=r.narrative,
                reason=r.reason,
                odds=_odds(r),
                dice=tuple(m["dice"]) if "dice" in m else None,
                total=m.get("total"),
                success=m.get("success"),
                deltas=dict(r.deltas),
                before=before,
                applied=dict(r.applied),
                flags_set=tuple(r.flags_set),
                flags_cleared=tuple(r.flags_cleared),
                audience=tuple(r.audience) or "public",
                covers=tuple(named(state, d) for d in r.decision_ids),
                voided=voiding(scan, r.ruling_id),
                estimative=_estimative(state, r),
            )
        )
    return tuple(out)


def _odds(r: Ruling) -> Odds | None:
    m = r.matrix
    if r.method != "matrix" or not m:
        return None
    return Odds(
        pros=tuple(m.get("pros", ())),
        cons=tuple(m.get("cons", ())),
        modifier=m["modifier"],
        target=m["target"],
        probability=round(matrix_odds(m["modifier"], m["target"]), 4),
    )


def _estimative(state: State, r: Ruling) -> EstimativeRoll | None:
    m = r.matrix
    if r.method != "estimative" or not m or "roll" not in m:
        return None
    request = next((q for q in state.estimates if q.request_id == m.get("request_id")), None)
    given = {e.role: e for e in request.given} if request else {}
    recorded: dict[str, int] = m.get("estimates", {})  # the estimates the odds were set beside
    # In the scenario's order of teams: the log keeps the estimates as canonical JSON (by key),
    # a live state in the order given, and the report must read the same from either.
    order = {role: n for n, role in enumerate(state.world.scenario.roles)}
    estimates = tuple(
        TeamEstimate(
            role=role,
            team=team_name(role),
            percent=percent,
            reasoning=given[role].reasoning if role in given else "",
            author=given[role].author if role in given else "",
            on_behalf=given[role].on_behalf if role in given else False,
        )
        for role, percent in sorted(recorded.items(), key=lambda kv: order.get(kv[0], len(order)))
    )
    mean = round(sum(recorded.values()) / len(recorded)) if recorded else None
    # The engine records the odds it rolled against, not who set them: odds equal to the mean
    # are the teams' (whoever typed them), any other are the white cell's own.
    set_by = TEAMS_MEAN if mean is not None and mean == m["odds"] else WHITE_CELL
    return EstimativeRoll(
        odds=m["odds"],
        set_by=set_by,
        teams_mean=mean,
        request=m.get("request_id") or None,
        estimates=estimates,
        roll=m["roll"],
    )


def voiding(scan: Scan, ruling_id: str) -> Voiding | None:
    hit = scan.voided.get(ruling_id)
    if hit is None:
        return None
    (seq, at), e = hit
    return Voiding(reason=e.reason, by=e.author, seq=seq, at=at, applied=dict(e.applied))


def named(state: State, decision_id: str) -> str:
    """A decision as the room names it: "Damascus on The Spiegel leak", "Moscow: free action"."""
    d = state.decisions.get(decision_id)
    if d is None:
        return decision_id
    team = team_name(d.role)
    inj = state.world.injects.get(d.inject_id) if d.inject_id else None
    return f"{team} on {inj.title}" if inj is not None else f"{team}: free action"
