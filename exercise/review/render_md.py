"""The after-action report as GitHub-flavoured Markdown: plain tables, no HTML needed.

Every text that comes from content or players is escaped: Markdown punctuation is
backslash-escaped, and inside table cells `|` is escaped and newlines become spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from exercise.review import fmt
from exercise.review.render_aar import hotwash_md, phases_md, scorecard_md, summary_md
from exercise.review.render_judgement import (
    calibration_md,
    evidence_text,
    feedback_md,
    rated_text,
    rating_boxes,
)
from exercise.review.render_roads import roads_md
from exercise.review.report_types import Decision, HistoryRow, Objective, Observation, Report
from exercise.review.toc import sections

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_LEADING = re.compile(r"^(\s*)([-+=]|\d+[.)])(\s)")
BOX = "\u2610"
CHECKED = "\u2612"


def esc(text: object) -> str:
    """Inline text: punctuation escaped, newlines folded into spaces (safe in table cells too)."""
    if text is None:
        return ""
    flat = " ".join(str(text).split())
    return _LEADING.sub(r"\1\\\2\3", _SPECIAL.sub(r"\\\1", flat))


def block(text: str | None) -> list[str]:
    """Paragraphs of escaped text (blank lines kept, lines of one paragraph joined)."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", str(text or "").strip()):
        if para.strip():
            out += [esc(para), ""]
    return out


def code(ident: str | None) -> str:
    return f"`{str(ident).replace('`', '')}`" if ident else ""


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    for r in rows:
        lines.append("| " + " | ".join(c if c else " " for c in r) + " |")
    return lines + [""]


def render_md(m: Report) -> str:
    lines: list[str] = []
    ov = m.overview
    lines += [f"# After-action report: {esc(m.title)}", ""]
    lines += [
        f"Scenario {code(m.scenario)}, seed {m.seed}, {m.events} events; "
        f"hash chain {'verified' if m.verified else '**NOT verified**'}. "
        f"Session file {code(ov.session.file)}.",
        "",
    ]
    if m.anonymised:
        lines += [f"**Anonymised**: {esc(m.anonymised)}", ""]
    lines += ["## Contents", ""]
    lines += [f"- {title}" for _, title in sections(m)] + [""]
    day = fmt.day_of(ov.session.started)
    for key, title in sections(m):
        lines += [f"## {title}", ""]
        lines += _SECTION[key](m, day)
    return "\n".join(lines).rstrip() + "\n"


def _overview(m: Report, day: str | None) -> list[str]:
    ov = m.overview
    out = table(["Item", "Value"], _overview_rows(m))
    out += ["### Scenario", ""] + block(ov.scenario.readme)
    if ov.scenario.learning_objectives:
        out += ["Learning objectives:", ""]
        out += [f"- {esc(o)}" for o in ov.scenario.learning_objectives] + [""]
    out += ["### Roles and who played them", ""]
    out += table(
        ["Role", "Played by", "Team consoles joined"],
        [
            [
                f"{esc(r.name)} ({code(r.role)})",
                esc(fmt.modes(r)),
                esc(", ".join(c or "(unnamed)" for c in r.clients)) or "none",
            ]
            for r in ov.roles
        ],
    )
    out += ["### Turns", ""]
    out += table(
        ["Turn", "Name", "In-world date", "Started"],
        [
            [
                str(t.turn),
                esc(t.name),
                esc(t.date),
                f"event {t.seq}, {fmt.clock(t.at, day)}" if t.seq else "-",
            ]
            for t in m.turns
        ],
    )
    out += ["### Events by kind", ""]
    out += table(["Kind", "Count"], [[k, str(v)] for k, v in ov.events_by_kind.items()])
    return out


