"""Source coverage as plain text for a terminal of 100 columns: a summary table, then for each
document its passages in order (who cites each), its uncited stretches, its reused quotes."""

from __future__ import annotations

import textwrap

from exercise.content.coverage import (
    Cited,
    Coverage,
    DocumentCoverage,
    Figures,
    Reuse,
    Stretch,
    grouped,
    percent,
)
from exercise.content.source_passages import HEADING, PLAIN_LEVEL, TEXT, Passage, excerpt

WIDTH = 100
MARGIN = 19  # "  ¶123  l.1234  ×12" then the excerpt


def render_text(cov: Coverage) -> str:
    lines = _summary(cov)
    for doc in cov.documents:
        lines += ["", *_document(doc)]
    lines += _unplaced(cov)
    return "\n".join(lines) + "\n"


def _summary(cov: Coverage) -> list[str]:
    n = len(cov.documents)
    lines = [
        f"Source coverage: {n} document{'s' if n != 1 else ''} in {cov.sources_dir}",
        "(prose passages cited; share of the prose's characters in cited passages, and inside "
        "quotes)",
        "",
        f"{'document':<16}{'passages cited':>16}{'characters':>12}{'quoted':>8}"
        f"{'citations':>11}{'injects':>9}{'reused':>8}{'not found':>11}",
    ]
    for doc in cov.documents:
        f = doc.figures()
        cited = f"{f.cited}/{f.passages} {percent(f.cited, f.passages):3.0f}%"
        lines.append(
            f"{doc.source.key:<16}{cited:>16}{percent(f.cited_chars, f.chars):>11.0f}%"
            f"{percent(f.quoted_chars, f.chars):>7.0f}%{f.citations:>11}{f.injects:>9}"
            f"{len(doc.reuse):>8}{f.not_found:>11}"
        )
    return lines


def _document(doc: DocumentCoverage) -> list[str]:
    s = doc.source
    f = doc.figures()
    head = f"== {s.key} \u00b7 {s.file} "
    lines = [head + "=" * max(WIDTH - len(head), 3)]
    lines += textwrap.wrap(f"{s.author}, {s.title} ({s.publisher}, {s.date})", WIDTH)
    lines += _figures(f, len(doc.reuse))
    lines += [
        "",
        "Passages: \u00b6 number, line in the file, times cited; who cites, by scenario",
        "((history): in the inject's historical record; (+history): there and in its sources)",
    ]
    for p in doc.passages:
        lines += _passage(doc, p)
    if doc.stretches:
        lines += ["", "Uncited stretches, longest first"]
        for st in doc.stretches:
            lines += _stretch(st)
    if doc.reuse:
        lines += ["", "Quotes cited by two or more injects, most injects first"]
        for r in sorted(doc.reuse, key=lambda r: (-len(r.injects), r.start)):
            lines += _reused(r)
    if doc.not_found:
        lines += ["", "Quotes not found in the text"]
        for c in doc.not_found:
            lines += _wrap(f'{_who(c)}: "{c.quote}"', "  ", "    ")
    return lines


def _figures(f: Figures, reused: int) -> list[str]:
    text = (
        f"{f.cited} of {f.passages} prose passages cited ({percent(f.cited, f.passages):.0f}%), "
        f"holding {percent(f.cited_chars, f.chars):.0f}% of the prose's {f.chars:,} characters; "
        f"{percent(f.quoted_chars, f.chars):.0f}% of it is quoted. {f.citations} citations by "
        f"{f.injects} injects, {f.roles} roles and {f.briefings} briefings; {reused} quotes "
        "reused by two or more injects"
        + (f"; {f.not_found} quotes not found." if f.not_found else ".")
    )
    return textwrap.wrap(text, WIDTH)


def _passage(doc: DocumentCoverage, p: Passage) -> list[str]:
    cites = doc.by_passage.get(p.number, ())
    if p.kind == HEADING:
        indent = "  " * max(p.level - PLAIN_LEVEL, 0)
        return _wrap(f"\u00a7 {excerpt(p.shown, WIDTH - 8 - len(indent))}", "  " + indent, "    ")
    if p.kind != TEXT and not cites:
        return []  # a name, a dateline, a footnote: shown only when something cites it
    times = f"\u00d7{len(cites)}" if cites else "-"
    kind = "" if p.kind == TEXT else f"({p.kind}) "
    lead = f"  \u00b6{p.number:<4} l.{p.line:<5}{times:>4}  "
    lines = [lead + kind + excerpt(p.shown, WIDTH - len(lead) - len(kind))]
    return lines + _citers(cites, " " * MARGIN)


def _citers(cites: tuple[Cited, ...], indent: str) -> list[str]:
    """One line (wrapped) per group: `[scenarios] injects`, `[roles] ...`, `[briefings] ...`."""
    lines = []
    for group in grouped(cites):
        labels = ", ".join(item.label for item in group.items)
        lines += _wrap(f"[{group.title}] {labels}", indent, indent + "  ")
    return lines


def _who(c: Cited) -> str:
    """A citer's label; an inject's with the scenarios that can release it."""
    t = c.citer
    if t.kind != "inject":
        return t.label
    return f"{t.label} [{', '.join(t.scenarios) or 'no scenario'}]"


def _stretch(st: Stretch) -> list[str]:
    n = len(st.passages)
    span = f"\u00b6{st.first.number}" + (f"-\u00b6{st.last.number}" if n > 1 else "")
    lines = f"line {st.first.line}" if n == 1 else f"lines {st.first.line}-{st.last.line}"
    sections = [name for name in st.sections if name]
    where = f", under {'; '.join(sections)}" if sections else ""
    text = f"{span} ({lines}): {n} passage{'s' if n > 1 else ''}, {st.chars:,} characters{where}"
    out = _wrap(text, "  ", "      ")
    out += _wrap(f'"{excerpt(st.first.shown, 70)}"', "      ", "      ")
    if n > 1:
        out += _wrap(f'to "{excerpt(st.last.shown, 66)}"', "      ", "      ")
    return out


def _reused(r: Reuse) -> list[str]:
    where = ", ".join(f"\u00b6{i}" for i in r.passages)
    how = "the same quote" if r.same_quote else "overlapping quotes"
    out = _wrap(
        f'{where}: {len(r.injects)} injects, {how}: "{excerpt(r.quote, 120)}"', "  ", "      "
    )
    out += _citers(r.cites, "      ")
    if r.shared_scenarios:
        out += _wrap("together in: " + ", ".join(r.shared_scenarios), "      ", "      ")
    return out


def _unplaced(cov: Coverage) -> list[str]:
    lines: list[str] = []
    if cov.absent:
        lines += ["", f"Not in {cov.sources_dir} (their citations are not placed)"]
        lines += [f"  {s.key}: {s.file}" for s in cov.absent]
    if cov.unknown:
        lines += ["", "Citations of keys the bibliography does not have"]
        for citer, c in cov.unknown:
            lines += _wrap(f'{_who(Cited(citer, c.quote))}: {c.key}: "{c.quote}"', "  ", "    ")
    return lines


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )
