"""The AAR's additions that read the rest of the report: each team's scorecard turn by turn,
prompts for the hot wash, and the executive summary.

The scorecard is the engine's (engine/scorecard.score) at each turn's end. The hot-wash prompts
come from where a team departed from what the record implies it would do (the history rows'
verdicts, review/assess) and from the covert moves, found or not. The summary is a few lines
read off the typed report, so that it never says what the sections below do not show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from exercise.engine.scorecard import score
from exercise.engine.state import State
from exercise.review import assess
from exercise.review.aar_types import HotWashPrompt, SummaryLine, TeamScorecard, TurnScore
from exercise.review.fmt import choice, duration, plural
from exercise.review.fmt import score as score_text
from exercise.review.report_outcomes import HiddenMove
from exercise.review.report_types import HistoryRow, Report
from exercise.session.narrate import team_name

DEPARTURE, COVERT_FOUND, COVERT_HIDDEN = "departure", "covert found", "covert hidden"
RECORD_CHARS = 220  # of the historical record quoted in a prompt's context: its first sentence


def scorecards(state: State, ends: Mapping[int, Mapping[str, int]]) -> tuple[TeamScorecard, ...]:
    """Each played team on its own scorecard at the end of every turn played (`ends`)."""
    sc = state.world.scenario
    out = []
    for role in sc.roles:
        turns, last = [], 0.0
        for t in sorted(ends):
            now = round(float(score(sc, role, ends[t])), 3)
            turns.append(TurnScore(turn=t, score=now, change=round(now - last, 3)))
            last = now
        gains = [t for t in turns if t.change > 0]
        losses = [t for t in turns if t.change < 0]
        name = state.world.roles[role].name if role in state.world.roles else role
        out.append(
            TeamScorecard(
                role=role,
                name=name,
                turns=tuple(turns),
                final=last,
                best_turn=max(gains, key=lambda t: t.change).turn if gains else None,
                worst_turn=min(losses, key=lambda t: t.change).turn if losses else None,
            )
        )
    return tuple(out)


# -- the hot wash -------------------------------------------------------------------------------


def hot_wash(m: Report) -> tuple[HotWashPrompt, ...]:
    """Prompts in turn order: a team's departures from the record, then the covert moves."""
    seqs = {d.id: d.seq for t in m.turns for d in t.decisions}
    prompts = [
        _departure(r, seqs.get(r.decision))
        for r in m.decisions_vs_history
        if r.verdict == assess.DEPARTED
    ]
    prompts += [_covert(h) for h in m.hidden_moves]
    order = {DEPARTURE: 0, COVERT_FOUND: 1, COVERT_HIDDEN: 2}
    return tuple(sorted(prompts, key=lambda p: (p.turn, order[p.source])))


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0]
    return first if len(first) <= RECORD_CHARS else first[: RECORD_CHARS - 1].rstrip() + "\u2026"


def _departure(r: HistoryRow, seq: int | None) -> HotWashPrompt:
    team = team_name(r.role)
    expected = [e.text.strip().rstrip(".") for e in r.expected if e.verdict == assess.DEPARTED]
    context = (
        f"{team} chose \u201c{choice(r)}\u201d on \u201c{r.inject_title or 'a free action'}\u201d"
    )
    if r.history is not None and not r.counterfactual:
        context += f"; the record: {_first_sentence(r.history.text)}"
    elif r.counterfactual:
        context += " (a counterfactual inject: no record to set it beside)"
    wanted = "; ".join(expected) or "what the record implies"
    return HotWashPrompt(
        source=DEPARTURE,
        turn=r.turn,
        roles=(r.role,),
        seq=seq,
        context=context,
        prompt=(
            f"{team}: the record points to \u201c{wanted}\u201d. What led you elsewhere, what "
            "did you expect the others to do, and what did it gain or cost you?"
        ),
    )


def _covert(h: HiddenMove) -> HotWashPrompt:
    team = team_name(h.role)
    kept = ", ".join(team_name(r) for r in h.hidden_from) or "no one"
    move = f"{team}'s covert move \u201c{h.label}\u201d on \u201c{h.title}\u201d"
    if h.found_turn:
        how = "its trigger held" if h.cause == "trigger" else "a discovery roll"
        return HotWashPrompt(
            source=COVERT_FOUND,
            turn=h.made_turn,
            roles=(*h.hidden_from, h.role),
            seq=None,
            context=(
                f"{move}, made in turn {h.made_turn} and kept from {kept}, came out in turn "
                f"{h.found_turn} ({how}) after {plural(h.turns_hidden, 'turn')}"
            ),
            prompt=(
                f"{kept}: what did you suspect before it came out, and what did you change once "
                f"you knew? {team}: was the risk worth it, knowing it might come out?"
            ),
        )
    return HotWashPrompt(
        source=COVERT_HIDDEN,
        turn=h.made_turn,
        roles=(h.role, *h.hidden_from),
        seq=None,
        context=(
            f"{move}, made in turn {h.made_turn}, stayed hidden from {kept} to the end "
            f"({h.chance:.0%} a turn of coming out)"
        ),
        prompt=(
            f"{team}: tell the room what you did and why. {kept}: did anything make you suspect "
            "it, and what would you have done had you known?"
        ),
    )


