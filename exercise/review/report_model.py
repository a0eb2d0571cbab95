"""The after-action report model: one plain, JSON-ready dict built from a session.

Shaped like an HSEEP After-Action Report / Improvement Plan: exercise overview, objectives with
their evidence and a rating slot, the turn-by-turn narrative, decisions beside the historical
record, the adjudication ledger, indicator series, strengths and areas for improvement, an
improvement plan for the trainer to complete, and who knew what when. Markdown and HTML render
this dict; the JSON report *is* this dict.

Everything comes from the session: the final state (a fold of the log) for the world, releases,
decisions and rulings, plus one pass over the rows for what the state does not keep (event
numbers and times, reads, observations, who joined).
"""

from __future__ import annotations

import json
from datetime import datetime

from exercise.engine.rules import matrix_odds
from exercise.engine.state import State
from exercise.review import assess
from exercise.review.fmt import RATINGS
from exercise.session.fork import forked_from
from exercise.session.service import Session

REPORT_FORMAT = "ttx-after-action-report"
REPORT_VERSION = 1
PLAN_ROWS = 3  # minimum rows per role in the improvement plan

STRENGTH, IMPROVEMENT, NOTE = "strength", "improvement", "note"
_MARKS = (
    (STRENGTH, ("+", "strength:", "s:")),
    (IMPROVEMENT, ("-", "\u2212", "afi:", "improve:", "improvement:", "area:")),
)

# Row kinds whose payload the report reads; the others are only counted.
_READ = frozenset({
    "TurnStarted", "InjectReleased", "InjectRead", "ObservationAdded", "DecisionSubmitted",
    "Adjudicated", "ParticipantChanged", "TeamJoined", "SessionEnded",
    "ClockPaused", "ClockResumed", "SessionStarted",
})


def classify(text: str) -> tuple[str, str]:
    """(strength | improvement | note, text without its mark). The console records the kind;
    a leading '+'/'strength:' or '-'/'AFI:' in the text also marks one (handy in free notes)."""
    stripped = text.strip()
    low = stripped.lower()
    for kind, marks in _MARKS:
        for mark in marks:
            if low.startswith(mark):
                return kind, stripped[len(mark):].strip() or stripped
    return NOTE, stripped


