"""The after-action report as one self-contained HTML file: inline CSS with a print stylesheet
(A4, no backgrounds, each major section on a new page) and inline SVG charts. No script, no
external assets. Every text from content or players goes through html.escape.
"""

from __future__ import annotations

from html import escape

from exercise.review import fmt
from exercise.review.svg_chart import line_chart

CSS = """
:root { --ink: #1b1f24; --muted: #5b6470; --rule: #c9ced6; --head: #eef1f5; --accent: #1f4e79; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", sans-serif; color: var(--ink);
  line-height: 1.45; margin: 0 auto; padding: 24px 28px 48px; max-width: 1120px; background: #fff; }
header.cover { border-bottom: 3px solid var(--accent); margin-bottom: 18px; padding-bottom: 10px; }
header.cover .kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--muted);
  font-size: .8rem; margin: 0; }
h1 { font-size: 1.9rem; margin: .2rem 0 .3rem; color: var(--accent); }
h2 { font-size: 1.4rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule);
  color: var(--accent); }
h3 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
p { margin: .35rem 0 .6rem; }
.muted, .note { color: var(--muted); }
.note { font-size: .88rem; }
code { font-family: "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: .86em;
  background: #f3f4f6; padding: 0 .25em; border-radius: 3px; }
nav.toc ul { columns: 2; margin: .3rem 0 0; padding-left: 0; list-style: none; }
nav.toc li { margin: .1rem 0; }
nav.toc a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; }
tbody tr:nth-child(even) td { background: #fafbfc; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
table.kv td:first-child { width: 13rem; font-weight: 600; }
table.compact { width: auto; min-width: 45%; }
table.plan { table-layout: fixed; }
table.plan td { height: 2.2rem; }
table.plan th:nth-child(1) { width: 34%; } table.plan th:nth-child(2) { width: 14%; }
table.plan th:nth-child(3) { width: 30%; } table.plan th:nth-child(4) { width: 12%; }
.verdict { font-weight: 600; white-space: nowrap; padding: 0 .3em; border-radius: 3px; }
.v-matched { color: #1e6b34; background: #e3f4e8; }
.v-departed { color: #9a3412; background: #fdeee4; }
.v-not-assessed, .v-no-expectation, .v-no-decision { color: var(--muted); background: #f1f2f4; }
.ok { color: #1e6b34; font-weight: 600; }
.bad { color: #b42318; font-weight: 600; }
.rating { margin: .4rem 0 1rem; font-size: .95rem; }
.rating span { margin-right: 1.2rem; white-space: nowrap; }
.turn { border-left: 3px solid var(--rule); padding-left: .9rem; margin: 1rem 0 1.4rem; }
.turn ul { margin: .2rem 0 .7rem; padding-left: 1.2rem; }
.turn li { margin: .2rem 0; }
blockquote { margin: .3rem 0 .3rem .2rem; padding-left: .7rem; border-left: 3px solid var(--rule);
  color: #333; font-size: .9rem; }
.cite { font-size: .85rem; margin: .15rem 0; }
.charts { display: flex; flex-wrap: wrap; gap: 14px 22px; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-size: .9rem; font-weight: 600; margin-bottom: .2rem; }
svg.chart { max-width: 100%; height: auto; }
svg.chart .grid { stroke: #e3e6ea; stroke-width: 1; }
svg.chart .axis { stroke: #8a929c; stroke-width: 1; }
svg.chart .tick { font-size: 10px; fill: #5b6470; font-family: inherit; }
svg.chart .value { font-size: 10px; fill: #1b1f24; font-family: inherit; }
svg.chart .line { fill: none; stroke: #1f4e79; stroke-width: 2; }
svg.chart .dot { fill: #1f4e79; }
svg.chart .threshold { stroke: #b42318; stroke-width: 1; stroke-dasharray: 4 3; }
svg.chart .threshold-label { font-size: 9px; fill: #b42318; font-family: inherit; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  *, *::before, *::after { background: transparent !important; box-shadow: none !important; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  nav.toc { break-after: page; }
  tr, figure, blockquote, .rating { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { border-bottom: 2px solid #777; }
  .verdict { padding: 0; }
  table { font-size: 9pt; }
}
"""


def e(text) -> str:
    return escape("" if text is None else str(text))


def code(ident) -> str:
    return f"<code>{e(ident)}</code>" if ident else ""


def multiline(text) -> str:
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
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>'


def render_html(m: dict) -> str:
    day = fmt.day_of(m["overview"]["session"]["started"])
    ok = m["verified"]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>After-action report: {e(m['title'])}</title>", f"<style>{CSS}</style></head><body>",
        '<header class="cover"><p class="kicker">After-action report and improvement plan</p>',
        f"<h1>{e(m['title'])}</h1>",
        f'<p class="muted">Scenario {code(m["scenario"])} &middot; seed {e(m["seed"])} &middot; '
        f'{e(m["events"])} events &middot; hash chain '
        + ('<span class="ok">verified</span>' if ok else '<span class="bad">NOT verified</span>')
        + f" &middot; session file {code(m['overview']['session']['file'])}</p></header>",
        '<nav class="toc"><strong>Contents</strong><ul>'
        + "".join(f'<li><a href="#{key}">{e(title)}</a></li>' for key, title in fmt.SECTIONS)
        + "</ul></nav>",
    ]
    for key, title in fmt.SECTIONS:
        parts.append(f'<section id="{key}"><h2>{e(title)}</h2>')
        parts.append(_SECTION[key](m, day))
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _overview(m: dict, day) -> str:
    ov = m["overview"]
    sc, se, inw, ver = ov["scenario"], ov["session"], ov["in_world"], ov["verification"]
    played = [t for t in inw["turns"] if t["played"]]
    rows = [
        ["Scenario", f"{e(sc['title'])} ({code(sc['id'])})"],
        ["Period covered", f"{e(sc['period']['start'])} to {e(sc['period']['end'])}"],
        ["In-world dates played", f"{e(inw['from'])} (turn {played[0]['turn']}) to {e(inw['to'])} "
         f"(turn {played[-1]['turn']})" if played else "no turn played"],
        ["Turns played", f"{m['turns_played']} of {len(inw['turns'])}"],
        ["Session (wall clock)", f"{e(fmt.stamp(se['started']))} to {e(fmt.stamp(se['last_event']))}"],
        ["Duration", f"{e(fmt.duration(se['duration_seconds']))} (planned {e(sc['minutes'])} min)"],
        ["Clock paused", "never" if not se["pauses"]
         else f"{fmt.plural(se['pauses'], 'time')}, {e(fmt.duration(se['paused_seconds']))} in all"],
        ["Seed", e(m["seed"])],
        ["Events", e(m["events"])],
        ["Hash chain", f'<span class="ok">verified</span> ({fmt.plural(ver["checked"], "event")})' if ver["ok"]
         else f'<span class="bad">NOT verified</span>: event {e(ver["first_bad"])}: {e(ver["reason"])}'],
        ["Receipt (chain head)", f'{code(ver["receipt"])}: keep it apart; <code>ttx verify FILE --head</code> '
                                 "checks the file against it"],
        ["Ended", e(se["end_reason"]) if se["ended"] else "not ended (still open)"],
        ["End conditions met", e("; ".join(c["label"] for c in se["end_conditions"])) or "none"],
    ]
    if se["forked_from"]:
        f = se["forked_from"]
        rows.append(["Forked from", f"{code(f['file'])} at event {e(f['seq'])} of {e(f['events'])}"])
    out = [table(["Item", "Value"], rows, "kv"), "<h3>Scenario</h3>", multiline(sc["readme"])]
    if sc["learning_objectives"]:
        out.append("<p>Learning objectives:</p><ul>"
                   + "".join(f"<li>{e(o)}</li>" for o in sc["learning_objectives"]) + "</ul>")
    out.append("<h3>Roles and who played them</h3>")
    out.append(table(["Role", "Played by", "Team consoles joined"], [
        [f"{e(r['name'])} ({code(r['role'])})", e(fmt.modes(r)),
         e(", ".join(c or "(unnamed)" for c in r["clients"])) or "none"] for r in ov["roles"]]))
    out.append("<h3>Turns</h3>")
    out.append(table(["Turn", "Name", "In-world date", "Started"], [
        [e(t["turn"]), e(t["name"]), e(t["date"]),
         f"event {t['seq']}, {e(fmt.clock(t['at'], day))}" if t["seq"] else "-"] for t in m["turns"]],
        "compact", num=(0,)))
    out.append("<h3>Events by kind</h3>")
    out.append(table(["Kind", "Count"], [[e(k), e(v)] for k, v in ov["events_by_kind"].items()],
                     "compact", num=(1,)))
    return "\n".join(out)