# -- the executive summary ----------------------------------------------------------------------


def summary(m: Report) -> tuple[SummaryLine, ...]:
    lines = [SummaryLine("Exercise", _exercise(m))]
    if m.scorecards:
        ranked = sorted(m.scorecards, key=lambda s: -s.final)
        lines.append(
            SummaryLine(
                "Outcome",
                "On their own scorecards: "
                + ", ".join(f"{s.name} {score_text(s.final)}" for s in ranked)
                + " (0 is where the scenario began).",
            )
        )
    lines.append(SummaryLine("Decisions", _decisions(m)))
    lines.append(SummaryLine("Rulings", _rulings(m)))
    lines.append(SummaryLine("Hidden moves", _hidden(m)))
    rated = [o for r in m.objectives for o in r.objectives if o.rating]
    if rated:
        counts = {k: sum(1 for o in rated if o.rating == k) for k in ("P", "S", "M", "U")}
        lines.append(
            SummaryLine(
                "Objectives rated",
                f"{plural(len(rated), 'objective')} rated by observers: "
                + ", ".join(f"{n} {k}" for k, n in counts.items() if n)
                + ".",
            )
        )
    if m.calibration is not None and m.calibration.teams:
        lines.append(
            SummaryLine(
                "Calibration",
                "; ".join(
                    f"{t.name}: Brier {t.brier:.2f} over {plural(t.forecasts, 'forecast')}, "
                    f"{t.in_words}"
                    for t in m.calibration.teams
                )
                + ".",
            )
        )
    if m.feedback is not None:
        f = m.feedback
        lines.append(
            SummaryLine(
                "Feedback",
                f"{plural(len(f.answers), 'answer')}: realism {f.realism:.1f} and learning "
                f"{f.learning:.1f} on average, out of {f.scale[1]}.",
            )
        )
    lines.append(SummaryLine("Observations", _observations(m)))
    if m.phase_times is not None and m.phase_times.rows:
        lines.append(SummaryLine("Timing", _timing(m)))
    return tuple(lines)


def _exercise(m: Report) -> str:
    ov = m.overview
    se = ov.session
    total = len(ov.in_world.turns)
    span = ov.in_world.from_
    if span and ov.in_world.to and ov.in_world.to != span:
        span += f" to {ov.in_world.to}"
    where = f" ({span})" if span and m.turns_played else ""
    ended = f"ended: {se.end_reason}" if se.ended and se.end_reason else "not ended"
    return (
        f"{m.title}: {m.turns_played} of {plural(total, 'turn')} played{where}; {ended}. "
        f"{duration(se.duration_seconds)} on the wall clock against {ov.scenario.minutes} min "
        "planned."
    )


def _decisions(m: Report) -> str:
    rows = m.decisions_vs_history
    if not rows:
        return "No decision was recorded."
    counts = {v: sum(1 for r in rows if r.verdict == v) for v in (assess.MATCHED, assess.DEPARTED)}
    other = len(rows) - sum(counts.values())
    return (
        f"{plural(len(rows), 'decision')}: {counts[assess.MATCHED]} matched what the record "
        f"implies, {counts[assess.DEPARTED]} departed from it"
        + (f", {other} not assessed or with no expectation" if other else "")
        + "."
    )


def _rulings(m: Report) -> str:
    if not m.ledger:
        return "No ruling was made."
    methods: dict[str, int] = {}
    for r in m.ledger:
        methods[r.method] = methods.get(r.method, 0) + 1
    rolled = [r for r in m.ledger if r.success is not None and r.voided is None]
    voided = sum(1 for r in m.ledger if r.voided is not None)
    text = f"{plural(len(m.ledger), 'ruling')} (" + ", ".join(
        f"{n} {k}" for k, n in methods.items()
    )
    text += ")"
    if rolled:
        text += (
            f"; {sum(1 for r in rolled if r.success)} of {plural(len(rolled), 'roll')} succeeded"
        )
    if voided:
        text += f"; {voided} voided"
    return text + "."


def _hidden(m: Report) -> str:
    moves = m.hidden_moves
    if not moves:
        return "No team made a covert move."
    found = sum(1 for h in moves if h.found_turn)
    return (
        f"{plural(len(moves), 'covert move')}: {found} came out, {len(moves) - found} stayed "
        "hidden."
    )


def _observations(m: Report) -> str:
    obs = m.observations
    if not obs:
        return "No observation was recorded."
    kinds = {k: sum(1 for o in obs if o.kind == k) for k in ("strength", "improvement", "note")}
    return (
        f"{plural(len(obs), 'observation')}: {plural(kinds['strength'], 'strength')}, "
        f"{plural(kinds['improvement'], 'area')} for improvement, {plural(kinds['note'], 'note')}."
    )


def _timing(m: Report) -> str:
    pt = m.phase_times
    assert pt is not None
    over = max(pt.rows, key=lambda r: r.actual_seconds - r.planned_seconds)
    gap = over.actual_seconds - over.planned_seconds
    text = (
        f"The phases played ran {duration(pt.actual_seconds)} against "
        f"{duration(pt.planned_seconds)} planned (pauses excluded)"
    )
    if gap > 0:
        text += f"; the longest overrun: turn {over.turn}, {over.name}, by {duration(gap)}"
    return text + "."