def _overview_rows(m: Report) -> list[list[str]]:
    ov = m.overview
    sc, se, inw, ver = ov.scenario, ov.session, ov.in_world, ov.verification
    first_t = next((t for t in inw.turns if t.played), None)
    last_t = next((t for t in reversed(inw.turns) if t.played), None)
    rows = [
        ["Scenario", f"{esc(sc.title)} ({code(sc.id)})"],
        ["Period covered", f"{esc(sc.period.start)} to {esc(sc.period.end)}"],
        [
            "In-world dates played",
            f"{esc(inw.from_)} (turn {first_t.turn}) to {esc(inw.to)} (turn {last_t.turn})"
            if first_t and last_t
            else "no turn played",
        ],
        ["Turns played", f"{m.turns_played} of {len(inw.turns)}"],
        ["Session (wall clock)", f"{fmt.stamp(se.started)} to {fmt.stamp(se.last_event)}"],
        ["Duration", f"{fmt.duration(se.duration_seconds)} (planned {sc.minutes} min)"],
        [
            "Clock paused",
            "never"
            if not se.pauses
            else f"{fmt.plural(se.pauses, 'time')}, {fmt.duration(se.paused_seconds)} in all",
        ],
        ["Seed", str(m.seed)],
        ["Events", f"{m.events}"],
        [
            "Hash chain",
            f"verified ({fmt.plural(ver.checked, 'event')})"
            if ver.ok
            else f"**NOT verified**: event {ver.first_bad}: {esc(ver.reason)}",
        ],
        [
            "Receipt (chain head)",
            f"{code(ver.receipt)}: keep it apart; `ttx verify FILE --head` "
            "checks the file against it",
        ],
        ["Ended", (esc(se.end_reason) if se.ended else "not ended (still open)")],
        ["End conditions met", esc("; ".join(c.label for c in se.end_conditions)) or "none"],
    ]
    if se.forked_from:
        f = se.forked_from
        rows.append(["Forked from", f"{code(f.file)} at event {f.seq} of {f.events}"])
    return rows


def _objectives(m: Report, day: str | None) -> list[str]:
    out = [esc(fmt.RATING_NOTE), "", esc(fmt.VERDICT_NOTE), ""]
    if not m.objectives:
        return out + ["The roles of this session state no objectives.", ""]
    for role in m.objectives:
        out += [f"### {esc(role.name)}", ""]
        for o in role.objectives:
            out += _objective(o)
    return out


def _objective(o: Objective) -> list[str]:
    out = [f"#### {code(o.id)} {esc(o.label or '')}".rstrip(), "", esc(o.text), ""]
    if o.decisions:
        out += table(
            ["Turn", "Inject", "Expected action", "Team's choice", "Verdict"],
            [
                [
                    str(d.turn),
                    f"{code(d.inject)} {esc(d.inject_title)}",
                    esc(d.expected),
                    esc(fmt.choice(d))
                    if d.decision
                    else ("not decided" if d.visible else "not visible to the team"),
                    esc(d.verdict + (f" ({d.basis})" if d.basis else "")),
                ]
                for d in o.decisions
            ],
        )
    if o.observations:
        out += ["Observations:", ""]
        out += [
            f"- {esc(ob.text)} ({ob.kind}; turn {ob.turn}, event {ob.seq}, {esc(ob.author)})"
            + _evidence(ob)
            for ob in o.observations
        ] + [""]
    if not o.decisions and not o.observations:
        out += ["No decision or observation in the log bears on this objective.", ""]
    if o.rating:
        boxes = " ".join(f"{CHECKED if on else BOX} {r}" for on, r in rating_boxes(o))
        return out + [f"Rating: {boxes} ({esc(rated_text(o))})", ""]
    return out + ["Rating: " + " ".join(f"{BOX} {r}" for r in fmt.RATINGS), ""]


def _evidence(o: Observation) -> str:
    """A rated observation's rating and the event it concerns, when it has them."""
    text = evidence_text(o)
    return f". {esc(text[:1].upper() + text[1:])}" if text else ""


def _narrative(m: Report, day: str | None) -> list[str]:
    out: list[str] = []
    for t in m.turns:
        out += [f"### Turn {t.turn}: {esc(t.name)} ({esc(t.date)})", ""]
        if t.brief:
            out += block(t.brief)
        if t.injects:
            out += ["Injects released:", ""]
            out += table(
                ["Event", "Time", "Inject", "How", "Visibility"],
                [
                    [
                        str(i.seq or "-"),
                        fmt.clock(i.at, day),
                        f"{code(i.id)} {esc(i.title)}"
                        + (" (counterfactual)" if i.counterfactual else ""),
                        esc(fmt.released_how(i)),
                        "public"
                        if i.visibility == "public"
                        else "private to " + esc(", ".join(i.audience)),
                    ]
                    for i in t.injects
                ],
            )
        if t.decisions:
            out += ["Decisions:", ""] + [_decision(d, day) for d in t.decisions] + [""]
        if t.rulings:
            out += ["Rulings:", ""]
            out += [
                f"- **{code(r.id)}** ({r.method}, event {r.seq}, "
                f"{esc(fmt.audience(r.audience))}): {esc(r.narrative)}"
                + (f" **{esc(fmt.voided(r.voided))}**" if r.voided else "")
                for r in t.rulings
            ]
            out.append("")
        if t.corrections:
            out += ["Corrections by the white cell:", ""]
            out += [
                f"- event {c.seq}, {fmt.clock(c.at, day)} ({esc(c.by)}): {esc(c.what)}"
                for c in t.corrections
            ]
            out.append("")
        if t.messages:
            out += ["Messages:", ""]
            out += [
                f"- **{code(m.id)}** {esc(fmt.message_head(m))} (event {m.seq}, "
                f"{fmt.clock(m.at, day)}; {esc(fmt.message_reads(m, day))}): {esc(m.text)}"
                for m in t.messages
            ]
            out.append("")
        if not (t.injects or t.decisions or t.rulings):
            out += ["Nothing was released, decided or ruled in this turn.", ""]
        values = ", ".join(f"{k} {v}" for k, v in t.indicators.items())
        out += [f"Indicators at the end of the turn: {esc(values)}.", ""]
    return out


def _decision(d: Decision, day: str | None) -> str:
    where = f" on {code(d.inject)}" if d.inject else ""
    extra = f", amended {d.amended}x" if d.amended else ""
    line = (
        f"- **{esc(d.role)}**{where}: {esc(fmt.choice(d))} "
        f"(event {d.seq}, {fmt.clock(d.at, day)}, by {esc(d.author)}{extra})"
    )
    if d.rationale:
        line += f". Rationale: {esc(d.rationale)}"
    return line


def _history(m: Report, day: str | None) -> list[str]:
    if not m.decisions_vs_history:
        return ["No decisions were recorded.", ""]
    out = [esc(fmt.VERDICT_NOTE), ""]
    by_inject: dict[tuple[int, str | None], list[HistoryRow]] = {}
    for r in m.decisions_vs_history:
        by_inject.setdefault((r.turn, r.inject), []).append(r)
    for (turn, inject), group in by_inject.items():
        first = group[0]
        title = f"{code(inject)} {esc(first.inject_title)}" if inject else "Free actions"
        out += [f"### Turn {turn}: {title}".rstrip(), ""]
        h = first.history
        if h:
            out += [
                "Historical record"
                + (" (this inject is counterfactual)" if first.counterfactual else "")
                + ":",
                "",
            ]
            out += block(h.text)
            out += [f"- {code(c.key)}: \u201c{esc(c.quote)}\u201d" for c in h.sources] + [""]
        elif inject:
            out += ["No historical record is given for this inject.", ""]
        out += table(
            ["Role", "Team's choice", "Rationale", "Expected of the role", "Verdict"],
            [
                [
                    esc(r.role),
                    esc(fmt.choice(r)),
                    esc(r.rationale),
                    _expected(r),
                    f"**{esc(r.verdict)}**",
                ]
                for r in group
            ],
        )
    return out


def _expected(r: HistoryRow) -> str:
    return (
        esc(
            " / ".join(
                f"{e.text} [{e.verdict}" + (f", {e.basis}" if e.basis else "") + "]"
                for e in r.expected
            )
        )
        or "none"
    )


def _ledger(m: Report, day: str | None) -> list[str]:
    if not m.ledger:
        return ["No rulings were made.", ""]
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
            "Changes (before → after)",
            "Flags",
            "Reason",
        ],
        [
            [
                code(r.id),
                str(r.turn),
                str(r.seq or "-"),
                r.method,
                esc("; ".join(r.covers or r.decisions)) or "none",
                esc(fmt.odds(r)),
                fmt.roll(r),
                "-" if r.total is None else str(r.total),
                fmt.result(r),
                esc(fmt.changes(r.deltas, r.before, r.applied)),
                esc(fmt.flags(r)),
                esc(" — ".join(x for x in (r.reason, fmt.voided(r.voided)) if x)),
            ]
            for r in m.ledger
        ],
    )


