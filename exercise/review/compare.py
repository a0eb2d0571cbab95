"""Compare two sessions of one scenario: where they part, and how far apart they end up.

Typical use: a session and a fork of it played on differently (counterfactual replay), or two
runs of one scenario with different seeds or teams. Events are compared by kind, actor and
payload, never by wall time (two runs are never played at the same moment) nor by join codes;
the first event is compared on its content, seed and participants. Besides the first event
that differs, the comparison names the first difference in play: after the set-up, with console
bookkeeping (joins, heartbeats) left out.
"""

from __future__ import annotations

import json
from itertools import zip_longest

from exercise.review.render_md import code, esc, table
from exercise.review.report_model import turn_end_values
from exercise.session.service import Session

_IGNORED = frozenset({"at"})
# Console bookkeeping: who joined, a console's heartbeat (older logs), a code issued for the
# served consoles. Part of the log, not of the play.
BOOKKEEPING = frozenset({"TeamJoined", "TeamSeen", "JoinRefused", "CodeIssued"})
_IGNORED_START = frozenset({"at", "codes"})


class CompareError(ValueError):
    """The two sessions cannot be compared."""


def _essence(row) -> dict:
    p = json.loads(row.payload)
    drop = _IGNORED_START if row.kind == "SessionStarted" else _IGNORED
    return {"kind": row.kind, "actor": row.actor, "payload": {k: v for k, v in p.items() if k not in drop}}


def _same(ra, rb) -> bool:
    if ra.kind != rb.kind or ra.actor != rb.actor:
        return False
    if ra.payload == rb.payload:
        return True
    return _essence(ra) == _essence(rb)


def split_decision_id(did: str) -> tuple[str, str]:
    """(role, inject id or '') of 'role:inject' or 't3:role:free' (see engine.state.decision_id)."""
    parts = did.split(":")
    if len(parts) == 3 and parts[2] == "free":
        return parts[1], ""
    return parts[0], ":".join(parts[1:])


def describe(row, world) -> str:
    """A short, plain description of one event."""
    if row is None:
        return "no event: the session ends before this"
    p = json.loads(row.payload)
    k = row.kind
    if k == "SessionStarted":
        modes = ", ".join(f"{r} {m}" for r, m in p["participants"])
        return f"session starts: seed {p['seed']}; {modes}"
    if k == "TurnStarted":
        return f"turn {p['turn']} begins"
    if k == "PhaseStarted":
        phases = world.scenario.phases
        name = phases[p["phase"]].name if p["phase"] < len(phases) else p["phase"]
        return f"turn {p['turn']}: phase {name}"
    if k == "InjectReleased":
        return f"inject {p['inject_id']} released ({p['how']}{' from ' + p['deck'] if p['deck'] else ''})"
    if k in ("DecisionSubmitted", "DecisionAmended"):
        role, inject = split_decision_id(p["decision_id"])
        label = ""
        inj = world.injects.get(inject)
        if p.get("option_id") and inj and inj.option(p["option_id"]):
            label = f" ({inj.option(p['option_id']).label})"
        what = p["option_id"] + label if p.get("option_id") else f"free action: {p['text'][:60]}"
        verb = "decides" if k == "DecisionSubmitted" else "amends"
        return f"{role} {verb} on {inject or 'a free action'}: {what}"
    if k == "DecisionWithdrawn":
        return f"decision {p['decision_id']} withdrawn"
    if k == "Adjudicated":
        vals = ", ".join(f"{i} {v}" for i, v in p["applied"].items()) or "no change"
        roll = ""
        if p.get("matrix"):
            m = p["matrix"]
            roll = f", rolled {m['dice'][0]}+{m['dice'][1]}{m['modifier']:+d} = {m['total']} vs {m['target']}"
        return f"ruling {p['ruling_id']} ({p['method']}{roll}): {vals}"
    if k == "ObservationAdded":
        return f"observation{' on ' + p['role'] if p['role'] else ''}: {p['text'][:60]}"
    if k == "SessionEnded":
        return f"session ends: {p['reason']}"
    if k == "InjectRead":
        return f"{p['role']} reads {p['inject_id']}"
    if k == "TeamSeen":
        return f"{p['role']} console still open"
    if k in ("TeamJoined", "JoinRefused"):
        return f"{p['role']} {'joins' if k == 'TeamJoined' else 'is refused'} ({p['client'] or 'console'})"
    if k == "ParticipantChanged":
        return f"{p['role']} now played by {p['mode']}"
    return k


def _side(row, world) -> dict | None:
    if row is None:
        return None
    return {"seq": row.seq, "kind": row.kind, "actor": row.actor, "at": row.at, "text": describe(row, world)}


def _divergence(a: Session, b: Session, after: int = 0, skip: frozenset = frozenset()) -> dict | None:
    wa, wb = a.state.world, b.state.world
    rows_a = (r for r in a.rows(after=after) if r.kind not in skip)
    rows_b = (r for r in b.rows(after=after) if r.kind not in skip)
    for ra, rb in zip_longest(rows_a, rows_b):
        if ra is not None and rb is not None and _same(ra, rb):
            continue
        seq = (ra or rb).seq
        kind = ra.kind if ra is not None and (rb is None or ra.kind == rb.kind) else (
            rb.kind if ra is None else f"{ra.kind} / {rb.kind}")
        return {"seq": seq, "kind": kind, "a": _side(ra, wa), "b": _side(rb, wb)}
    return None


def _setup(a: Session, b: Session) -> dict:
    sa, sb = a.state, b.state
    first_a = next(a.rows(upto=1))
    first_b = next(b.rows(upto=1))
    pa, pb = json.loads(first_a.payload), json.loads(first_b.payload)
    return {
        "seed": {"a": sa.seed, "b": sb.seed, "same": sa.seed == sb.seed},
        "participants": {"a": dict(pa["participants"]), "b": dict(pb["participants"]),
                         "same": pa["participants"] == pb["participants"]},
        "content_same": pa["world"] == pb["world"],
    }


def _decisions(state) -> dict[tuple, dict]:
    out = {}
    for d in state.decisions.values():
        if d.withdrawn:
            continue
        label = None
        if d.inject_id and d.option_id:
            opt = state.world.injects[d.inject_id].option(d.option_id)
            label = opt.label if opt else None
        out[(d.turn, d.role, d.inject_id or "")] = {"option": d.option_id, "option_label": label, "text": d.text}
    return out


def compare(a: Session, b: Session) -> dict:
    """The comparison as a JSON-ready dict. Raises CompareError for sessions of different scenarios."""
    sa, sb = a.state, b.state
    if sa.world.scenario.id != sb.world.scenario.id:
        raise CompareError(f"the sessions are of different scenarios: "
                           f"'{sa.world.scenario.id}' and '{sb.world.scenario.id}'")
    divergence = _divergence(a, b)
    # where the play parts: after the set-up event, console bookkeeping aside
    play = _divergence(a, b, after=1, skip=BOOKKEEPING) if divergence else None
    ends_a, ends_b = turn_end_values(sa), turn_end_values(sb)
    ids = [i.id for i in sa.world.scenario.indicators]
    turns = []
    da, db = _decisions(sa), _decisions(sb)
    for t in range(1, max(sa.turn, sb.turn) + 1):
        va, vb = ends_a.get(t), ends_b.get(t)
        diff = {i: (vb[i] - va[i]) for i in ids if va and vb and i in va and i in vb}
        decisions = []
        for key in sorted({k for k in da if k[0] == t} | {k for k in db if k[0] == t}):
            x, y = da.get(key), db.get(key)
            if x != y:
                decisions.append({"role": key[1], "inject": key[2] or None, "a": x, "b": y})
        turns.append({"turn": t, "a": va, "b": vb, "difference": diff, "decisions": decisions})
    final_diff = {i: sb.indicators[i] - sa.indicators[i] for i in ids if i in sa.indicators and i in sb.indicators}
    return {
        "scenario": sa.world.scenario.id,
        "a": {"file": a.path.name, "events": sa.seq, "seed": sa.seed, "turns_played": sa.turn,
              "ended": sa.ended, "end_reason": sa.end_reason},
        "b": {"file": b.path.name, "events": sb.seq, "seed": sb.seed, "turns_played": sb.turn,
              "ended": sb.ended, "end_reason": sb.end_reason},
        "setup": _setup(a, b),
        "diverged": divergence is not None,
        "divergence": divergence,
        "play_divergence": play,
        "indicators": ids,
        "turns": turns,
        "final": {"a": dict(sa.indicators), "b": dict(sb.indicators), "difference": final_diff},
    }


