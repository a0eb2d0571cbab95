"""The cohort as one self-contained HTML file, in the report's house style (render_html,
report_css): inline CSS with a print stylesheet, inline SVG charts, no script, no external
assets. Every text from content or players goes through html.escape."""

from __future__ import annotations

from exercise.review import cohort_fmt as fmt
from exercise.review.cohort_svg import paths_chart
from exercise.review.cohort_types import (
    Branch,
    Cohort,
    InjectChoices,
    OptionCount,
    RoleChoices,
    Split,
)
from exercise.review.fmt import threshold
from exercise.review.render_html import code, e, multiline, table, verdict
from exercise.review.report_css import CSS

# What the cohort adds to the report's stylesheet: the choice bars, the parting tree and the
# chart's many lines.
COHORT_CSS = """
.bar { display: inline-block; width: 7rem; height: .7rem; background: #e3e6ea;
  border-radius: 2px; vertical-align: middle; margin-right: .4rem; }
.bar > span { display: block; height: 100%; background: var(--accent); border-radius: 2px; }
.nowrap { white-space: nowrap; }
.record { border-left: 3px solid var(--rule); padding-left: .8rem; margin: .4rem 0 .8rem; }
.role { margin: .8rem 0 1.2rem; }
ul.parting, ul.parting ul { list-style: none; padding-left: 1.2rem; margin: .15rem 0; }
ul.parting { padding-left: 0; }
ul.parting li.split > span { font-weight: 600; }
ul.parting li.branch::before { content: "\\2192\\00a0"; color: var(--muted); }
.headline { font-size: 1.05rem; border-left: 3px solid var(--accent); padding-left: .7rem; }
svg.chart .path { fill: none; stroke: #1f4e79; stroke-opacity: .3; stroke-width: 1.5; }
svg.chart .path-dot { fill: #1f4e79; fill-opacity: .4; }
svg.chart .median { fill: none; stroke: #b45309; stroke-width: 2.5; }
svg.chart .mdot { fill: #b45309; }
.key-path, .key-median { display: inline-block; width: 1.6rem; height: 0; vertical-align: middle;
  margin: 0 .3rem 0 .8rem; }
.key-path { border-top: 2px solid rgba(31, 78, 121, .45); }
.key-median { border-top: 3px solid #b45309; }
@media print { .bar > span { background: #555 !important; } }
"""


def render_cohort_html(c: Cohort) -> str:
    chains = (
        '<span class="ok">all verified</span>'
        if c.verified
        else '<span class="bad">NOT all verified</span>'
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Sessions compared: {e(c.title)}</title>",
        f"<style>{CSS}{COHORT_CSS}</style></head><body>",
        '<header class="cover"><p class="kicker">Sessions compared</p>',
        f"<h1>{e(c.title)}</h1>",
        f'<p class="muted">Scenario {code(c.scenario)} &middot; '
        f"{e(fmt.plural(len(c.sessions), 'session'))} &middot; hash chains {chains}"
        + ("" if c.content_same else ' &middot; <span class="bad">content differs</span>')
        + "</p>",
        f'<p class="headline">{e(fmt.headline(c))}</p></header>',
        '<nav class="toc"><strong>Contents</strong><ul>'
        + "".join(f'<li><a href="#{key}">{e(title)}</a></li>' for key, title in fmt.SECTIONS)
        + "</ul></nav>",
    ]
    for key, title in fmt.SECTIONS:
        parts.append(f'<section id="{key}"><h2>{e(title)}</h2>')
        parts.append(_SECTION[key](c))
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _sessions(c: Cohort) -> str:
    return table(
        ["Session", "File", "Seed", "Events", "Turns", "Ended", "Played by", "Hash chain"],
        [
            [
                code(s.id),
                e(s.file),
                e(s.seed),
                e(s.events),
                e(s.turns_played),
                e(fmt.ended(s)),
                e(fmt.modes(s)),
                (
                    '<span class="ok">verified</span>'
                    if s.verified
                    else f'<span class="bad">{e(fmt.chain(s))}</span>'
                )
                + ("" if s.content_same else ' <span class="bad">content edited</span>'),
            ]
            for s in c.sessions
        ],
        num=(2, 3, 4),
    )


