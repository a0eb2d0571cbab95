"""Source coverage as one self-contained HTML page: a summary table, then per document a bar of
its prose (each passage's width its length, its shade how often it is cited), the passages with
who cites them (hover a name for the quote), the uncited stretches, and an index of the quotes
two or more injects cite. Inline CSS, no script, every text escaped."""

from __future__ import annotations

from html import escape

from exercise.content.coverage import (
    Cited,
    Coverage,
    DocumentCoverage,
    Reuse,
    grouped,
    percent,
)
from exercise.content.source_passages import HEADING, PLAIN_LEVEL, TEXT, Passage, excerpt

SHADES = ((0, "uncited"), (1, "cited once"), (2, "2-3 times"), (4, "4-7 times"), (8, "8 or more"))

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232b;
background:#fff}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:21px;margin:40px 0 4px;padding-top:14px;
border-top:3px solid #1d232b}h3{font-size:17px;margin:26px 0 8px}
.meta{color:#505a66;margin:0 0 8px}.figs{margin:6px 0 12px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;
border-bottom:1px solid #dde2e8;vertical-align:top}th{background:#f1f3f6;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{display:flex;height:26px;border:1px solid #8b96a3;margin:8px 0 4px;background:#fff}
.bar.mini{height:14px;margin:3px 0;min-width:220px}
.bar a{display:block;height:100%;min-width:1px}.bar a.hd{flex:0 0 2px;background:#1d232b}
.s0{background:#f3dcc6}.s1{background:#d2e6f4}.s2{background:#9ccbea}.s3{background:#4f9bd0}
.s4{background:#1c5f94}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:13px;color:#505a66;margin:4px 0 10px}
.legend span::before{content:"";display:inline-block;width:14px;height:12px;margin-right:5px;
vertical-align:-1px;border:1px solid #8b96a3;background:inherit}
.legend .k0::before{background:#f3dcc6}.legend .kh::before{width:3px;background:#1d232b}
.legend .k1::before{background:#d2e6f4}.legend .k2::before{background:#9ccbea}
.legend .k3::before{background:#4f9bd0}.legend .k4::before{background:#1c5f94}
.sec{font-weight:650;margin:18px 0 6px;color:#1d232b}.sec.l4{margin-left:16px;font-size:15px}
.sec.l5{margin-left:32px;font-size:14px;font-style:italic}
.p{display:grid;grid-template-columns:92px 1fr 52px;gap:10px;padding:6px 8px;margin:3px 0;
border-left:8px solid;border-radius:2px}
.p.s0{border-color:#e0a87a;background:#fbf1e8}.p.s1{border-color:#9ccbea;background:#f3f8fc}
.p.s2{border-color:#6fb0dd;background:#eaf3fa}.p.s3{border-color:#3c86bd;background:#e1edf7}
.p.s4{border-color:#1c5f94;background:#d8e7f3}
.num{color:#505a66;font-size:13px;font-variant-numeric:tabular-nums}
.times{text-align:right;font-weight:650;font-variant-numeric:tabular-nums}
.ex{margin:0}.kind{font-size:12px;color:#505a66;text-transform:uppercase;margin-right:6px}
.who{margin:4px 0 0;padding:0;list-style:none;font-size:13px}.who li{margin:2px 0}
.grp{font-weight:600;color:#36414d;margin-right:6px}
.tag{display:inline-block;background:#fff;border:1px solid #b9c2cc;border-radius:3px;
padding:0 5px;margin:1px 2px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.q{color:#36414d;font-style:italic}.warn{color:#9a3412;font-weight:600}
a{color:#1c5f94}nav a{margin-right:14px}.stretches td:first-child{white-space:nowrap}
td .meta{margin:4px 0 0}
@media print{.p{break-inside:avoid}}
"""


def shade(times: int) -> int:
    """0 for uncited, then 1..4 for 1, 2-3, 4-7 and 8 or more citations."""
    return max(i for i, (least, _) in enumerate(SHADES) if times >= least)


def render_html(cov: Coverage) -> str:
    body = [
        "<h1>Source coverage</h1>",
        f'<p class="meta">{_count(len(cov.documents), "document")} in '
        f"{escape(str(cov.sources_dir))}: "
        "which passages the content cites, who cites them, quotes cited by two or more injects, "
        "and the prose nobody cites.</p>",
        _summary(cov),
        _legend(),
        "<nav>"
        + "".join(f'<a href="#{_anchor(d)}">{escape(d.source.key)}</a>' for d in cov.documents)
        + '<a href="#reused">reused quotes</a></nav>',
    ]
    body += [_document(d) for d in cov.documents]
    body.append(_reuse_index(cov))
    body.append(_unplaced(cov))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Source coverage</title><style>{CSS}</style></head>\n<body><main>\n"
        + "\n".join(part for part in body if part)
        + "\n</main></body></html>\n"
    )


def _anchor(doc: DocumentCoverage, passage: int | None = None) -> str:
    key = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in doc.source.key)
    return f"doc-{key}" + (f"-p{passage}" if passage is not None else "")


def _summary(cov: Coverage) -> str:
    head = (
        "<tr><th>document</th><th>prose</th><th class=n>passages cited</th>"
        "<th class=n>characters</th><th class=n>quoted</th><th class=n>citations</th>"
        "<th class=n>injects</th><th class=n>reused</th><th class=n>not found</th></tr>"
    )
    rows = []
    for d in cov.documents:
        f = d.figures()
        rows.append(
            f'<tr><td><a href="#{_anchor(d)}">{escape(d.source.key)}</a><br>'
            f'<span class="meta">{escape(d.source.title)}</span></td>'
            f"<td>{_bar(d, 'mini')}</td>"
            f"<td class=n>{f.cited}/{f.passages} ({percent(f.cited, f.passages):.0f}%)</td>"
            f"<td class=n>{percent(f.cited_chars, f.chars):.0f}%</td>"
            f"<td class=n>{percent(f.quoted_chars, f.chars):.0f}%</td>"
            f"<td class=n>{f.citations}</td><td class=n>{f.injects}</td>"
            f"<td class=n>{len(d.reuse)}</td><td class=n>{_warn(f.not_found)}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _warn(n: int) -> str:
    return f'<span class="warn">{n}</span>' if n else "0"


def _legend() -> str:
    keys = "".join(
        f'<span class="k{i}">{escape(label)}</span>' for i, (_, label) in enumerate(SHADES)
    )
    return f'<div class="legend">{keys}<span class="kh">a heading</span></div>'


def _bar(doc: DocumentCoverage, kind: str = "") -> str:
    """The document's prose as one strip: a segment per passage, as wide as it is long."""
    parts = []
    for p in doc.passages:
        if p.kind == HEADING:
            parts.append(
                f'<a class="hd" href="#{_anchor(doc, p.number)}" title="{_attr(p.shown)}"></a>'
            )
        elif p.kind == TEXT:
            times = doc.times(p)
            tip = f"\u00b6{p.number}, line {p.line}: cited {times}\u00d7: {excerpt(p.shown, 90)}"
            parts.append(
                f'<a class="s{shade(times)}" style="flex:{p.chars} 1 0" '
                f'href="#{_anchor(doc, p.number)}" title="{_attr(tip)}"></a>'
            )
    return f'<div class="{" ".join(["bar", kind]).strip()}">{"".join(parts)}</div>'


def _document(doc: DocumentCoverage) -> str:
    s, f = doc.source, doc.figures()
    out = [
        f'<section id="{_anchor(doc)}"><h2>{escape(s.key)}: {escape(s.title)}</h2>',
        f'<p class="meta">{escape(s.author)} \u00b7 {escape(s.publisher)} \u00b7 '
        f"{escape(s.date)} \u00b7 <code>{escape(s.file)}</code></p>",
        f'<p class="figs"><b>{f.cited} of {f.passages}</b> prose passages cited '
        f"({percent(f.cited, f.passages):.0f}%), holding <b>{percent(f.cited_chars, f.chars):.0f}%"
        f"</b> of the prose's {f.chars:,} characters; {percent(f.quoted_chars, f.chars):.0f}% "
        f"of it is quoted. {f.citations} citations by {f.injects} injects, {f.roles} roles and "
        f"{f.briefings} briefings; {len(doc.reuse)} quotes reused by two or more injects"
        + (f'; <span class="warn">{f.not_found} quotes not found</span>.' if f.not_found else ".")
        + "</p>",
        _bar(doc),
        "<h3>Passages</h3>",
    ]
    out += [_passage(doc, p) for p in doc.passages]
    out.append(_stretches(doc))
    if doc.not_found:
        out.append("<h3>Quotes not found in the text</h3><ul>")
        out += [
            f"<li>{_who_one(c)}: <span class=q>{escape(c.quote)}</span></li>" for c in doc.not_found
        ]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(part for part in out if part)


def _passage(doc: DocumentCoverage, p: Passage) -> str:
    cites = doc.by_passage.get(p.number, ())
    if p.kind == HEADING:
        level = min(max(p.level, PLAIN_LEVEL), 5)
        return (
            f'<div class="sec l{level}" id="{_anchor(doc, p.number)}">'
            f"{escape(excerpt(p.shown, 160))}</div>"
        )
    if p.kind != TEXT and not cites:
        return ""  # a name, a dateline, a footnote: shown only when something cites it
    kind = "" if p.kind == TEXT else f'<span class="kind">{escape(p.kind)}</span>'
    times = f"{len(cites)}\u00d7" if cites else "\u2013"
    return (
        f'<div class="p s{shade(len(cites))}" id="{_anchor(doc, p.number)}">'
        f'<div class="num">\u00b6{p.number}<br>line {p.line}</div>'
        f'<div><p class="ex">{kind}{escape(excerpt(p.shown, 240))}</p>{_who(cites)}</div>'
        f'<div class="times">{times}</div></div>'
    )


def _who(cites: tuple[Cited, ...]) -> str:
    """Who cites, one line per scenario (then roles, briefings); a name's tooltip is its quote."""
    if not cites:
        return ""
    lines = []
    for group in grouped(cites):
        tags = "".join(
            f'<span class="tag" title="{_attr(" / ".join(i.quotes))}">{escape(i.label)}</span>'
            for i in group.items
        )
        lines.append(f'<li><span class="grp">{escape(group.title)}</span>{tags}</li>')
    return f'<ul class="who">{"".join(lines)}</ul>'


def _who_one(c: Cited) -> str:
    return f'<span class="tag">{escape(c.citer.label)}</span>'


def _stretches(doc: DocumentCoverage) -> str:
    if not doc.stretches:
        return ""
    rows = []
    for st in doc.stretches:
        n = len(st.passages)
        span = f"\u00b6{st.first.number}" + (f"\u2013\u00b6{st.last.number}" if n > 1 else "")
        rows.append(
            f'<tr><td><a href="#{_anchor(doc, st.first.number)}">{span}</a></td>'
            f"<td class=n>{n}</td><td class=n>{st.chars:,}</td>"
            f"<td>{'<br>'.join(escape(name) for name in st.sections if name)}</td>"
            f"<td>{escape(excerpt(st.first.shown, 110))}</td></tr>"
        )
    return (
        '<h3>Uncited stretches, longest first</h3><table class="stretches"><tr><th>passages</th>'
        '<th class=n>count</th><th class=n>characters</th><th style="width:34%">under</th>'
        '<th style="width:44%">begins</th></tr>' + "".join(rows) + "</table>"
    )


def _reuse_index(cov: Coverage) -> str:
    out = [
        '<section id="reused"><h2>Index of reused quotes</h2>',
        '<p class="meta">The same or overlapping quotes cited by two or more injects, most '
        "injects first. <i>Together in</i>: scenarios that can release more than one of them, "
        "where the teams may read the same passage twice.</p>",
    ]
    for doc in cov.documents:
        if not doc.reuse:
            continue
        out.append(f"<h3>{escape(doc.source.key)} ({len(doc.reuse)})</h3><table>")
        out.append(
            '<tr><th>where</th><th class=n>injects</th><th style="width:38%">quote</th>'
            '<th style="width:46%">cited by</th></tr>'
        )
        for r in sorted(doc.reuse, key=lambda r: (-len(r.injects), r.start)):
            out.append(_reuse_row(doc, r))
        out.append("</table>")
    if len(out) == 2:
        out.append("<p>No quote is cited by more than one inject.</p>")
    out.append("</section>")
    return "\n".join(out)


def _reuse_row(doc: DocumentCoverage, r: Reuse) -> str:
    links = ", ".join(f'<a href="#{_anchor(doc, i)}">\u00b6{i}</a>' for i in r.passages)
    how = "same quote" if r.same_quote else "overlapping"
    together = (
        f'<p class="meta">together in: {escape(", ".join(r.shared_scenarios))}</p>'
        if r.shared_scenarios
        else ""
    )
    return (
        f"<tr><td>{links}<br><span class=meta>{how}</span></td><td class=n>{len(r.injects)}</td>"
        f"<td class=q>{escape(excerpt(r.quote, 200))}</td><td>{_who(r.cites)}{together}</td></tr>"
    )


def _unplaced(cov: Coverage) -> str:
    out = []
    if cov.absent:
        out.append(f"<h2>Not in {escape(str(cov.sources_dir))}</h2><ul>")
        out += [f"<li>{escape(s.key)}: <code>{escape(s.file)}</code></li>" for s in cov.absent]
        out.append("</ul>")
    if cov.unknown:
        out.append("<h2>Citations of keys the bibliography does not have</h2><ul>")
        out += [
            f"<li>{_who_one(Cited(citer, c.quote))} {escape(c.key)}: "
            f"<span class=q>{escape(c.quote)}</span></li>"
            for citer, c in cov.unknown
        ]
        out.append("</ul>")
    return "\n".join(out)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def _attr(text: str) -> str:
    return escape(text, quote=True)
