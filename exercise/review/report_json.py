"""The report model built from a session log: the JSON report and the base of the others."""

from __future__ import annotations

from exercise.engine.state import State
from exercise.session.service import Session


def _turn_rows(state: State) -> dict[int, dict]:
    sc = state.world.scenario
    return {t.number: {"turn": t.number, "name": t.name, "date": t.date, "injects": [], "decisions": [],
                       "rulings": [], "indicators": {}} for t in sc.turns}


def build_report(session: Session) -> dict:
    state = session.state
    sc = state.world.scenario
    turns = _turn_rows(state)
    for rel in state.releases:
        inj = state.world.injects[rel.inject_id]
        turns[rel.turn]["injects"].append({
            "id": inj.id, "title": inj.title, "how": rel.how, "deck": rel.deck or None,
            "visibility": inj.visibility, "audience": list(inj.audience),
        })
    for d in state.decisions.values():
        if d.withdrawn:
            continue
        turns[d.turn]["decisions"].append({
            "id": d.decision_id, "role": d.role, "inject": d.inject_id, "option": d.option_id,
            "text": d.text, "rationale": d.rationale, "author": d.author, "ruling": d.ruling_id or None,
        })
    for r in state.rulings:
        turns[r.turn]["rulings"].append({
            "id": r.ruling_id, "method": r.method, "narrative": r.narrative, "reason": r.reason,
            "decisions": list(r.decision_ids), "deltas": r.deltas, "applied": r.applied,
            "flags_set": list(r.flags_set), "flags_cleared": list(r.flags_cleared),
            "audience": list(r.audience) or "public", "matrix": r.matrix,
        })
    # Indicators at the end of turn t are those the next turn opened with (or the final values).
    openings = dict(state.indicator_history)
    for t in turns:
        if t < state.turn:
            turns[t]["indicators"] = dict(openings.get(t + 1, state.indicators))
        elif t == state.turn:
            turns[t]["indicators"] = dict(state.indicators)
    count, bad, _ = session.verify()
    return {
        "scenario": sc.id,
        "title": sc.title,
        "seed": state.seed,
        "events": state.seq,
        "participants": dict(state.participants),
        "turns_played": state.turn,
        "turns": [turns[t] for t in sorted(turns) if t <= state.turn],
        "final_indicators": dict(state.indicators),
        "end_conditions": list(state.end_conditions),
        "ended": state.ended,
        "end_reason": state.end_reason,
        "verified": bad is None and count == state.seq,
    }
