"""The HTML report's turn-by-turn narrative and its decisions beside the historical record.

An element showing an event that an observation points at carries the anchor its evidence
links to (render_judgement.anchor); the others carry no id.
"""

from __future__ import annotations

from exercise.review import fmt
from exercise.review.html_parts import code, e, multiline, table, verdict
from exercise.review.render_judgement import anchor
from exercise.review.report_evidence import anchored
from exercise.review.report_types import Decision, HistoryRow, Report, Turn


def narrative_html(m: Report, day: str | None) -> str:
    anchors = anchored(m.observations)
    out = []
    for t in m.turns:
        out.append(
            f'<div class="turn"><h3{anchor(t.seq, anchors)}>Turn {e(t.turn)}: {e(t.name)} '
            f'<span class="muted">({e(t.date)})</span></h3>'
        )
        if t.brief:
            out.append(multiline(t.brief))
        if t.injects:
            out.append("<h4>Injects released</h4>")
            out.append(_injects(t, day, anchors))
        if t.decisions:
            out += (
                ["<h4>Decisions</h4><ul>"]
                + [_decision(d, day, anchors) for d in t.decisions]
                + ["</ul>"]
            )
        out += _rulings_and_after(t, day, anchors)
        if not (t.injects or t.decisions or t.rulings):
            out.append('<p class="muted">Nothing was released, decided or ruled in this turn.</p>')
        values = ", ".join(f"{k} {v}" for k, v in t.indicators.items())
        out.append(
            f"<p><span class='muted'>Indicators at the end of the turn:</span> "
            f"{e(values)}</p></div>"
        )
    return "\n".join(out)


def _injects(t: Turn, day: str | None, anchors: frozenset[int]) -> str:
    return table(
        ["Event", "Time", "Inject", "How", "Visibility"],
        [
            [
                e(i.seq or "-"),
                e(fmt.clock(i.at, day)),
                _marked(i.seq, anchors)
                + f"{code(i.id)} {e(i.title)}"
                + (' <span class="note">(counterfactual)</span>' if i.counterfactual else ""),
                e(fmt.released_how(i)),
                "public" if i.visibility == "public" else "private to " + e(", ".join(i.audience)),
            ]
            for i in t.injects
        ],
        num=(0,),
    )


def _rulings_and_after(t: Turn, day: str | None, anchors: frozenset[int]) -> list[str]:
    """A turn's rulings, the white cell's corrections and the messages, each list if any."""
    out = []
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
            f"<li{anchor(c.seq, anchors)}><span class='note'>event {e(c.seq)}, "
            f"{e(fmt.clock(c.at, day))} "
            f"({e(c.by)})</span>: {e(c.what)}</li>"
            for c in t.corrections
        ]
        out.append("</ul>")
    if t.messages:
        out.append("<h4>Messages</h4><ul>")
        out += [
            f"<li{anchor(m.seq, anchors)}><strong>{code(m.id)}</strong> "
            f"{e(fmt.message_head(m))} "
            f"<span class='note'>(event {e(m.seq)}, {e(fmt.clock(m.at, day))}; "
            f"{e(fmt.message_reads(m, day))})</span>: {e(m.text)}</li>"
            for m in t.messages
        ]
        out.append("</ul>")
    return out


def _marked(seq: int | None, anchors: frozenset[int]) -> str:
    """An empty anchor at the start of a table cell, for a row an observation points at."""
    mark = anchor(seq, anchors)
    return f"<span{mark}></span>" if mark else ""


def _decision(d: Decision, day: str | None, anchors: frozenset[int]) -> str:
    where = f" on {code(d.inject)}" if d.inject else ""
    extra = f", amended {d.amended}&times;" if d.amended else ""
    item = (
        f"<li{anchor(d.seq, anchors)}><strong>{e(d.role)}</strong>{where}: {e(fmt.choice(d))} "
        f"<span class='note'>(event {e(d.seq)}, {e(fmt.clock(d.at, day))}, "
        f"by {e(d.author)}{extra})</span>"
    )
    if d.rationale:
        item += f"<br><span class='muted'>Rationale:</span> {e(d.rationale)}"
    return item + "</li>"


def history_html(m: Report, day: str | None) -> str:
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
