"""The AAR's additions every session has, in Markdown and in HTML: the executive summary, each
team's scorecard turn by turn (under the outcomes), the hot-wash prompts and the phase times
against the plan."""

from __future__ import annotations

from exercise.review import fmt
from exercise.review.aar_types import PhaseTime, PhaseTimes, TeamScorecard
from exercise.review.report_types import Report

SCORECARD_NOTE = (
    "Each team's score on its own scorecard at the end of every turn (0 is where the scenario "
    "began), and in brackets what the turn itself gained or cost it."
)
HOTWASH_NOTE = (
    "Questions for the hot wash, drawn from where a team departed from what the historical "
    "record implies it would do, and from the covert moves, discovered or not. Ask the teams "
    "named first; then the room."
)
NO_PROMPT = (
    "No team departed from the record and no covert move was made: open the hot wash with what "
    "each team expected the others to do, and what surprised it."
)
PHASES_NOTE = (
    "Each phase's time as its clock ran: from the event that opened it to the one that opened "
    "the next, less the time the clock stood paused. A restarted clock counts from the restart; "
    "a phase gone back to adds its second stretch to its first."
)
PHASE_HEAD = ["Turn", "Phase", "Opened", "Planned", "Actual", "Difference", "Paused", "Note"]
SOURCE = {
    "departure": "departed from the record",
    "covert found": "covert move, discovered",
    "covert hidden": "covert move, never discovered",
}


def sentence(text: str) -> str:
    """The text closed by a full stop, unless it ends with its own."""
    return text if text.endswith((".", "!", "?", "\u2026")) else text + "."


def scorecard_head(m: Report) -> list[str]:
    turns = m.scorecards[0].turns if m.scorecards else ()
    return ["Team"] + [f"T{t.turn}" for t in turns] + ["Best turn", "Worst turn"]


def scorecard_row(s: TeamScorecard) -> list[str]:
    return (
        [s.name]
        + [f"{fmt.score(t.score)} ({fmt.score(t.change)})" for t in s.turns]
        + [
            f"T{s.best_turn}" if s.best_turn else "none",
            f"T{s.worst_turn}" if s.worst_turn else "none",
        ]
    )


def _gap(seconds: float) -> str:
    sign = "+" if seconds > 0 else "-" if seconds < 0 else ""
    return sign + fmt.duration(abs(seconds)) if round(seconds) else "on time"


def phase_note(r: PhaseTime) -> str:
    notes = []
    if r.restarted:
        notes.append("clock restarted")
    if r.returned:
        notes.append("gone back to")
    if r.running:
        notes.append("still running")
    return ", ".join(notes)


def phase_row(r: PhaseTime, day: str | None) -> list[str]:
    return [
        str(r.turn),
        r.name,
        f"event {r.seq}, {fmt.clock(r.at, day)}" if r.seq else "-",
        fmt.duration(r.planned_seconds),
        fmt.duration(r.actual_seconds),
        _gap(r.actual_seconds - r.planned_seconds),
        fmt.duration(r.paused_seconds) if r.paused_seconds else "-",
        phase_note(r),
    ]


def phase_total(pt: PhaseTimes) -> list[str]:
    return [
        "All",
        fmt.plural(len(pt.rows), "phase"),
        "",
        fmt.duration(pt.planned_seconds),
        fmt.duration(pt.actual_seconds),
        _gap(pt.actual_seconds - pt.planned_seconds),
        fmt.duration(pt.paused_seconds) if pt.paused_seconds else "-",
        f"the scenario plans {pt.scenario_minutes} min in all",
    ]


# -- Markdown -----------------------------------------------------------------------------------


def summary_md(m: Report, day: str | None) -> list[str]:
    from exercise.review.render_md import esc

    return [f"- **{esc(x.topic)}**: {esc(x.text)}" for x in m.executive_summary] + [""]


def scorecard_md(m: Report) -> list[str]:
    from exercise.review.render_md import esc, table

    out = ["### Scorecard turn by turn", "", esc(SCORECARD_NOTE), ""]
    if not m.scorecards or not m.scorecards[0].turns:
        return out + ["No turn was played.", ""]
    return out + table(
        scorecard_head(m), [[esc(c) for c in scorecard_row(s)] for s in m.scorecards]
    )


def hotwash_md(m: Report, day: str | None) -> list[str]:
    from exercise.review.render_md import esc

    out = [esc(HOTWASH_NOTE), ""]
    if not m.hot_wash:
        return out + [esc(NO_PROMPT), ""]
    for n, p in enumerate(m.hot_wash, start=1):
        event = f", event {p.seq}" if p.seq else ""
        out += [
            f"{n}. **{esc(p.prompt)}**  ",
            f"   Turn {p.turn}{event}, {esc(SOURCE.get(p.source, p.source))}: "
            f"{esc(sentence(p.context))}",
        ]
    return out + [""]


def phases_md(m: Report, day: str | None) -> list[str]:
    from exercise.review.render_md import esc, table

    pt = m.phase_times
    out = [esc(PHASES_NOTE), ""]
    if pt is None or not pt.rows:
        return out + ["No phase was played.", ""]
    rows = [[esc(c) for c in phase_row(r, day)] for r in pt.rows]
    rows.append([f"**{esc(c)}**" if c else "" for c in phase_total(pt)])
    return out + table(PHASE_HEAD, rows)


# -- HTML ---------------------------------------------------------------------------------------


def summary_html(m: Report, day: str | None) -> str:
    from exercise.review.render_html import e

    items = "".join(
        f"<li><strong>{e(x.topic)}</strong>: {e(x.text)}</li>" for x in m.executive_summary
    )
    return f'<ul class="summary">{items}</ul>'


def scorecard_html(m: Report) -> str:
    from exercise.review.render_html import e, table

    out = f'<h3>Scorecard turn by turn</h3><p class="note">{e(SCORECARD_NOTE)}</p>'
    if not m.scorecards or not m.scorecards[0].turns:
        return out + "<p>No turn was played.</p>"
    head = scorecard_head(m)
    rows = [[e(c) for c in scorecard_row(s)] for s in m.scorecards]
    return out + table(head, rows, num=tuple(range(1, len(head) - 2)))


def hotwash_html(m: Report, day: str | None) -> str:
    from exercise.review.render_html import e

    out = f'<p class="note">{e(HOTWASH_NOTE)}</p>'
    if not m.hot_wash:
        return out + f"<p>{e(NO_PROMPT)}</p>"
    items = []
    for p in m.hot_wash:
        event = f", event {e(p.seq)}" if p.seq else ""
        items.append(
            f"<li><strong>{e(p.prompt)}</strong><br><span class='note'>Turn {e(p.turn)}{event}, "
            f"{e(SOURCE.get(p.source, p.source))}: {e(sentence(p.context))}</span></li>"
        )
    return out + f'<ol class="hotwash">{"".join(items)}</ol>'


def phases_html(m: Report, day: str | None) -> str:
    from exercise.review.render_html import e, table

    pt = m.phase_times
    out = f'<p class="note">{e(PHASES_NOTE)}</p>'
    if pt is None or not pt.rows:
        return out + "<p>No phase was played.</p>"
    rows = [[e(c) for c in phase_row(r, day)] for r in pt.rows]
    rows.append([f"<strong>{e(c)}</strong>" if c else "" for c in phase_total(pt)])
    return out + table(PHASE_HEAD, rows, num=(0, 3, 4, 5, 6))
