"""The print pack's stylesheet: A4 pages, a new page for each role's briefing, each inject card
and each part of the guide; on screen, the same pages as sheets on a grey desk.

The colours and type follow the report's (report_css.py), so the two documents read as a set.
Margin boxes (running heads, page numbers) are read by WeasyPrint and by Chromium's print.
"""

CSS = """
:root { --ink: #1b1f24; --muted: #5b6470; --rule: #c9ced6; --head: #eef1f5; --accent: #1f4e79;
  --warn: #9a3412; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  color: var(--ink); line-height: 1.45; margin: 0; background: #e9ecf0; }
.sheet { background: #fff; max-width: 210mm; margin: 18px auto; padding: 16mm 15mm;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .18); }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--muted);
  font-size: .78rem; margin: 0 0 .2rem; }
h1 { font-size: 2rem; margin: .2rem 0 .4rem; color: var(--accent); line-height: 1.2; }
h2 { font-size: 1.45rem; margin: .2rem 0 .5rem; color: var(--accent); line-height: 1.25; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .35rem; padding-bottom: .15rem;
  border-bottom: 1px solid var(--rule); }
h4 { font-size: 1rem; margin: .9rem 0 .25rem; }
p { margin: .3rem 0 .55rem; }
ul { margin: .2rem 0 .6rem; padding-left: 1.3rem; }
li { margin: .2rem 0; }
.muted, .note { color: var(--muted); }
.note { font-size: .88rem; }
.summary { font-style: italic; }
p.li { margin: .15rem 0 .15rem 1.4rem; text-indent: -1.2rem; }
p.li.d2 { margin-left: 2.8rem; }
p.li.d3 { margin-left: 4.2rem; }
code { font-family: "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; font-size: .84em;
  background: #f3f4f6; padding: 0 .2em; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .9rem; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .28rem .45rem; text-align: left;
  vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.kv td:first-child { width: 11rem; font-weight: 600; }
table.compact { width: auto; min-width: 50%; }
blockquote { margin: .3rem 0 .3rem .2rem; padding-left: .7rem; border-left: 3px solid var(--rule);
  color: #333; font-size: .88rem; }
.cover h1 { font-size: 2.3rem; margin-top: 30mm; }
.cover .source { font-size: 1.05rem; }
.toc ul { list-style: none; padding-left: 0; }
.toc ul ul { padding-left: 1.2rem; margin-bottom: .3rem; }
.toc a { color: var(--accent); text-decoration: none; }
.handling { margin-top: 2rem; border-top: 1px solid var(--rule); padding-top: .6rem; }
.stamp { display: inline-block; border: 2px solid var(--warn); color: var(--warn);
  font-weight: 700; text-transform: uppercase; letter-spacing: .06em; font-size: .8rem;
  padding: .1rem .5rem; margin: 0 .4rem .4rem 0; }
.card .band { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem;
  border-bottom: 3px solid var(--accent); padding-bottom: .35rem; margin-bottom: .7rem; }
.card .turn { font-size: 1.3rem; font-weight: 700; color: var(--accent); }
.card .to { font-size: 1.05rem; font-weight: 600; text-align: right; }
.card h2 { font-size: 1.6rem; margin-top: .5rem; }
.card .meta { color: var(--muted); margin-top: 0; }
.card .body { font-size: 1.05rem; }
.card .body p { margin: .45rem 0 .7rem; }
ul.options { list-style: none; padding-left: 0; }
ul.options li { position: relative; padding-left: 1.9rem; margin: .45rem 0; }
ul.options.read { list-style: disc; padding-left: 1.3rem; }
ul.options.read li { padding-left: 0; }
ul.options .box { position: absolute; left: .2rem; top: .2rem; width: .95rem; height: .95rem;
  border: 1.5px solid var(--ink); }
.decides { font-weight: 600; }
.write { margin-top: 1.2rem; }
.write .line { border-bottom: 1px solid var(--rule); height: 1.9rem; }
.inject { border-top: 2px solid var(--accent); margin-top: 1.4rem; padding-top: .3rem; }
.inject h3 { border: none; margin-top: .3rem; }
table.options { table-layout: fixed; }
table.options th:nth-child(1) { width: 44%; } table.options th:nth-child(2) { width: 24%; }
@page { size: A4; margin: 16mm 15mm 18mm;
  @bottom-right { content: counter(page); font: 9pt sans-serif; color: #5b6470; } }
@page guide { @top-right { content: "Facilitator guide: not for the teams";
  font: 8.5pt sans-serif; color: #5b6470; } }
@media print {
  html { font-size: 11pt; }
  body { background: none; }
  .sheet { max-width: none; margin: 0; padding: 0; box-shadow: none;
    break-before: page; page-break-before: always; }
  .sheet.cover { break-before: auto; page-break-before: auto; }
  .guide .sheet { page: guide; }
  *, *::before, *::after { background: transparent !important; box-shadow: none !important; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, blockquote, ul.options li, .write { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 9.5pt; }
  .card .body { font-size: 11.5pt; }
}
"""