def _choice(d: dict | None) -> str:
    if d is None:
        return "no decision"
    if d["option"]:
        return f"{d['option_label'] or d['option']} [{d['option']}]"
    return f"free action: {d['text']}"


def render_compare_md(c: dict) -> str:
    a, b = c["a"], c["b"]
    out = [f"# Comparison of two sessions of {code(c['scenario'])}", "",
           f"- A: {code(a['file'])}: seed {a['seed']}, {a['events']} events, {a['turns_played']} turns, "
           f"{esc(a['end_reason'] or 'not ended')}",
           f"- B: {code(b['file'])}: seed {b['seed']}, {b['events']} events, {b['turns_played']} turns, "
           f"{esc(b['end_reason'] or 'not ended')}", ""]
    s = c["setup"]
    out += ["## Set-up", "",
            f"- Seed: {'same' if s['seed']['same'] else 'A ' + str(s['seed']['a']) + ', B ' + str(s['seed']['b'])}",
            f"- Participants: {'same' if s['participants']['same'] else 'different'}",
            f"- Scenario content: {'same' if s['content_same'] else 'different (edited between the sessions)'}", ""]
    out += ["## Divergence", ""]
    if not c["diverged"]:
        out += ["No divergence: the two sessions hold the same events (times and join codes aside).", ""]
    else:
        for key, title in (("divergence", "First difference"), ("play_divergence", "First difference in play")):
            d = c[key]
            if key == "play_divergence" and d == c["divergence"]:
                continue
            if d is None:
                out += [f"{title}: none after the set-up.", ""]
                continue
            out += [f"{title}: event {d['seq']} ({esc(d['kind'])})", ""]
            out += table(["Side", "Event", "What happened"], [
                ["A", str(d["a"]["seq"]) if d["a"] else "-", esc(d["a"]["text"] if d["a"] else describe(None, None))],
                ["B", str(d["b"]["seq"]) if d["b"] else "-", esc(d["b"]["text"] if d["b"] else describe(None, None))]])
    out += ["## Indicators at the end of each turn", "", "Difference is B minus A.", ""]
    head = ["Turn"] + [f"{code(i)} A" for i in c["indicators"]] + [f"{code(i)} B" for i in c["indicators"]] \
        + [f"{code(i)} B-A" for i in c["indicators"]]
    rows = []
    for t in c["turns"]:
        rows.append([str(t["turn"])]
                    + [str(t["a"][i]) if t["a"] else "-" for i in c["indicators"]]
                    + [str(t["b"][i]) if t["b"] else "-" for i in c["indicators"]]
                    + [f"{t['difference'][i]:+d}" if i in t["difference"] else "-" for i in c["indicators"]])
    f = c["final"]
    rows.append(["final"] + [str(f["a"].get(i, "-")) for i in c["indicators"]]
                + [str(f["b"].get(i, "-")) for i in c["indicators"]]
                + [f"{f['difference'][i]:+d}" if i in f["difference"] else "-" for i in c["indicators"]])
    out += table(head, rows)
    out += ["## Decisions that differ", ""]
    any_diff = False
    for t in c["turns"]:
        if not t["decisions"]:
            continue
        any_diff = True
        out += [f"### Turn {t['turn']}", ""]
        out += table(["Role", "Inject", "A", "B"], [
            [esc(d["role"]), code(d["inject"]) or "free action", esc(_choice(d["a"])), esc(_choice(d["b"]))]
            for d in t["decisions"]])
    if not any_diff:
        out += ["None: every team decided the same in both sessions.", ""]
    return "\n".join(out).rstrip() + "\n"
