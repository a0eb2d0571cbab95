"""The cohort as GitHub-flavoured Markdown: plain tables and lists, every text from content or
players escaped as the report's Markdown escapes it (render_md)."""

from __future__ import annotations

from exercise.review import cohort_fmt as fmt
from exercise.review.cohort_types import Branch, Cohort, InjectChoices, RoleChoices, Split
from exercise.review.fmt import threshold
from exercise.review.render_md import block, code, esc, table


def render_cohort_md(c: Cohort) -> str:
    lines = [f"# Sessions compared: {esc(c.title)}", ""]
    lines += [
        f"Scenario {code(c.scenario)}, {fmt.plural(len(c.sessions), 'session')}; hash chains "
        + ("all verified" if c.verified else "**NOT all verified**")
        + ("" if c.content_same else "; **the scenario's content differs between sessions**")
        + ".",
        "",
        fmt.headline(c),
        "",
    ]
    for key, title in fmt.SECTIONS:
        lines += [f"## {title}", ""] + _SECTION[key](c)
    return "\n".join(lines).rstrip() + "\n"


def _sessions(c: Cohort) -> list[str]:
    return table(
        ["Session", "File", "Seed", "Events", "Turns", "Ended", "Played by", "Hash chain"],
        [
            [
                code(s.id),
                esc(s.file),
                str(s.seed),
                str(s.events),
                str(s.turns_played),
                esc(fmt.ended(s)),
                esc(fmt.modes(s)),
                esc(fmt.chain(s)) + ("" if s.content_same else "; content edited"),
            ]
            for s in c.sessions
        ],
    )


def _choices(c: Cohort) -> list[str]:
    out = [esc(fmt.RECORD_NOTE), ""]
    if not c.injects:
        return out + ["No inject came out in any session.", ""]
    for inj in c.injects:
        out += _inject(inj, len(c.sessions))
    return out


def _inject(inj: InjectChoices, total: int) -> list[str]:
    turns = ", ".join(f"turn {t} in {n}" for t, n in inj.turns.items())
    out = [
        f"### {code(inj.inject)} {esc(inj.title)}"
        + (" (counterfactual)" if inj.counterfactual else ""),
        "",
        f"Came out in {inj.released} of {fmt.plural(total, 'session')} ({esc(turns)})"
        + (f"; not in {esc(fmt.sessions_text(inj.not_released))}" if inj.not_released else "")
        + ".",
        "",
    ]
    if inj.history:
        out += ["**What the real actors did.**", ""] + block(inj.history.text)
        out += [f"- {code(s.key)} \u201c{esc(s.quote)}\u201d" for s in inj.history.sources] + [""]
    else:
        out += ["No historical record given.", ""]
    for role in inj.roles:
        out += _role(role)
    return out


def _role(r: RoleChoices) -> list[str]:
    out = [f"**{esc(r.name)}** ({code(r.role)}), asked in {fmt.plural(r.asked, 'session')}.", ""]
    for e in r.expected:
        listed = f" (options: {', '.join(code(o) for o in e.options)})" if e.options else ""
        out.append(f"- Expected: {esc(e.text)}{listed}")
    if r.expected:
        out.append("")
    rows = [
        [
            code(o.option) if o.option else "free action",
            esc(o.label if o.option else "; ".join(o.texts)),
            str(o.count),
            fmt.share(o.share),
            esc(o.record),
            esc(fmt.sessions_text(o.sessions)),
        ]
        for o in r.options
    ]
    if r.undecided:
        rows.append(
            ["", "no decision", str(len(r.undecided)), "", "", esc(fmt.sessions_text(r.undecided))]
        )
    return out + table(
        ["Option", "Choice", "Sessions", "Share", "Against the record", "Which"], rows
    )


def _parting(c: Cohort) -> list[str]:
    out = [esc(fmt.PARTING_NOTE), ""]
    if not c.divergence:
        return out + [esc(fmt.headline(c)), ""]
    for depth, item in fmt.walk(c):
        indent = "  " * (2 * depth + (0 if isinstance(item, Split) else 1))
        out.append(indent + "- " + (_split(item) if isinstance(item, Split) else _branch(item)))
    return out + [""]


def _split(s: Split) -> str:
    return f"{esc(fmt.point(s))}" + (f" ({code(s.inject)})" if s.inject else "") + ":"


def _branch(b: Branch) -> str:
    return (
        f"{esc(fmt.choice_text(b.label, b.choice))}: {fmt.plural(len(b.sessions), 'session')} "
        f"({esc(fmt.sessions_text(b.sessions))})"
        + ("" if b.then is not None or len(b.sessions) == 1 else "; alike from here on")
    )


def _indicators(c: Cohort) -> list[str]:
    out = [esc(fmt.PATHS_NOTE), ""]
    for d in c.indicators:
        out += [f"### {esc(d.label)} {code(d.id)} ({d.min}..{d.max})", ""]
        head = ["Session", *d.points]
        rows = [
            [code(sid), *("-" if v is None else str(v) for v in values)]
            for sid, values in d.paths.items()
        ]
        rows.append(["median", *(fmt.number(v) for v in d.median)])
        out += table(head, rows)
        out += [f"- threshold {esc(threshold(t))}" for t in d.thresholds]
        out += [""] if d.thresholds else []
    out += ["### At the end: least, median, most", ""]
    out += table(
        ["Indicator", "Range", "Final"],
        [
            [f"{esc(d.label)} {code(d.id)}", f"{d.min}..{d.max}", fmt.final_spread(d)]
            for d in c.indicators
        ],
    )
    return out


def _teams(c: Cohort) -> list[str]:
    if not c.teams:
        return ["No team is played in this scenario.", ""]
    measures = c.teams[0].measures
    out = [f"- {esc(m.label)}: {esc(m.about)}." for m in measures] + [""]
    head = ["Team"] + [f"{esc(m.label)}: mean (least..most; sessions)" for m in measures]
    rows = [
        [f"{esc(t.name)} ({code(t.role)})"]
        + [
            f"{fmt.number(m.mean)} ({fmt.number(m.min)}..{fmt.number(m.max)}; {m.n})"
            if m.n
            else "-"
            for m in t.measures
        ]
        for t in c.teams
    ]
    return out + table(head, rows)


def _endings(c: Cohort) -> list[str]:
    out = table(
        ["How it ended", "Sessions", "Which"],
        [
            [esc(e.reason), str(len(e.sessions)), esc(fmt.sessions_text(e.sessions))]
            for e in c.endings
        ],
    )
    if c.end_conditions:
        out += table(
            ["End condition met", "Sessions"],
            [[code(k), str(v)] for k, v in c.end_conditions.items()],
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