def _choices(c: Cohort) -> str:
    out = [f'<p class="note">{e(fmt.RECORD_NOTE)}</p>']
    if not c.injects:
        return out[0] + "<p>No inject came out in any session.</p>"
    out += [_inject(inj, len(c.sessions)) for inj in c.injects]
    return "\n".join(out)


def _inject(inj: InjectChoices, total: int) -> str:
    turns = ", ".join(f"turn {t} in {n}" for t, n in inj.turns.items())
    out = [
        f"<h3>{code(inj.inject)} {e(inj.title)}"
        + (' <span class="note">(counterfactual)</span>' if inj.counterfactual else "")
        + "</h3>",
        f"<p class='muted'>Came out in {inj.released} of {e(fmt.plural(total, 'session'))} "
        f"({e(turns)})"
        + (f"; not in {e(fmt.sessions_text(inj.not_released))}" if inj.not_released else "")
        + ".</p>",
    ]
    h = inj.history
    if h:
        out.append(
            '<div class="record"><strong>What the real actors did</strong>'
            + multiline(h.text)
            + "".join(
                f"<p class='cite'>{code(s.key)} &ldquo;{e(s.quote)}&rdquo;</p>" for s in h.sources
            )
            + "</div>"
        )
    else:
        out.append('<p class="muted">No historical record given.</p>')
    out += [_role(r) for r in inj.roles]
    return "\n".join(out)


def _role(r: RoleChoices) -> str:
    out = [
        f'<div class="role"><h4>{e(r.name)} {code(r.role)} '
        f'<span class="note">asked in {e(fmt.plural(r.asked, "session"))}</span></h4>'
    ]
    if r.expected:
        out.append(
            "<ul>"
            + "".join(
                f"<li><span class='muted'>Expected:</span> {e(x.text)}"
                + (
                    f" <span class='note'>(options: {', '.join(code(o) for o in x.options)})</span>"
                    if x.options
                    else ""
                )
                + "</li>"
                for x in r.expected
            )
            + "</ul>"
        )
    rows = [_option_row(o) for o in r.options]
    if r.undecided:
        rows.append(
            [
                "",
                '<span class="muted">no decision</span>',
                e(len(r.undecided)),
                "",
                "",
                e(fmt.sessions_text(r.undecided)),
            ]
        )
    out.append(
        table(
            ["Option", "Choice", "Sessions", "Share", "Against the record", "Which"], rows, num=(2,)
        )
    )
    return "\n".join(out) + "</div>"


def _option_row(o: OptionCount) -> list[str]:
    width = f"{o.share * 100:.0f}%"
    return [
        f'<span class="nowrap">{code(o.option)}</span>' if o.option else "free action",
        e(o.label) if o.option else "; ".join(e(t) for t in o.texts),
        e(o.count),
        f'<span class="nowrap"><span class="bar"><span style="width:{width}"></span></span>'
        f"{width}</span>",
        verdict(o.record),
        e(fmt.sessions_text(o.sessions)) if o.sessions else '<span class="muted">none</span>',
    ]


