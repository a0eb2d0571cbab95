"""The report's section on the roads not taken, in Markdown and in HTML (with outcome fans).

It is there only when the report is given a `ttx whatif` result (`ttx report --whatif`): the
section list (toc.sections) puts it before the appendices then, and leaves it out without.
A decision's options are lettered A, B, C... in the inject's order, and its tables have one
column per option, so that long option labels are read once, in the list above them.
"""

from __future__ import annotations

from html import escape

from exercise.review.report_types import IndicatorDef, Report
from exercise.review.roads_chart import Fan, fan_chart, swatch
from exercise.review.roads_types import RoadDecision, RoadsNotTaken

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
RANGE = "median (10\u201390% of runs)"


# -- shared, as plain text ----------------------------------------------------------------------


def intro(r: RoadsNotTaken, events: int) -> str:
    later = (
        f" (the session has {events} events now: decisions after event {r.analysed_events} "
        "are not in it)"
        if events > r.analysed_events
        else ""
    )
    return (
        f"From each decision below, bots played the rest of the session {r.runs} times for each "
        "option the team could have chosen, and as many times for the one it chose (every role "
        "played by a bot from there on). A decision mattered when an option not taken ended "
        "apart from the team's choice by more than chance gives with "
        f"{r.runs} runs each (a difference of {round(r.chance * 100)}% of runs); the largest "
        "first, by how often an end condition held, or how far an indicator moved over its "
        "range (turn by turn, a run that ended early keeps its last values). "
        f"Analysed with ttx whatif at event {r.analysed_events}{later}; each run's seed derives "
        f"from the session's seed {r.session_seed} ({r.lineage})."
    )


def none_mattered(r: RoadsNotTaken) -> str:
    return (
        "No option not taken ended further from the team's choice than chance gives with "
        f"{r.runs} runs each."
    )


def letter(k: int) -> str:
    return LETTERS[k % len(LETTERS)]


def title(label: str) -> str:
    return label[:1].upper() + label[1:]


def largest_text(d: RoadDecision) -> str:
    diff = d.difference
    if diff is None or not d.in_short:
        return "none: every option ended alike"
    k = next((k for k, o in enumerate(d.options) if o.option == diff.option), 0)
    within = "; within chance" if not d.beyond_chance else ""
    return f"{letter(k)}, \u201c{d.options[k].label}\u201d: {d.in_short}{within}"


def columns(d: RoadDecision) -> list[str]:
    return [letter(k) + (" (its choice)" if o.chosen else "") for k, o in enumerate(d.options)]


def _charted(m: Report, d: RoadDecision) -> IndicatorDef | None:
    ind = d.charted.measure if d.charted else None
    return next((x for x in m.indicators.defs if x.id == ind), None)


def _spread_text(median: float, p10: float, p90: float) -> str:
    return f"{median:g} ({p10:g}\u2013{p90:g})"


def outcome_rows(m: Report, r: RoadsNotTaken, d: RoadDecision) -> list[list[str]]:
    """Per option: the charted indicator at the end, then how often each end condition held."""
    rows = [["Runs"] + [str(o.runs) for o in d.options]]
    defn = _charted(m, d)
    if defn is not None:
        rows.append(
            [f"{title(defn.label)} at the end: {RANGE}"]
            + [
                _spread_text(s.median, s.p10, s.p90) if (s := o.indicators.get(defn.id)) else "-"
                for o in d.options
            ]
        )
    for end in r.end_conditions:
        rows.append(
            [f"{end.label} (runs)"]
            + [f"{round(o.end_conditions.get(end.id, 0.0) * 100)}%" for o in d.options]
        )
    return rows


def fan_rows(m: Report, d: RoadDecision) -> list[list[str]]:
    """The charted indicator from the decision to each turn's end, per option."""
    defn = _charted(m, d)
    if defn is None or not d.options:
        return []
    start = str(d.at_decision.get(defn.id, "-"))
    rows = [[f"event {d.seq}, the decision"] + [start for _ in d.options]]
    fans = [o.indicators[defn.id].fan if defn.id in o.indicators else () for o in d.options]
    for t in range(max(len(f) for f in fans)):
        turn = next(f[t].turn for f in fans if len(f) > t)
        rows.append(
            [f"end of turn {turn}"]
            + [_spread_text(f[t].median, f[t].p10, f[t].p90) if len(f) > t else "-" for f in fans]
        )
    return rows


def _mattered(r: RoadsNotTaken) -> list[RoadDecision]:
    by_id = {d.decision: d for d in r.decisions}
    return [by_id[i] for i in r.mattered if i in by_id]


def every_row(d: RoadDecision) -> list[str]:
    """A decision's row in the list of every decision analysed, as plain text."""
    return [str(d.turn), str(d.seq), d.team, d.inject_title, d.chosen_label, str(len(d.options))]


EVERY_HEAD = ["Turn", "Event", "Team", "Inject", "Its choice", "Options", "Largest difference"]


# -- Markdown -----------------------------------------------------------------------------------