def _rating() -> str:
    return ('<p class="rating"><strong>Rating:</strong> '
            + "".join(f"<span>\u2610 {e(r)}</span>" for r in fmt.RATINGS) + "</p>")


def _objectives(m: dict, day) -> str:
    out = [f'<p class="note">{e(fmt.RATING_NOTE)} {e(fmt.VERDICT_NOTE)}</p>']
    if not m["objectives"]:
        return out[0] + "<p>The roles of this session state no objectives.</p>"
    for role in m["objectives"]:
        out.append(f"<h3>{e(role['name'])}</h3>")
        for o in role["objectives"]:
            out.append(f"<h4>{code(o['id'])} {e(o['label'] or '')}</h4><p>{e(o['text'])}</p>")
            if o["decisions"]:
                out.append(table(["Turn", "Inject", "Expected action", "Team's choice", "Verdict"], [
                    [e(d["turn"]), f"{code(d['inject'])} {e(d['inject_title'])}", e(d["expected"]),
                     e(fmt.choice(d)) if d["decision"]
                     else f'<span class="muted">{"not decided" if d["visible"] else "not visible to the team"}</span>',
                     verdict(d["verdict"], d["basis"])] for d in o["decisions"]], num=(0,)))
            if o["observations"]:
                out.append("<p>Observations:</p><ul>" + "".join(
                    f"<li>{e(ob['text'])} <span class='note'>({e(ob['kind'])}; turn {ob['turn']}, "
                    f"event {ob['seq']}, {e(ob['author'])})</span></li>" for ob in o["observations"]) + "</ul>")
            if not o["decisions"] and not o["observations"]:
                out.append('<p class="muted">No decision or observation in the log bears on this objective.</p>')
            out.append(_rating())
    return "\n".join(out)


