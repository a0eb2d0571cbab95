"""The after-action report as one self-contained HTML file: inline CSS with a print stylesheet
(A4, no backgrounds, each major section on a new page) and inline SVG charts. No script, no
external assets. Every text from content or players goes through html.escape.
"""

from __future__ import annotations

from collections.abc import Callable

from exercise.review import fmt
from exercise.review.chart_marks import MARKS_NOTE, ruling_marks
from exercise.review.html_parts import code, e, multiline, table, verdict
from exercise.review.render_aar import hotwash_html, phases_html, scorecard_html, summary_html
from exercise.review.render_html_turns import history_html, narrative_html
from exercise.review.render_judgement import (
    anchor,
    calibration_html,
    evidence_html,
    feedback_html,
    rated_text,
    rating_boxes,
)
from exercise.review.render_roads import roads_html
from exercise.review.report_css import CSS
from exercise.review.report_evidence import anchored
from exercise.review.report_types import Objective, ObjectiveDecision, Report
from exercise.review.svg_chart import line_chart
from exercise.review.toc import sections

__all__ = ["code", "e", "multiline", "render_html", "table", "verdict"]  # the parts, for others


def render_html(m: Report) -> str:
    day = fmt.day_of(m.overview.session.started)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>After-action report: {e(m.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        '<header class="cover"><p class="kicker">After-action report and improvement plan</p>',
        f"<h1>{e(m.title)}</h1>",
        f'<p class="muted">Scenario {code(m.scenario)} &middot; seed {e(m.seed)} &middot; '
        f"{e(m.events)} events &middot; hash chain "
        + (
            '<span class="ok">verified</span>'
            if m.verified
            else '<span class="bad">NOT verified</span>'
        )
        + f" &middot; session file {code(m.overview.session.file)}</p>"
        + (
            f'<p class="anonymised"><strong>Anonymised</strong>: {e(m.anonymised)}</p>'
            if m.anonymised
            else ""
        )
        + "</header>",
        '<nav class="toc"><strong>Contents</strong><ul>'
        + "".join(f'<li><a href="#{key}">{e(title)}</a></li>' for key, title in sections(m))
        + "</ul></nav>",
    ]
    for key, title in sections(m):
        parts.append(f'<section id="{key}"><h2>{e(title)}</h2>')
        parts.append(_SECTION[key](m, day))
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _overview(m: Report, day: str | None) -> str:
    ov = m.overview
    sc = ov.scenario
    out = [
        table(["Item", "Value"], _overview_rows(m), "kv"),
        "<h3>Scenario</h3>",
        multiline(sc.readme),
    ]
    if sc.learning_objectives:
        out.append(
            "<p>Learning objectives:</p><ul>"
            + "".join(f"<li>{e(o)}</li>" for o in sc.learning_objectives)
            + "</ul>"
        )
    out.append("<h3>Roles and who played them</h3>")
    out.append(
        table(
            ["Role", "Played by", "Team consoles joined"],
            [
                [
                    f"{e(r.name)} ({code(r.role)})",
                    e(fmt.modes(r)),
                    e(", ".join(c or "(unnamed)" for c in r.clients)) or "none",
                ]
                for r in ov.roles
            ],
        )
    )
    out.append("<h3>Turns</h3>")
    out.append(
        table(
            ["Turn", "Name", "In-world date", "Started"],
            [
                [
                    e(t.turn),
                    e(t.name),
                    e(t.date),
                    f"event {t.seq}, {e(fmt.clock(t.at, day))}" if t.seq else "-",
                ]
                for t in m.turns
            ],
            "compact",
            num=(0,),
        )
    )
    out.append("<h3>Events by kind</h3>")
    out.append(
        table(
            ["Kind", "Count"],
            [[e(k), e(v)] for k, v in ov.events_by_kind.items()],
            "compact",
            num=(1,),
        )
    )
    return "\n".join(out)


def _overview_rows(m: Report) -> list[list[str]]:
    ov = m.overview
    sc, se, inw, ver = ov.scenario, ov.session, ov.in_world, ov.verification
    played = [t for t in inw.turns if t.played]
    rows = [
        ["Scenario", f"{e(sc.title)} ({code(sc.id)})"],
        ["Period covered", f"{e(sc.period.start)} to {e(sc.period.end)}"],
        [
            "In-world dates played",
            f"{e(inw.from_)} (turn {played[0].turn}) to {e(inw.to)} (turn {played[-1].turn})"
            if played
            else "no turn played",
        ],
        ["Turns played", f"{m.turns_played} of {len(inw.turns)}"],
        ["Session (wall clock)", f"{e(fmt.stamp(se.started))} to {e(fmt.stamp(se.last_event))}"],
        ["Duration", f"{e(fmt.duration(se.duration_seconds))} (planned {e(sc.minutes)} min)"],
        [
            "Clock paused",
            "never"
            if not se.pauses
            else f"{fmt.plural(se.pauses, 'time')}, {e(fmt.duration(se.paused_seconds))} in all",
        ],
        ["Seed", e(m.seed)],
        ["Events", e(m.events)],
        [
            "Hash chain",
            f'<span class="ok">verified</span> ({fmt.plural(ver.checked, "event")})'
            if ver.ok
            else '<span class="bad">NOT verified</span>: '
            f"event {e(ver.first_bad)}: {e(ver.reason)}",
        ],
        [
            "Receipt (chain head)",
            f"{code(ver.receipt)}: keep it apart; "
            "<code>ttx verify FILE --head</code> checks the file against it",
        ],
        ["Ended", e(se.end_reason) if se.ended else "not ended (still open)"],
        ["End conditions met", e("; ".join(c.label for c in se.end_conditions)) or "none"],
    ]
    if se.forked_from:
        f = se.forked_from
        rows.append(["Forked from", f"{code(f.file)} at event {e(f.seq)} of {e(f.events)}"])
    return rows


def _rating(o: Objective) -> str:
    if o.rating:
        return (
            '<p class="rating"><strong>Rating:</strong> '
            + "".join(
                f'<span class="chosen">\u2612 {e(r)}</span>'
                if on
                else f"<span>\u2610 {e(r)}</span>"
                for on, r in rating_boxes(o)
            )
            + f'<br><span class="note">{e(rated_text(o))}</span></p>'
        )
    return (
        '<p class="rating"><strong>Rating:</strong> '
        + "".join(f"<span>\u2610 {e(r)}</span>" for r in fmt.RATINGS)
        + "</p>"
    )


def _objectives(m: Report, day: str | None) -> str:
    out = [f'<p class="note">{e(fmt.RATING_NOTE)} {e(fmt.VERDICT_NOTE)}</p>']
    if not m.objectives:
        return out[0] + "<p>The roles of this session state no objectives.</p>"
    for role in m.objectives:
        out.append(f"<h3>{e(role.name)}</h3>")
        for o in role.objectives:
            out += _objective(o)
    return "\n".join(out)


def _undecided(d: ObjectiveDecision) -> str:
    return "not decided" if d.visible else "not visible to the team"


def _objective(o: Objective) -> list[str]:
    out = [f"<h4>{code(o.id)} {e(o.label or '')}</h4><p>{e(o.text)}</p>"]
    if o.decisions:
        out.append(
            table(
                ["Turn", "Inject", "Expected action", "Team's choice", "Verdict"],
                [
                    [
                        e(d.turn),
                        f"{code(d.inject)} {e(d.inject_title)}",
                        e(d.expected),
                        e(fmt.choice(d))
                        if d.decision
                        else f'<span class="muted">{_undecided(d)}</span>',
                        verdict(d.verdict, d.basis),
                    ]
                    for d in o.decisions
                ],
                num=(0,),
            )
        )
    if o.observations:
        out.append(
            "<p>Observations:</p><ul>"
            + "".join(
                f"<li>{e(ob.text)} <span class='note'>({e(ob.kind)}; turn {ob.turn}, "
                f"event {ob.seq}, {e(ob.author)})</span>{evidence_html(ob)}</li>"
                for ob in o.observations
            )
            + "</ul>"
        )
    if not o.decisions and not o.observations:
        out.append(
            '<p class="muted">No decision or observation in the log bears on this objective.</p>'
        )
    out.append(_rating(o))
    return out


def _ledger(m: Report, day: str | None) -> str:
    if not m.ledger:
        return "<p>No rulings were made.</p>"
    anchors = anchored(m.observations)
    return table(
        [
            "Ruling",
            "Turn",
            "Event",
            "Method",
            "Decisions",
            "Odds",
            "Roll",
            "Total",
            "Result",
            "Changes (before &rarr; after)",
            "Flags",
            "Reason",
        ],
        [
            [
                (f"<span{anchor(r.seq, anchors)}></span>" if anchor(r.seq, anchors) else "")
                + code(r.id),
                e(r.turn),
                e(r.seq or "-"),
                e(r.method),
                e("; ".join(r.covers or r.decisions)) or "none",
                e(fmt.odds(r)),
                e(fmt.roll(r)),
                "-" if r.total is None else e(r.total),
                e(fmt.result(r)),
                e(fmt.changes(r.deltas, r.before, r.applied)),
                e(fmt.flags(r)),
                e(" — ".join(x for x in (r.reason, fmt.voided(r.voided)) if x)),
            ]
            for r in m.ledger
        ],
        "ledger",
        num=(1, 2, 7),
    )


def _indicators(m: Report, day: str | None) -> str:
    ind = m.indicators
    labels = [p.label for p in ind.points]
    charts, marked = [], False
    for d in ind.defs:
        marks = ruling_marks(ind, m.ledger, d.id)
        marked = marked or bool(marks)
        svg = line_chart(d.label, labels, ind.series[d.id], d.min, d.max, d.thresholds, marks)
        charts.append(
            f"<figure><figcaption>{e(d.label)} {code(d.id)} "
            f"<span class='note'>{d.min}..{d.max}</span></figcaption>{svg}</figure>"
        )
    rows = [
        [f"{e(d.label)} {code(d.id)}", f"{d.min}..{d.max}"]
        + ["-" if v is None else e(v) for v in ind.series[d.id]]
        for d in ind.defs
    ]
    notes = [f"<li>{code(d.id)} {e(fmt.threshold(t))}</li>" for d in ind.defs for t in d.thresholds]
    return (
        "<p class='note'>Values at the start and at the end of each turn played; dashed lines "
        "are end-condition thresholds" + (f"; {MARKS_NOTE}" if marked else "") + ".</p>"
        f'<div class="charts">{"".join(charts)}</div>'
        + table(
            ["Indicator", "Range"] + [e(x) for x in labels],
            rows,
            num=tuple(range(2, len(labels) + 2)),
        )
        + (f"<p>End-condition thresholds:</p><ul>{''.join(notes)}</ul>" if notes else "")
    )


def _outcomes(m: Report, day: str | None) -> str:
    rows = [[e(c) for c in r] for r in fmt.outcome_rows(m.outcomes)]
    hidden = [[e(c) for c in r] for r in fmt.hidden_rows(m.hidden_moves)]
    return (
        f'<p class="note">{e(fmt.OUTCOME_NOTE)}</p>'
        + table(fmt.OUTCOME_HEAD, rows, num=(1,))
        + scorecard_html(m)
        + "<h3>Hidden moves</h3>"
        + (
            table(fmt.HIDDEN_HEAD, hidden, num=(5, 6))
            if hidden
            else "<p>No team made a covert move.</p>"
        )
    )


def _findings(m: Report, day: str | None) -> str:
    out = [f'<p class="note">{e(fmt.MARKING_NOTE)}</p>']
    if not m.findings:
        return out[0] + "<p>No observations were recorded.</p>"
    for g in m.findings:
        head = e(g.name)
        if g.objective:
            head += f": {code(g.objective)} {e(g.objective_text or '')}"
        out.append(f"<h3>{head}</h3>")
        for observations, label in (
            (g.strengths, "Strengths"),
            (g.improvements, "Areas for improvement"),
            (g.notes, "Notes to sort"),
        ):
            if observations:
                out.append(
                    f"<h4>{label}</h4><ul>"
                    + "".join(
                        f"<li>{e(o.text)} <span class='note'>(turn {o.turn}, event {o.seq}, "
                        f"{e(o.author)})</span>{evidence_html(o)}</li>"
                        for o in observations
                    )
                    + "</ul>"
                )
    return "\n".join(out)


def _plan(m: Report, day: str | None) -> str:
    out = [
        "<p>For the trainer to complete: one row per issue, with its corrective action, owner "
        "and due date. Areas for improvement observed during play are filled in as issues.</p>"
    ]
    for role in m.improvement_plan:
        out.append(f"<h3>{e(role.name)}</h3>")
        out.append(
            table(
                ["Issue", "Objective", "Corrective action", "Owner", "Due"],
                [
                    [e(r.issue), code(r.objective), e(r.corrective_action), e(r.owner), e(r.due)]
                    for r in role.rows
                ],
                "plan",
            )
        )
    return "\n".join(out)


def _knew(m: Report, day: str | None) -> str:
    out = []
    for role in m.who_knew_what:
        out.append(f"<h3>{e(role.name)}</h3>")
        if not role.injects:
            out.append('<p class="muted">No inject this role could see was released.</p>')
            continue
        out.append(
            table(
                ["Inject", "Turn", "Released", "Read", "Delay"],
                [
                    [
                        f"{code(i.inject)} {e(i.title)}",
                        e(i.turn),
                        f"event {e(i.released_seq)}, {e(fmt.clock(i.released_at, day))} "
                        f"({e(fmt.released_how(i))})",
                        f"event {e(i.read_seq)}, {e(fmt.clock(i.read_at, day))}"
                        if i.read
                        else '<span class="muted">not read</span>',
                        e(fmt.duration(i.lag_seconds)) if i.read else "-",
                    ]
                    for i in role.injects
                ],
                num=(1,),
            )
        )
    return "\n".join(out)


_SECTION: dict[str, Callable[[Report, str | None], str]] = {
    "summary": summary_html,
    "overview": _overview,
    "objectives": _objectives,
    "narrative": narrative_html,
    "history": history_html,
    "ledger": _ledger,
    "indicators": _indicators,
    "outcomes": _outcomes,
    "findings": _findings,
    "roads": roads_html,
    "calibration": calibration_html,
    "feedback": feedback_html,
    "hotwash": hotwash_html,
    "phases": phases_html,
    "plan": _plan,
    "knew": _knew,
}
