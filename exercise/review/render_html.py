"""The after-action report as one self-contained HTML file: inline CSS with a print stylesheet
(A4, no backgrounds, each major section on a new page) and inline SVG charts. No script, no
external assets. Every text from content or players goes through html.escape.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from exercise.review import fmt
from exercise.review.render_roads import roads_html, sections
from exercise.review.report_css import CSS
from exercise.review.report_types import (
    Decision,
    HistoryRow,
    Objective,
    ObjectiveDecision,
    Report,
)
from exercise.review.svg_chart import line_chart


def e(text: object) -> str:
    return escape("" if text is None else str(text))


def code(ident: str | None) -> str:
    return f"<code>{e(ident)}</code>" if ident else ""


def multiline(text: str | None) -> str:
    """Paragraphs of escaped text."""
    paras = [p.strip() for p in str(text or "").split("\n\n") if p.strip()]
    return "".join(f"<p>{e(' '.join(p.split()))}</p>" for p in paras)


def verdict(v: str, basis: str = "") -> str:
    cls = "v-" + v.replace(" ", "-")
    out = f'<span class="verdict {cls}">{e(v)}</span>'
    return out + (f' <span class="note">({e(basis)})</span>' if basis else "")


def table(head: list[str], rows: list[list[str]], cls: str = "", num: tuple[int, ...] = ()) -> str:
    """Cells are HTML already (escape before). `num`: right-aligned column indexes."""

    def cell(tag: str, i: int, c: str) -> str:
        return f'<{tag} class="num">{c}</{tag}>' if i in num else f"<{tag}>{c}</{tag}>"

    h = "".join(cell("th", i, c) for i, c in enumerate(head))
    body = "".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    return f'<table class="{cls}"><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>'


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
        + f" &middot; session file {code(m.overview.session.file)}</p></header>",
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


def _rating() -> str:
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
                f"event {ob.seq}, {e(ob.author)})</span></li>"
                for ob in o.observations
            )
            + "</ul>"
        )
    if not o.decisions and not o.observations:
        out.append(
            '<p class="muted">No decision or observation in the log bears on this objective.</p>'
        )
    out.append(_rating())
    return out


def _narrative(m: Report, day: str | None) -> str:
    out = []
    for t in m.turns:
        out.append(
            f'<div class="turn"><h3>Turn {e(t.turn)}: {e(t.name)} '
            f'<span class="muted">({e(t.date)})</span></h3>'
        )
        if t.brief:
            out.append(multiline(t.brief))
        if t.injects:
            out.append("<h4>Injects released</h4>")
            out.append(
                table(
                    ["Event", "Time", "Inject", "How", "Visibility"],
                    [
                        [
                            e(i.seq or "-"),
                            e(fmt.clock(i.at, day)),
                            f"{code(i.id)} {e(i.title)}"
                            + (
                                ' <span class="note">(counterfactual)</span>'
                                if i.counterfactual
                                else ""
                            ),
                            e(fmt.released_how(i)),
                            "public"
                            if i.visibility == "public"
                            else "private to " + e(", ".join(i.audience)),
                        ]
                        for i in t.injects
                    ],
                    num=(0,),
                )
            )
        if t.decisions:
            out += ["<h4>Decisions</h4><ul>"] + [_decision(d, day) for d in t.decisions] + ["</ul>"]
        if t.rulings:
            out.append("<h4>Rulings</h4><ul>")
            out += [
                f"<li><strong>{code(r.id)}</strong> <span class='note'>({e(r.method)}, "
                f"event {e(r.seq)}, {e(fmt.audience(r.audience))})</span>: "
                f"{e(r.narrative)}"
                + (f" <strong>{e(fmt.voided(r.voided))}</strong>" if r.voided else "")
                + "</li>"
                for r in t.rulings
            ]
            out.append("</ul>")
        if t.corrections:
            out.append("<h4>Corrections by the white cell</h4><ul>")
            out += [
                f"<li><span class='note'>event {e(c.seq)}, {e(fmt.clock(c.at, day))} "
                f"({e(c.by)})</span>: {e(c.what)}</li>"
                for c in t.corrections
            ]
            out.append("</ul>")
        if t.messages:
            out.append("<h4>Messages</h4><ul>")
            out += [
                f"<li><strong>{code(m.id)}</strong> {e(fmt.message_head(m))} "
                f"<span class='note'>(event {e(m.seq)}, {e(fmt.clock(m.at, day))}; "
                f"{e(fmt.message_reads(m, day))})</span>: {e(m.text)}</li>"
                for m in t.messages
            ]
            out.append("</ul>")
        if not (t.injects or t.decisions or t.rulings):
            out.append('<p class="muted">Nothing was released, decided or ruled in this turn.</p>')
        values = ", ".join(f"{k} {v}" for k, v in t.indicators.items())
        out.append(
            f"<p><span class='muted'>Indicators at the end of the turn:</span> "
            f"{e(values)}</p></div>"
        )
    return "\n".join(out)


def _decision(d: Decision, day: str | None) -> str:
    where = f" on {code(d.inject)}" if d.inject else ""
    extra = f", amended {d.amended}&times;" if d.amended else ""
    item = (
        f"<li><strong>{e(d.role)}</strong>{where}: {e(fmt.choice(d))} "
        f"<span class='note'>(event {e(d.seq)}, {e(fmt.clock(d.at, day))}, "
        f"by {e(d.author)}{extra})</span>"
    )
    if d.rationale:
        item += f"<br><span class='muted'>Rationale:</span> {e(d.rationale)}"
    return item + "</li>"


def _history(m: Report, day: str | None) -> str:
    if not m.decisions_vs_history:
        return "<p>No decisions were recorded.</p>"
    groups: dict[tuple[int, str | None], list[HistoryRow]] = {}
    for r in m.decisions_vs_history:
        groups.setdefault((r.turn, r.inject), []).append(r)
    body = []
    for (turn, inject), group in groups.items():
        record = _record(turn, inject, group[0])
        for n, r in enumerate(group):
            expected = "<br>".join(f"{e(x.text)} {verdict(x.verdict, x.basis)}" for x in r.expected)
            cells = [
                f"<td>{e(r.role)}</td>",
                f"<td>{e(fmt.choice(r))}</td>",
                f"<td>{e(r.rationale)}</td>",
                f"<td>{expected or '<span class=muted>none</span>'}</td>",
                f"<td>{verdict(r.verdict)}</td>",
            ]
            if n == 0:
                cells.insert(0, f'<td rowspan="{len(group)}" style="width:34%">{record}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "Inject and historical record",
            "Role",
            "Team's choice",
            "Rationale",
            "Expected of the role",
            "Verdict",
        )
    )
    return (
        f'<p class="note">{e(fmt.VERDICT_NOTE)}</p>'
        f'<table class="history"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        "</table>"
    )


def _record(turn: int, inject: str | None, first: HistoryRow) -> str:
    """The first cell of an inject's rows: the inject and what the real actors did."""
    record = (
        f"<strong>T{e(turn)} {code(inject)}</strong> {e(first.inject_title)}"
        if inject
        else f"<strong>T{e(turn)}</strong> free actions"
    )
    if first.counterfactual:
        record += ' <span class="note">(counterfactual inject)</span>'
    h = first.history
    if h:
        record += multiline(h.text) + "".join(
            f"<p class='cite'>{code(c.key)} &ldquo;{e(c.quote)}&rdquo;</p>" for c in h.sources
        )
    elif inject:
        record += '<p class="muted">No historical record given.</p>'
    return record


def _ledger(m: Report, day: str | None) -> str:
    if not m.ledger:
        return "<p>No rulings were made.</p>"
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
                code(r.id),
                e(r.turn),
                e(r.seq or "-"),
                e(r.method),
                e("; ".join(r.covers or r.decisions)) or "none",
                e(fmt.odds(r.odds)),
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
    charts = []
    for d in ind.defs:
        svg = line_chart(d.label, labels, ind.series[d.id], d.min, d.max, d.thresholds)
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
        "are end-condition thresholds.</p>"
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
                        f"{e(o.author)})</span></li>"
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
    "overview": _overview,
    "objectives": _objectives,
    "narrative": _narrative,
    "history": _history,
    "ledger": _ledger,
    "indicators": _indicators,
    "outcomes": _outcomes,
    "findings": _findings,
    "roads": roads_html,
    "plan": _plan,
    "knew": _knew,
}