def _narrative(m: dict, day) -> str:
    out = []
    for t in m["turns"]:
        out.append(f'<div class="turn"><h3>Turn {e(t["turn"])}: {e(t["name"])} '
                   f'<span class="muted">({e(t["date"])})</span></h3>')
        if t["brief"]:
            out.append(multiline(t["brief"]))
        if t["injects"]:
            out.append("<h4>Injects released</h4>")
            out.append(table(["Event", "Time", "Inject", "How", "Visibility"], [
                [e(i["seq"] or "-"), e(fmt.clock(i["at"], day)),
                 f"{code(i['id'])} {e(i['title'])}" + (' <span class="note">(counterfactual)</span>'
                                                        if i["counterfactual"] else ""),
                 e(i["how"] + (f" from {i['deck']}" if i["deck"] else "")),
                 "public" if i["visibility"] == "public" else "private to " + e(", ".join(i["audience"]))]
                for i in t["injects"]], num=(0,)))
        if t["decisions"]:
            out.append("<h4>Decisions</h4><ul>")
            for d in t["decisions"]:
                where = f" on {code(d['inject'])}" if d["inject"] else ""
                extra = f", amended {d['amended']}&times;" if d["amended"] else ""
                item = (f"<li><strong>{e(d['role'])}</strong>{where}: {e(fmt.choice(d))} "
                        f"<span class='note'>(event {e(d['seq'])}, {e(fmt.clock(d['at'], day))}, "
                        f"by {e(d['author'])}{extra})</span>")
                if d["rationale"]:
                    item += f"<br><span class='muted'>Rationale:</span> {e(d['rationale'])}"
                out.append(item + "</li>")
            out.append("</ul>")
        if t["rulings"]:
            out.append("<h4>Rulings</h4><ul>")
            for r in t["rulings"]:
                out.append(f"<li><strong>{code(r['id'])}</strong> <span class='note'>({e(r['method'])}, "
                           f"event {e(r['seq'])}, {e(fmt.audience(r['audience']))})</span>: {e(r['narrative'])}</li>")
            out.append("</ul>")
        if not (t["injects"] or t["decisions"] or t["rulings"]):
            out.append('<p class="muted">Nothing was released, decided or ruled in this turn.</p>')
        values = ", ".join(f"{k} {v}" for k, v in t["indicators"].items())
        out.append(f"<p><span class='muted'>Indicators at the end of the turn:</span> {e(values)}</p></div>")
    return "\n".join(out)