def roads_md(m: Report, day: str | None) -> list[str]:
    from exercise.review.render_md import code, esc, table

    r = m.roads_not_taken
    if r is None:
        return []
    out = [esc(intro(r, m.events)), "", "### Decisions that mattered", ""]
    mattered = _mattered(r)
    if not mattered:
        out += [esc(none_mattered(r)), ""]
    for d in mattered:
        out += [f"#### Turn {d.turn}, event {d.seq}: {esc(d.team)} on {esc(d.inject_title)}", ""]
        out += [esc(d.sentence), ""]
        out += [
            f"- {letter(k)}: " + (f"**{esc(o.label)}** (its choice)" if o.chosen else esc(o.label))
            for k, o in enumerate(d.options)
        ] + [""]
        out += table(
            ["Outcome"] + columns(d), [[esc(c) for c in row] for row in outcome_rows(m, r, d)]
        )
        defn = _charted(m, d)
        if defn is not None:
            out += table(
                [f"{esc(title(defn.label))}: {RANGE}"] + columns(d),
                [[esc(c) for c in row] for row in fan_rows(m, d)],
            )
    out += ["### Every decision analysed", ""]
    rows = []
    for d in r.decisions:
        cells = [esc(c) for c in every_row(d)]
        cells[3] = f"{code(d.inject)} {cells[3]}"
        rows.append(cells + [esc(largest_text(d))])
    out += table(EVERY_HEAD, rows)
    if r.skipped:
        out += ["No road not taken:", ""]
        out += [f"- event {s.seq}, {code(s.decision)}: {esc(s.reason)}" for s in r.skipped]
        out.append("")
    return out


# -- HTML ---------------------------------------------------------------------------------------


def roads_html(m: Report, day: str | None) -> str:
    from exercise.review.render_html import code, e, table

    r = m.roads_not_taken
    if r is None:
        return ""
    out = [f'<p class="note">{e(intro(r, m.events))}</p>', "<h3>Decisions that mattered</h3>"]
    mattered = _mattered(r)
    if not mattered:
        out.append(f"<p>{e(none_mattered(r))}</p>")
    for d in mattered:
        out.append(_mattered_html(m, r, d))
    out.append("<h3>Every decision analysed</h3>")
    rows = []
    for d in r.decisions:
        cells = [e(c) for c in every_row(d)]
        cells[3] = f"{code(d.inject)} {cells[3]}"
        rows.append(cells + [e(largest_text(d))])
    out.append(table(EVERY_HEAD, rows, num=(0, 1, 5)))
    if r.skipped:
        out.append(
            "<p>No road not taken:</p><ul>"
            + "".join(
                f"<li>event {e(s.seq)}, {code(s.decision)}: {e(s.reason)}</li>" for s in r.skipped
            )
            + "</ul>"
        )
    return "\n".join(out)


def _mattered_html(m: Report, r: RoadsNotTaken, d: RoadDecision) -> str:
    from exercise.review.render_html import e, table

    out = [
        f"<h4>Turn {e(d.turn)}, event {e(d.seq)}: {e(d.team)} on {e(d.inject_title)}</h4>",
        f"<p><strong>{e(d.sentence)}</strong></p>",
    ]
    defn = _charted(m, d)
    chart = _chart(d, defn) if defn is not None else ""
    out.append(
        '<div style="display:flex;flex-wrap:wrap;gap:8px 22px;align-items:flex-start">'
        f"{chart}{_legend(d)}</div>"
    )
    head = ["Outcome"] + [e(c) for c in columns(d)]
    rows = [[e(c) for c in row] for row in outcome_rows(m, r, d)]
    out.append(table(head, rows, "compact", num=tuple(range(1, len(head)))))
    return "\n".join(out)


def _legend(d: RoadDecision) -> str:
    items, other = [], 0
    for k, o in enumerate(d.options):
        label = f"<strong>{escape(o.label)}</strong> (its choice)" if o.chosen else escape(o.label)
        items.append(
            f'<li style="list-style:none;margin:.25rem 0">{swatch(other, o.chosen)} '
            f"<strong>{letter(k)}</strong> {label}</li>"
        )
        other += 0 if o.chosen else 1
    return (
        '<ul style="padding-left:0;margin:.2rem 0;flex:1 1 22rem;font-size:.9rem">'
        f"{''.join(items)}</ul>"
    )


def _chart(d: RoadDecision, defn: IndicatorDef) -> str:
    start = d.at_decision.get(defn.id, defn.start)
    fans = []
    for k, o in enumerate(d.options):
        points = tuple((p.p10, p.median, p.p90) for p in o.indicators[defn.id].fan)
        fans.append(Fan(f"{letter(k)} {o.label}", o.chosen, ((start, start, start), *points)))
    first = d.options[0].indicators[defn.id].fan if d.options else ()
    labels = [f"event {d.seq}"] + [f"end T{p.turn}" for p in first]
    name = title(defn.label)
    svg = fan_chart(
        f"{name}: {d.team} on {d.inject_title}",
        labels,
        fans,
        defn.min,
        defn.max,
        defn.thresholds,
    )
    return (
        f"<figure><figcaption>{escape(name)} <span class='note'>{defn.min}..{defn.max}; "
        f"{RANGE} from the decision to each turn's end</span></figcaption>{svg}</figure>"
    )