def _parting(c: Cohort) -> str:
    note = f'<p class="note">{e(fmt.PARTING_NOTE)}</p>'
    if not c.divergence:
        return note + f"<p>{e(fmt.headline(c))}</p>"
    html = ['<ul class="parting">']
    open_items: list[int] = []  # the levels of the <li>s still open, outermost first
    last = -1
    for depth, item in fmt.walk(c):
        # A split sits at level 2 x depth, its branches one deeper, the next split under a
        # branch one deeper again: each level is a list inside the item above it.
        level = 2 * depth + (0 if isinstance(item, Split) else 1)
        while open_items and open_items[-1] >= level:
            closed = open_items.pop()
            html.append("</li>" + ("</ul>" if closed > level else ""))
        if level > 0 and last == level - 1:  # the first item under the one just written
            html.append("<ul>")
        html.append(_split(item) if isinstance(item, Split) else _branch(item))
        open_items.append(level)
        last = level
    while open_items:
        html.append("</li>" + ("</ul>" if open_items.pop() > 0 else ""))
    return note + "".join(html) + "</ul>"


def _split(s: Split) -> str:
    return f'<li class="split"><span>{e(fmt.point(s))}</span> ' + (
        code(s.inject) if s.inject else ""
    )


def _branch(b: Branch) -> str:
    rest = "" if b.then is not None or len(b.sessions) == 1 else "; alike from here on"
    return (
        f'<li class="branch">{e(fmt.choice_text(b.label, b.choice))}: '
        f"<strong>{e(fmt.plural(len(b.sessions), 'session'))}</strong> "
        f'<span class="note">({e(fmt.sessions_text(b.sessions))}){e(rest)}</span>'
    )


def _indicators(c: Cohort) -> str:
    charts = []
    for d in c.indicators:
        svg = paths_chart(d.label, d.points, d.paths, d.median, d.min, d.max, d.thresholds)
        charts.append(
            f"<figure><figcaption>{e(d.label)} {code(d.id)} "
            f"<span class='note'>{d.min}..{d.max}; at the end {e(fmt.final_spread(d))}"
            f"</span></figcaption>{svg}</figure>"
        )
    notes = [f"<li>{code(d.id)} {e(threshold(t))}</li>" for d in c.indicators for t in d.thresholds]
    return (
        f"<p class='note'>{e(fmt.PATHS_NOTE)}"
        '<span class="key-path"></span>a session <span class="key-median"></span>the median</p>'
        f'<div class="charts">{"".join(charts)}</div>'
        + table(
            ["Indicator", "Range", "At the end: least .. median .. most"],
            [
                [f"{e(d.label)} {code(d.id)}", f"{d.min}..{d.max}", e(fmt.final_spread(d))]
                for d in c.indicators
            ],
        )
        + (f"<p>End-condition thresholds:</p><ul>{''.join(notes)}</ul>" if notes else "")
    )


def _teams(c: Cohort) -> str:
    if not c.teams:
        return "<p>No team is played in this scenario.</p>"
    measures = c.teams[0].measures
    about = (
        "<ul>"
        + "".join(f"<li><strong>{e(m.label)}</strong>: {e(m.about)}.</li>" for m in measures)
        + "</ul>"
    )
    head = ["Team"] + [
        f"{e(m.label)}<br><span class='note'>mean (least..most; sessions)</span>" for m in measures
    ]
    rows = [
        [f"{e(t.name)} {code(t.role)}"]
        + [
            f"{e(fmt.number(m.mean))} <span class='note'>({e(fmt.number(m.min))}.."
            f"{e(fmt.number(m.max))}; {m.n})</span>"
            if m.n
            else "-"
            for m in t.measures
        ]
        for t in c.teams
    ]
    return about + table(head, rows)


def _endings(c: Cohort) -> str:
    out = table(
        ["How it ended", "Sessions", "Which"],
        [[e(x.reason), e(len(x.sessions)), e(fmt.sessions_text(x.sessions))] for x in c.endings],
        num=(1,),
    )
    if c.end_conditions:
        out += table(
            ["End condition met", "Sessions"],
            [[code(k), e(v)] for k, v in c.end_conditions.items()],
            "compact",
            num=(1,),
        )
    return out


_SECTION = {
    "sessions": _sessions,
    "choices": _choices,
    "parting": _parting,
    "indicators": _indicators,
    "teams": _teams,
    "endings": _endings,
}