def _history(m: dict, day) -> str:
    rows = m["decisions_vs_history"]
    if not rows:
        return "<p>No decisions were recorded.</p>"
    groups: dict = {}
    for r in rows:
        groups.setdefault((r["turn"], r["inject"]), []).append(r)
    body = []
    for (turn, inject), group in groups.items():
        first = group[0]
        h = first["history"]
        record = f"<strong>T{e(turn)} {code(inject)}</strong> {e(first['inject_title'])}" if inject \
            else f"<strong>T{e(turn)}</strong> free actions"
        if first["counterfactual"]:
            record += ' <span class="note">(counterfactual inject)</span>'
        if h:
            record += multiline(h["text"]) + "".join(
                f"<p class='cite'>{code(c['key'])} &ldquo;{e(c['quote'])}&rdquo;</p>" for c in h["sources"])
        elif inject:
            record += '<p class="muted">No historical record given.</p>'
        for n, r in enumerate(group):
            expected = "<br>".join(f"{e(x['text'])} {verdict(x['verdict'], x['basis'])}" for x in r["expected"])
            cells = [f"<td>{e(r['role'])}</td>", f"<td>{e(fmt.choice(r))}</td>",
                     f"<td>{e(r['rationale'])}</td>", f"<td>{expected or '<span class=muted>none</span>'}</td>",
                     f"<td>{verdict(r['verdict'])}</td>"]
            if n == 0:
                cells.insert(0, f'<td rowspan="{len(group)}" style="width:34%">{record}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Inject and historical record", "Role", "Team's choice",
                                                "Rationale", "Expected of the role", "Verdict"))
    return (f'<p class="note">{e(fmt.VERDICT_NOTE)}</p>'
            f'<table class="history"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _ledger(m: dict, day) -> str:
    if not m["ledger"]:
        return "<p>No rulings were made.</p>"
    return table(["Ruling", "Turn", "Event", "Method", "Decisions", "Odds", "Roll", "Total", "Result",
                  "Changes (before &rarr; after)", "Flags", "Reason"], [
        [code(r["id"]), e(r["turn"]), e(r["seq"] or "-"), e(r["method"]),
         e(", ".join(r["decisions"])) or "none", e(fmt.odds(r["odds"])), e(fmt.roll(r)),
         "-" if r["total"] is None else e(r["total"]), e(fmt.result(r)),
         e(fmt.changes(r["deltas"], r["before"], r["applied"])), e(fmt.flags(r)), e(r["reason"])]
        for r in m["ledger"]], "ledger", num=(1, 2, 7))


def _indicators(m: dict, day) -> str:
    ind = m["indicators"]
    labels = [p["label"] for p in ind["points"]]
    charts = []
    for d in ind["defs"]:
        svg = line_chart(d["label"], labels, ind["series"][d["id"]], d["min"], d["max"], d["thresholds"])
        charts.append(f"<figure><figcaption>{e(d['label'])} {code(d['id'])} "
                      f"<span class='note'>{d['min']}..{d['max']}</span></figcaption>{svg}</figure>")
    rows = [[f"{e(d['label'])} {code(d['id'])}", f"{d['min']}..{d['max']}"]
            + ["-" if v is None else e(v) for v in ind["series"][d["id"]]] for d in ind["defs"]]
    notes = [f"<li>{code(d['id'])} {e(fmt.threshold(t))}</li>" for d in ind["defs"] for t in d["thresholds"]]
    return ("<p class='note'>Values at the start and at the end of each turn played; dashed lines are "
            "end-condition thresholds.</p>"
            f'<div class="charts">{"".join(charts)}</div>'
            + table(["Indicator", "Range"] + [e(x) for x in labels], rows,
                    num=tuple(range(2, len(labels) + 2)))
            + (f"<p>End-condition thresholds:</p><ul>{''.join(notes)}</ul>" if notes else ""))


def _findings(m: dict, day) -> str:
    out = [f'<p class="note">{e(fmt.MARKING_NOTE)}</p>']
    if not m["findings"]:
        return out[0] + "<p>No observations were recorded.</p>"
    for g in m["findings"]:
        head = e(g["name"])
        if g["objective"]:
            head += f": {code(g['objective'])} {e(g['objective_text'] or '')}"
        out.append(f"<h3>{head}</h3>")
        for key, label in (("strengths", "Strengths"), ("improvements", "Areas for improvement"),
                           ("notes", "Notes to sort")):
            if g[key]:
                out.append(f"<h4>{label}</h4><ul>" + "".join(
                    f"<li>{e(o['text'])} <span class='note'>(turn {o['turn']}, event {o['seq']}, "
                    f"{e(o['author'])})</span></li>" for o in g[key]) + "</ul>")
    return "\n".join(out)


def _plan(m: dict, day) -> str:
    out = ["<p>For the trainer to complete: one row per issue, with its corrective action, owner and due "
           "date. Areas for improvement observed during play are filled in as issues.</p>"]
    for role in m["improvement_plan"]:
        out.append(f"<h3>{e(role['name'])}</h3>")
        out.append(table(["Issue", "Objective", "Corrective action", "Owner", "Due"], [
            [e(r["issue"]), code(r["objective"]), e(r["corrective_action"]), e(r["owner"]), e(r["due"])]
            for r in role["rows"]], "plan"))
    return "\n".join(out)


def _knew(m: dict, day) -> str:
    out = []
    for role in m["who_knew_what"]:
        out.append(f"<h3>{e(role['name'])}</h3>")
        if not role["injects"]:
            out.append('<p class="muted">No inject this role could see was released.</p>')
            continue
        out.append(table(["Inject", "Turn", "Released", "Read", "Delay"], [
            [f"{code(i['inject'])} {e(i['title'])}", e(i["turn"]),
             f"event {e(i['released_seq'])}, {e(fmt.clock(i['released_at'], day))} ({e(i['how'])})",
             f"event {e(i['read_seq'])}, {e(fmt.clock(i['read_at'], day))}" if i["read"]
             else '<span class="muted">not read</span>',
             e(fmt.duration(i["lag_seconds"])) if i["read"] else "-"] for i in role["injects"]],
            num=(1,)))
    return "\n".join(out)


_SECTION = {
    "overview": _overview, "objectives": _objectives, "narrative": _narrative, "history": _history,
    "ledger": _ledger, "indicators": _indicators, "findings": _findings, "plan": _plan, "knew": _knew,
}