def _seconds(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    return round((datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds(), 3)


class _Scan:
    """What one pass over the rows tells beyond the final state. Feed it rows in order."""

    def __init__(self, state: State):
        self.upto = state.seq  # rows appended after the state was read are not in this report
        self.seen = 0
        self.first_at: str | None = None
        self.last_at: str | None = None
        self.counts: dict[str, int] = {}
        self.turn_start: dict[int, tuple[int, str]] = {}
        self.released: dict[str, tuple[int, str]] = {}
        self.reads: dict[tuple[str, str], tuple[int, str]] = {}
        self.submitted: dict[str, tuple[int, str]] = {}
        self.rulings: dict[str, tuple[int, str, dict]] = {}  # id -> seq, at, values before
        self.observations: list[dict] = []
        self.mode_changes: dict[str, list[dict]] = {}
        self.joins: dict[str, list[str]] = {}
        self.pauses = 0
        self.paused_seconds = 0.0
        self.ended: tuple[int, str] | None = None
        self.initial_modes: dict[str, str] = {}
        self._values = {i.id: i.start for i in state.world.scenario.indicators}
        self._turn = 0
        self._paused_at: float | None = None

    def feed(self, row) -> None:
        if row.seq > self.upto or row.seq <= self.seen:
            return
        self.seen = row.seq
        kind = row.kind
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.first_at is None:
            self.first_at = row.at
        self.last_at = row.at
        if kind not in _READ:
            return
        p = json.loads(row.payload)
        ref = (row.seq, row.at)
        if kind == "InjectRead":
            self.reads.setdefault((p["role"], p["inject_id"]), ref)
        elif kind == "ObservationAdded":
            mark, text = classify(p["text"])
            if p.get("kind", NOTE) != NOTE:  # marked in the console; the text needs no prefix
                mark, text = p["kind"], p["text"].strip()
            self.observations.append({
                "seq": row.seq, "at": row.at, "turn": p["turn"], "role": p["role"] or None,
                "objective": p["objective"] or None, "author": p["author"], "kind": mark, "text": text,
            })
        elif kind == "TurnStarted":
            self._turn = p["turn"]
            self.turn_start[self._turn] = ref
        elif kind == "InjectReleased":
            self.released[p["inject_id"]] = ref
        elif kind == "DecisionSubmitted":
            self.submitted[p["decision_id"]] = ref
        elif kind == "Adjudicated":
            before = {k: self._values.get(k) for k in p["applied"]}
            self._values.update(p["applied"])
            self.rulings[p["ruling_id"]] = (row.seq, row.at, before)
        elif kind == "ParticipantChanged":
            self.mode_changes.setdefault(p["role"], []).append(
                {"turn": self._turn, "seq": row.seq, "at": row.at, "mode": p["mode"]})
        elif kind == "TeamJoined":
            clients = self.joins.setdefault(p["role"], [])
            if p["client"] not in clients:
                clients.append(p["client"])
        elif kind == "ClockPaused":
            self.pauses += 1
            self._paused_at = p["at"]
        elif kind == "ClockResumed":
            if self._paused_at is not None:
                self.paused_seconds += p["at"] - self._paused_at
            self._paused_at = None
        elif kind == "SessionEnded":
            self.ended = ref
        elif kind == "SessionStarted":
            self.initial_modes = dict(p["participants"])


def _cites(sources) -> list[dict]:
    return [{"key": c.key, "quote": c.quote, "note": c.note or None} for c in sources]


def _role_name(state: State, role: str | None) -> str:
    if not role:
        return "Whole exercise"
    r = state.world.roles.get(role)
    return r.name if r else role


def _option_label(state: State, inject_id: str | None, option_id: str | None) -> str | None:
    if not inject_id or not option_id:
        return None
    opt = state.world.injects[inject_id].option(option_id)
    return opt.label if opt else None


def turn_end_values(state: State) -> dict[int, dict]:
    """Indicators at the end of each played turn: what the next turn opened with, or the final."""
    openings = dict(state.indicator_history)
    out = {}
    for t in range(1, state.turn + 1):
        out[t] = dict(openings.get(t + 1, state.indicators)) if t < state.turn else dict(state.indicators)
    return out


def build_report(session: Session) -> dict:
    """The report model of a session (a JSON-ready dict)."""
    state = session.state
    scan = _Scan(state)
    count, bad, reason = session.verify(scan.feed)  # one pass: check the chain and read the rows
    if bad is not None:  # a broken chain stops the check, not the report
        for row in session.rows(after=scan.seen, upto=state.seq):
            scan.feed(row)
    verified = bad is None and count == state.seq
    model = _legacy_top(state, verified)
    model["format"] = REPORT_FORMAT
    model["version"] = REPORT_VERSION
    model["rating_scale"] = list(RATINGS)
    model["overview"] = _overview(session, state, scan, (count, bad, reason, verified))
    decisions = _decisions(state, scan)
    model["turns"] = _turns(state, scan, decisions)
    model["objectives"] = _objectives(state, scan, decisions)
    # the table reads turn by turn, inject by inject in release order, free actions last
    released = {rel.inject_id: n for n, rel in enumerate(state.releases)}
    model["decisions_vs_history"] = [d["history_row"] for d in sorted(
        decisions, key=lambda d: (d["turn"], released.get(d["inject"], len(released)), d["seq"] or 0))]
    model["ledger"] = _ledger(state, scan)
    model["indicators"] = _indicators(state)
    model["observations"] = scan.observations
    model["findings"] = _findings(state, scan)
    model["improvement_plan"] = _plan(state, scan)
    model["who_knew_what"] = _who_knew(state, scan)
    return model


def _legacy_top(state: State, verified: bool) -> dict:
    sc = state.world.scenario
    return {
        "scenario": sc.id, "title": sc.title, "seed": state.seed, "events": state.seq,
        "participants": dict(state.participants), "turns_played": state.turn, "turns": [],
        "final_indicators": dict(state.indicators), "end_conditions": list(state.end_conditions),
        "ended": state.ended, "end_reason": state.end_reason, "verified": verified,
    }


def _overview(session: Session, state: State, scan: _Scan, check) -> dict:
    sc = state.world.scenario
    count, bad, reason, verified = check
    labels = {e.id: e.label for e in sc.end_conditions}
    played_turns = [t for t in sc.turns if t.number <= state.turn]
    roles = []
    for role in sc.roles:
        roles.append({
            "role": role, "name": _role_name(state, role), "mode": state.participants.get(role, "bot"),
            "initial_mode": scan.initial_modes.get(role, "bot"), "changes": scan.mode_changes.get(role, []), "clients": scan.joins.get(role, []),
        })
    return {
        "scenario": {
            "id": sc.id, "title": sc.title, "period": {"start": sc.period[0], "end": sc.period[1]},
            "minutes": sc.minutes, "readme": sc.readme, "learning_objectives": list(sc.learning_objectives),
        },
        "in_world": {
            "from": played_turns[0].date if played_turns else None,
            "to": played_turns[-1].date if played_turns else None,
            "turns": [{"turn": t.number, "name": t.name, "date": t.date, "played": t.number <= state.turn}
                      for t in sc.turns],
        },
        "session": {
            "file": session.path.name, "started": scan.first_at, "last_event": scan.last_at,
            "duration_seconds": _seconds(scan.first_at, scan.last_at),
            "ended": state.ended, "ended_at": scan.ended[1] if scan.ended else None,
            "end_reason": state.end_reason or None,
            "end_conditions": [{"id": c, "label": labels.get(c, c)} for c in state.end_conditions],
            "pauses": scan.pauses, "paused_seconds": round(scan.paused_seconds, 3),
            "forked_from": forked_from(session),
        },
        "seed": state.seed,
        "roles": roles,
        "events": state.seq,
        "events_by_kind": dict(sorted(scan.counts.items())),
        "verification": {"ok": verified, "checked": count, "first_bad": bad, "reason": reason or None,
                         "receipt": session.receipt()},
    }


def _decisions(state: State, scan: _Scan) -> list[dict]:
    """Every standing (not withdrawn) decision, in the order it was submitted."""
    out = []
    for d in state.decisions.values():
        if d.withdrawn:
            continue
        inj = state.world.injects.get(d.inject_id) if d.inject_id else None
        rows = assess.assess(inj, d.role, d) if inj else []
        verdict = assess.overall(rows)
        seq, at = scan.submitted.get(d.decision_id, (None, None))
        option_label = _option_label(state, d.inject_id, d.option_id)
        entry = {
            "id": d.decision_id, "role": d.role, "inject": d.inject_id, "option": d.option_id,
            "text": d.text, "rationale": d.rationale, "author": d.author, "ruling": d.ruling_id or None,
            "turn": d.turn, "option_label": option_label, "amended": d.amended,
            "seq": seq, "at": at, "verdict": verdict,
        }
        history = inj.history if inj else None
        entry["history_row"] = {
            "turn": d.turn, "decision": d.decision_id, "role": d.role, "inject": d.inject_id,
            "inject_title": inj.title if inj else None, "option": d.option_id,
            "option_label": option_label, "text": d.text, "rationale": d.rationale,
            "counterfactual": inj.counterfactual if inj else False,
            "history": {"text": history.text.strip(), "sources": _cites(history.sources)} if history else None,
            "expected": rows, "verdict": verdict,
        }
        out.append(entry)
    out.sort(key=lambda e: (e["seq"] or 0, e["id"]))
    return out


def _turns(state: State, scan: _Scan, decisions: list[dict]) -> list[dict]:
    sc = state.world.scenario
    ends = turn_end_values(state)
    turns = {}
    for t in sc.turns:
        if t.number > state.turn:
            continue
        seq, at = scan.turn_start.get(t.number, (None, None))
        turns[t.number] = {"turn": t.number, "name": t.name, "date": t.date, "brief": t.brief or None,
                           "seq": seq, "at": at, "injects": [], "decisions": [], "rulings": [],
                           "indicators": ends.get(t.number, {})}
    for rel in state.releases:
        inj = state.world.injects[rel.inject_id]
        seq, at = scan.released.get(rel.inject_id, (None, None))
        turns[rel.turn]["injects"].append({
            "id": inj.id, "title": inj.title, "how": rel.how, "deck": rel.deck or None,
            "visibility": inj.visibility, "audience": list(inj.audience), "date": inj.date,
            "from": inj.sender, "medium": inj.medium, "counterfactual": inj.counterfactual,
            "seq": seq, "at": at,
        })
    for d in decisions:
        turns[d["turn"]]["decisions"].append({k: v for k, v in d.items() if k != "history_row"})
    for r in state.rulings:
        seq, at, _ = scan.rulings.get(r.ruling_id, (None, None, {}))
        turns[r.turn]["rulings"].append({
            "id": r.ruling_id, "method": r.method, "narrative": r.narrative, "reason": r.reason,
            "decisions": list(r.decision_ids), "deltas": r.deltas, "applied": r.applied,
            "flags_set": list(r.flags_set), "flags_cleared": list(r.flags_cleared),
            "audience": list(r.audience) or "public", "matrix": r.matrix, "seq": seq, "at": at,
        })
    return [turns[t] for t in sorted(turns)]


def _objectives(state: State, scan: _Scan, decisions: list[dict]) -> list[dict]:
    world = state.world
    by_id = {d["id"]: d for d in decisions}
    order = list(world.scenario.roles) + sorted(r for r in world.roles if r not in world.scenario.roles)
    out, slots = [], {}
    for role in order:
        r = world.roles.get(role)
        if r is None or not r.objectives:
            continue
        objs = []
        for o in r.objectives:
            slot = {"id": o.id, "label": o.label or None, "text": o.text, "decisions": [],
                    "observations": [], "rating": None}
            slots[(role, o.id)] = slot
            objs.append(slot)
        out.append({"role": role, "name": r.name, "objectives": objs})
    for rel in state.releases:
        inj = world.injects[rel.inject_id]
        for entry in inj.expected:
            slot = slots.get((entry.role, entry.objective))
            if slot is None:
                continue
            d = by_id.get(f"{entry.role}:{inj.id}")
            row = {"turn": rel.turn, "inject": inj.id, "inject_title": inj.title, "expected": entry.text,
                   "visible": inj.visible_to(entry.role), "decision": d["id"] if d else None,
                   "option": d["option"] if d else None, "option_label": d["option_label"] if d else None,
                   "text": d["text"] if d else None, "rationale": d["rationale"] if d else None}
            if d is None:
                row["verdict"], row["basis"] = assess.NO_DECISION, ""
            else:
                row["verdict"], row["basis"] = assess.assess_entry(entry, inj, entry.role, d["option"], d["text"])
            slot["decisions"].append(row)
    for obs in scan.observations:
        slot = slots.get((obs["role"], obs["objective"]))
        if slot is not None:
            slot["observations"].append(obs)
    return out


def _ledger(state: State, scan: _Scan) -> list[dict]:
    out = []
    for r in state.rulings:
        seq, at, before = scan.rulings.get(r.ruling_id, (None, None, {}))
        m = r.matrix or {}
        odds = None
        if r.method == "matrix" and m:
            odds = {"pros": list(m.get("pros", ())), "cons": list(m.get("cons", ())),
                    "modifier": m.get("modifier"), "target": m.get("target"),
                    "probability": round(matrix_odds(m.get("modifier", 0), m.get("target", 7)), 4)}
        out.append({
            "id": r.ruling_id, "turn": r.turn, "seq": seq, "at": at, "method": r.method,
            "decisions": list(r.decision_ids), "narrative": r.narrative, "reason": r.reason,
            "odds": odds, "dice": list(m["dice"]) if "dice" in m else None,
            "total": m.get("total"), "success": m.get("success"),
            "deltas": dict(r.deltas), "before": before, "applied": dict(r.applied),
            "flags_set": list(r.flags_set), "flags_cleared": list(r.flags_cleared),
            "audience": list(r.audience) or "public",
        })
    return out


def _indicators(state: State) -> dict:
    sc = state.world.scenario
    ends = turn_end_values(state)
    points = [{"label": "Start", "turn": 0, "values": {i.id: i.start for i in sc.indicators}}]
    points += [{"label": f"T{t}", "turn": t, "values": ends[t]} for t in sorted(ends)]
    defs = []
    for i in sc.indicators:
        thresholds = [
            {"value": c.value, "op": c.op, "label": e.label, "ends_session": e.ends_session}
            for e in sc.end_conditions for c in e.when if c.indicator == i.id
        ]
        defs.append({"id": i.id, "label": i.label, "min": i.min, "max": i.max, "start": i.start,
                     "description": i.description or None, "higher_is": dict(i.higher_is),
                     "thresholds": thresholds})
    return {
        "defs": defs, "points": points,
        "series": {i.id: [p["values"].get(i.id) for p in points] for i in sc.indicators},
        "final": dict(state.indicators),
    }


def _findings(state: State, scan: _Scan) -> list[dict]:
    """Observations grouped by role and objective, split into strengths, areas for improvement
    and unmarked notes."""
    objective_text = {(r.id, o.id): o.text for r in state.world.roles.values() for o in r.objectives}
    groups: dict[tuple, dict] = {}
    for obs in scan.observations:
        key = (obs["role"] or "", obs["objective"] or "")
        g = groups.get(key)
        if g is None:
            g = groups[key] = {
                "role": obs["role"], "name": _role_name(state, obs["role"]), "objective": obs["objective"],
                "objective_text": objective_text.get(key), "strengths": [], "improvements": [], "notes": [],
            }
        g[{STRENGTH: "strengths", IMPROVEMENT: "improvements", NOTE: "notes"}[obs["kind"]]].append(obs)
    order = {r: n for n, r in enumerate(state.world.scenario.roles)}
    return [groups[k] for k in sorted(groups, key=lambda k: (k[0] == "", order.get(k[0], 99), k))]


def _plan(state: State, scan: _Scan) -> list[dict]:
    out = []
    for role in state.world.scenario.roles:
        rows = [{"issue": o["text"], "objective": o["objective"], "seq": o["seq"],
                 "corrective_action": None, "owner": None, "due": None}
                for o in scan.observations if o["role"] == role and o["kind"] == IMPROVEMENT]
        while len(rows) < PLAN_ROWS:
            rows.append({"issue": None, "objective": None, "seq": None,
                         "corrective_action": None, "owner": None, "due": None})
        out.append({"role": role, "name": _role_name(state, role), "rows": rows})
    return out


def _who_knew(state: State, scan: _Scan) -> list[dict]:
    out = []
    for role in state.world.scenario.roles:
        items = []
        for rel in state.releases:
            inj = state.world.injects[rel.inject_id]
            if not inj.visible_to(role):
                continue
            seq, at = scan.released.get(rel.inject_id, (None, None))
            read_seq, read_at = scan.reads.get((role, inj.id), (None, None))
            items.append({
                "inject": inj.id, "title": inj.title, "turn": rel.turn, "how": rel.how,
                "released_seq": seq, "released_at": at, "read": read_seq is not None,
                "read_seq": read_seq, "read_at": read_at, "lag_seconds": _seconds(at, read_at),
            })
        out.append({"role": role, "name": _role_name(state, role), "injects": items})
    return out