def _indicators(m: Report, day: str | None) -> list[str]:
    ind = m.indicators
    head = ["Indicator", "Range"] + [p.label for p in ind.points] + ["Trend"]
    rows = []
    for d in ind.defs:
        series = ind.series[d.id]
        rows.append(
            [f"{esc(d.label)} ({code(d.id)})", f"{d.min}..{d.max}"]
            + ["-" if v is None else str(v) for v in series]
            + [fmt.sparkline(series, d.min, d.max)]
        )
    out = ["Values at the start and at the end of each turn played.", ""] + table(head, rows)
    notes = [f"- {code(d.id)} {esc(fmt.threshold(t))}" for d in ind.defs for t in d.thresholds]
    if notes:
        out += ["End-condition thresholds:", ""] + notes + [""]
    return out


def _findings(m: Report, day: str | None) -> list[str]:
    out = [esc(fmt.MARKING_NOTE), ""]
    if not m.findings:
        return out + ["No observations were recorded.", ""]
    for g in m.findings:
        head = esc(g.name)
        if g.objective:
            head += f": {code(g.objective)} {esc(g.objective_text or '')}".rstrip()
        out += [f"### {head}", ""]
        for observations, label in (
            (g.strengths, "Strengths"),
            (g.improvements, "Areas for improvement"),
            (g.notes, "Notes to sort"),
        ):
            if observations:
                out += [f"{label}:", ""]
                out += [
                    f"- {esc(o.text)} (turn {o.turn}, event {o.seq}, {esc(o.author)})"
                    + _evidence(o)
                    for o in observations
                ] + [""]
    return out


def _outcomes(m: Report, day: str | None) -> list[str]:
    out = [esc(fmt.OUTCOME_NOTE), ""]
    out += table(fmt.OUTCOME_HEAD, [[esc(c) for c in r] for r in fmt.outcome_rows(m.outcomes)])
    out += scorecard_md(m)
    out += ["### Hidden moves", ""]
    if not m.hidden_moves:
        return out + ["No team made a covert move.", ""]
    return out + table(
        fmt.HIDDEN_HEAD, [[esc(c) for c in r] for r in fmt.hidden_rows(m.hidden_moves)]
    )


def _plan(m: Report, day: str | None) -> list[str]:
    out = [
        "For the trainer to complete: one row per issue, with its corrective action, owner and "
        "due date. Areas for improvement observed during play are filled in as issues.",
        "",
    ]
    for role in m.improvement_plan:
        out += [f"### {esc(role.name)}", ""]
        out += table(
            ["Issue", "Objective", "Corrective action", "Owner", "Due"],
            [
                [
                    esc(r.issue),
                    code(r.objective),
                    esc(r.corrective_action),
                    esc(r.owner),
                    esc(r.due),
                ]
                for r in role.rows
            ],
        )
    return out


def _knew(m: Report, day: str | None) -> list[str]:
    out: list[str] = []
    for role in m.who_knew_what:
        out += [f"### {esc(role.name)}", ""]
        if not role.injects:
            out += ["No inject this role could see was released.", ""]
            continue
        out += table(
            ["Inject", "Turn", "Released", "Read", "Delay"],
            [
                [
                    f"{code(i.inject)} {esc(i.title)}",
                    str(i.turn),
                    f"event {i.released_seq}, {fmt.clock(i.released_at, day)} "
                    f"({esc(fmt.released_how(i))})",
                    f"event {i.read_seq}, {fmt.clock(i.read_at, day)}" if i.read else "not read",
                    fmt.duration(i.lag_seconds) if i.read else "-",
                ]
                for i in role.injects
            ],
        )
    return out


_SECTION: dict[str, Callable[[Report, str | None], list[str]]] = {
    "summary": summary_md,
    "overview": _overview,
    "objectives": _objectives,
    "narrative": _narrative,
    "history": _history,
    "ledger": _ledger,
    "indicators": _indicators,
    "outcomes": _outcomes,
    "findings": _findings,
    "roads": roads_md,
    "calibration": calibration_md,
    "feedback": feedback_md,
    "hotwash": hotwash_md,
    "phases": phases_md,
    "plan": _plan,
    "knew": _knew,
}
