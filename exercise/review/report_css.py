"""The HTML report's stylesheet: screen and print (A4, no backgrounds, each major section on a
new page)."""

# A trailing backslash joins two lines without a newline: the report's bytes are golden
# (tests/review/test_golden.py), so wrapping here must not change them.
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
h2 { font-size: 1.4rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; \
border-bottom: 1px solid var(--rule);
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
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; \
vertical-align: top; }
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
ul.summary { padding-left: 1.1rem; } ul.summary li { margin: .25rem 0; }
ol.hotwash li { margin: .45rem 0; }
.rated { font-weight: 700; padding: 0 .35em; border-radius: 3px; border: 1px solid currentColor; }
.r-P { color: #1e6b34; } .r-S { color: #7a5b00; } .r-M { color: #9a3412; } .r-U { color: #b42318; }
.evidence { font-size: .88rem; } .rating .chosen { font-weight: 700; }
.anonymised { font-size: .9rem; margin: .3rem 0 0; }
svg.chart .ruling { stroke: #6b3fa0; stroke-width: 1; stroke-dasharray: 1 2; }
svg.chart .ruling.voided { stroke: #8a929c; }
svg.chart .ruling-label { font-size: 9px; fill: #6b3fa0; font-family: inherit; }
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
