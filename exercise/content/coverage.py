"""Source coverage: for each source text, which passages the content cites and who cites them
(injects' sources and history, roles, scenario briefings), quotes that two or more injects
cite, and the prose nobody cites. What `ttx sources coverage` reports.

Quotes are looked for in the text as `grounding.normalise` makes it, so every quote that
`ttx validate` accepts is found; a quote is placed at its first occurrence, as that is all the
grounding check asks of it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from exercise.content import source_passages
from exercise.content.grounding import normalise
from exercise.content.model import Citation, Library, Scenario, Source
from exercise.content.source_passages import TEXT, Passage

# Two quotes sharing fewer characters than this only meet at their edges (one ends with the
# words the next begins with): neighbours, not the same passage told twice.
MIN_OVERLAP = 20


class Citer(NamedTuple):
    """Who cites: an inject (its `sources` or its `history`), a role or a scenario's briefing."""

    kind: str  # "inject", "role" or "scenario"
    id: str
    part: str  # "sources", "history", "objective mos-state", "doctrine", "briefing moscow"...
    scenarios: tuple[str, ...] = ()  # an inject's: those that can release it; a role's: playing it

    @property
    def label(self) -> str:
        if self.kind == "inject":
            return self.id if self.part == "sources" else f"{self.id} ({self.part})"
        return f"{self.kind} {self.id}: {self.part}"


class Cited(NamedTuple):
    """One citation of a document and where its quote is in the normalised text."""

    citer: Citer
    quote: str  # as the content file has it
    start: int = -1  # -1: not in the text
    end: int = -1

    @property
    def found(self) -> bool:
        return self.start >= 0


class Reuse(NamedTuple):
    """Overlapping quotes that two or more injects cite."""

    start: int
    end: int
    cites: tuple[Cited, ...]
    passages: tuple[int, ...]  # numbers of the passages the quotes are in

    @property
    def same_quote(self) -> bool:
        return len({(c.start, c.end) for c in self.cites}) == 1

    @property
    def injects(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.citer.id for c in self.cites))

    @property
    def shared_scenarios(self) -> tuple[str, ...]:
        """Scenarios that can release two or more of the injects: the teams may read it twice."""
        counts: dict[str, int] = {}
        for inj in {c.citer.id: c.citer for c in self.cites}.values():
            for s in inj.scenarios:
                counts[s] = counts.get(s, 0) + 1
        return tuple(sorted(s for s, n in counts.items() if n > 1))

    @property
    def quote(self) -> str:
        """The longest of the quotes, as written: what the group is about."""
        return max((c.quote for c in self.cites), key=len)


class Stretch(NamedTuple):
    """A run of prose passages next to each other that nothing cites."""

    passages: tuple[Passage, ...]

    @property
    def chars(self) -> int:
        return sum(p.chars for p in self.passages)

    @property
    def sections(self) -> tuple[str, ...]:
        """The sections it runs through, in order ("" before a document's first heading)."""
        return tuple(dict.fromkeys(p.section for p in self.passages))

    @property
    def first(self) -> Passage:
        return self.passages[0]

    @property
    def last(self) -> Passage:
        return self.passages[-1]


class Figures(NamedTuple):
    passages: int  # prose passages
    cited: int
    chars: int  # characters of prose
    cited_chars: int  # ... in cited passages
    quoted_chars: int  # ... inside a quote
    citations: int
    not_found: int
    injects: int
    roles: int
    briefings: int


class Named(NamedTuple):
    """One citer as a report lists it, with the quotes it cites there."""

    label: str
    quotes: tuple[str, ...]


class Group(NamedTuple):
    title: str  # the scenarios that can release the injects, or "roles", or "briefings"
    items: tuple[Named, ...]


def grouped(cites: tuple[Cited, ...]) -> list[Group]:
    """Who cites, grouped: injects by the scenarios that can release them ("no scenario" for
    an inject none lists), then roles, then briefings. An inject citing in both its sources and
    its history is listed once, as "id (+history)"."""
    parts: dict[tuple[str, tuple[str, ...], str], dict[str, None]] = {}
    quotes: dict[tuple[str, tuple[str, ...], str], dict[str, None]] = {}
    for c in cites:
        t = c.citer
        if t.kind == "inject":
            key, part = ("inject", t.scenarios, t.id), t.part
        else:  # a role's item, or a scenario's briefing of one role
            key, part = (t.kind, (), t.id), t.part.removeprefix("briefing ")
        parts.setdefault(key, {})[part] = None
        quotes.setdefault(key, {})[c.quote] = None
    groups: dict[tuple[int, tuple[str, ...]], list[Named]] = {}
    for key in sorted(parts, key=lambda k: (k[0] != "inject", not k[1], k)):
        kind, scenarios, ident = key
        order = {"inject": 0, "role": 1}.get(kind, 2)
        label = (
            _inject_item(ident, parts[key])
            if kind == "inject"
            else (f"{ident} ({', '.join(parts[key])})")
        )
        groups.setdefault((order, scenarios), []).append(Named(label, tuple(quotes[key])))
    titles = {1: "roles", 2: "briefings"}
    return [
        Group(titles.get(order) or ", ".join(scenarios) or "no scenario", tuple(items))
        for (order, scenarios), items in groups.items()
    ]


def _inject_item(inj_id: str, parts: dict[str, None]) -> str:
    if "history" not in parts:
        return inj_id
    return f"{inj_id} (+history)" if "sources" in parts else f"{inj_id} (history)"


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


class DocumentCoverage(NamedTuple):
    source: Source
    passages: tuple[Passage, ...]
    cites: tuple[Cited, ...]  # every citation of the document, found or not
    by_passage: dict[int, tuple[Cited, ...]]  # passage number -> citations touching it
    reuse: tuple[Reuse, ...]
    stretches: tuple[Stretch, ...]  # longest first

    @property
    def not_found(self) -> tuple[Cited, ...]:
        return tuple(c for c in self.cites if not c.found)

    def times(self, passage: Passage) -> int:
        return len(self.by_passage.get(passage.number, ()))

    def figures(self) -> Figures:
        prose = [p for p in self.passages if p.kind == TEXT]
        cited = [p for p in prose if p.number in self.by_passage]
        found = [c for c in self.cites if c.found]
        owners = {(c.citer.kind, c.citer.id) for c in found}
        return Figures(
            passages=len(prose),
            cited=len(cited),
            chars=sum(p.chars for p in prose),
            cited_chars=sum(p.chars for p in cited),
            quoted_chars=_quoted_chars(prose, self.cites),
            citations=len(found),
            not_found=len(self.cites) - len(found),
            injects=sum(1 for kind, _ in owners if kind == "inject"),
            roles=sum(1 for kind, _ in owners if kind == "role"),
            briefings=len({c.citer[1:3] for c in found if c.citer.kind == "scenario"}),
        )


class Coverage(NamedTuple):
    sources_dir: Path
    documents: tuple[DocumentCoverage, ...]
    absent: tuple[Source, ...]  # bibliography entries whose text is not in sources_dir
    unknown: tuple[tuple[Citer, Citation], ...]  # citations of keys the bibliography lacks


def citations(lib: Library) -> Iterator[tuple[Citer, Citation]]:
    """Every citation in the content, with who makes it, in a stable order."""
    released = _released_in(lib)
    for inj in sorted(lib.injects.values(), key=lambda i: i.id):
        in_scenarios = released.get(inj.id, ())
        for c in inj.sources:
            yield Citer("inject", inj.id, "sources", in_scenarios), c
        for c in inj.history.sources if inj.history else ():
            yield Citer("inject", inj.id, "history", in_scenarios), c
    for role in sorted(lib.roles.values(), key=lambda r: r.id):
        playing = tuple(s.id for s in _scenarios(lib) if role.id in s.roles)
        groups = (("objective", role.objectives), ("red line", role.red_lines))
        for what, items in (*groups, ("lever", role.levers)):
            for item in items:
                for c in item.sources:
                    yield Citer("role", role.id, f"{what} {item.id}", playing), c
        for c in role.doctrine.sources:
            yield Citer("role", role.id, "doctrine", playing), c
        for actor in role.actors:
            for c in actor.sources:
                yield Citer("role", role.id, f"actor {actor.id}", playing), c
    for scenario in _scenarios(lib):
        for role_id, briefing in scenario.briefings:
            for c in briefing.sources:
                yield Citer("scenario", scenario.id, f"briefing {role_id}", (scenario.id,)), c


def _scenarios(lib: Library) -> list[Scenario]:
    return sorted(lib.scenarios.values(), key=lambda s: s.id)


def _released_in(lib: Library) -> dict[str, tuple[str, ...]]:
    """inject id -> the scenarios that can release it (discovery injects included)."""
    out: dict[str, list[str]] = {}
    for scenario in _scenarios(lib):
        for inj_id in lib.world_inject_ids(scenario):
            out.setdefault(inj_id, []).append(scenario.id)
    return {k: tuple(v) for k, v in out.items()}


def coverage(lib: Library, sources_dir: Path, only: str | None = None) -> Coverage:
    """The coverage of every document of the bibliography (or only the one keyed `only`) whose
    text is in `sources_dir`."""
    by_key: dict[str, list[tuple[Citer, Citation]]] = {}
    unknown = []
    for citer, cite in citations(lib):
        if cite.key in lib.sources:
            by_key.setdefault(cite.key, []).append((citer, cite))
        else:
            unknown.append((citer, cite))
    documents, absent = [], []
    for source in lib.sources.values():
        if only is not None and source.key != only:
            continue
        path = sources_dir / source.file
        if not path.is_file():
            absent.append(source)
            continue
        raw = path.read_text("utf-8", errors="replace")
        documents.append(document_coverage(source, raw, by_key.get(source.key, [])))
    return Coverage(sources_dir, tuple(documents), tuple(absent), tuple(unknown))


def document_coverage(
    source: Source, raw: str, cites: list[tuple[Citer, Citation]]
) -> DocumentCoverage:
    passages, text = source_passages.split(raw)
    placed = tuple(_place(text, citer, cite) for citer, cite in cites)
    starts = [p.start for p in passages]
    touching: dict[int, list[Cited]] = {}
    for c in placed:
        for p in _passages_of(passages, starts, c.start, c.end):
            touching.setdefault(p.number, []).append(c)
    by_passage = {i: tuple(cs) for i, cs in touching.items()}
    reuse = _reuse(passages, starts, placed)
    return DocumentCoverage(
        source, passages, placed, by_passage, reuse, _stretches(passages, by_passage)
    )


def _place(text: str, citer: Citer, cite: Citation) -> Cited:
    quote = normalise(cite.quote)
    at = text.find(quote) if quote else -1
    return Cited(citer, cite.quote, at, at + len(quote) if at >= 0 else -1)


def _passages_of(
    passages: tuple[Passage, ...], starts: list[int], start: int, end: int
) -> list[Passage]:
    """The passages a span of the normalised text overlaps (a quote may run across a break)."""
    if start < 0:
        return []
    first = max(bisect_right(starts, start) - 1, 0)
    out = []
    for p in passages[first:]:
        if p.start >= end:
            break
        if p.end > start:
            out.append(p)
    return out


def _reuse(
    passages: tuple[Passage, ...], starts: list[int], placed: tuple[Cited, ...]
) -> tuple[Reuse, ...]:
    """Groups of overlapping inject quotes (chained: A overlaps B, B overlaps C) that come from
    two or more injects; one inject citing a quote in its sources and its history is not reuse."""
    spans = sorted(
        (c for c in placed if c.found and c.citer.kind == "inject"), key=lambda c: (c.start, c.end)
    )
    groups: list[list[Cited]] = []
    end = -1
    for c in spans:
        if groups and min(end, c.end) - c.start >= min(MIN_OVERLAP, c.end - c.start):
            groups[-1].append(c)
            end = max(end, c.end)
        else:
            groups.append([c])
            end = c.end
    out = []
    for group in groups:
        if len({c.citer.id for c in group}) < 2:
            continue
        start, stop = group[0].start, max(c.end for c in group)
        touched = tuple(p.number for p in _passages_of(passages, starts, start, stop))
        out.append(Reuse(start, stop, tuple(group), touched))
    return tuple(out)


def _stretches(
    passages: tuple[Passage, ...], by_passage: dict[int, tuple[Cited, ...]]
) -> tuple[Stretch, ...]:
    """Runs of uncited prose, longest first: headings, notes and minor lines between two
    uncited passages do not break a run; a cited passage does."""
    runs: list[list[Passage]] = [[]]
    for p in passages:
        if p.kind != TEXT:
            continue
        if p.number in by_passage:
            runs.append([])
        else:
            runs[-1].append(p)
    found = [Stretch(tuple(run)) for run in runs if run]
    return tuple(sorted(found, key=lambda s: (-s.chars, s.first.number)))


def _quoted_chars(prose: list[Passage], cites: tuple[Cited, ...]) -> int:
    """Characters of prose inside at least one quote (overlapping quotes counted once)."""
    spans = sorted((c.start, c.end) for c in cites if c.found)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    total = 0
    for p in prose:
        for start, end in merged:
            total += max(0, min(end, p.end) - max(start, p.start))
    return total


def as_json(cov: Coverage) -> dict:
    """Everything the report says, for tools: offsets are in the normalised text."""
    return {
        "sources_dir": str(cov.sources_dir),
        "documents": [_document_json(d) for d in cov.documents],
        "absent": [{"key": s.key, "file": s.file} for s in cov.absent],
        "unknown_keys": [
            _cite_json(Cited(citer, c.quote)) | {"key": c.key} for citer, c in cov.unknown
        ],
    }


def _document_json(doc: DocumentCoverage) -> dict:
    f = doc.figures()
    s = doc.source
    return {
        "key": s.key,
        "file": s.file,
        "author": s.author,
        "title": s.title,
        "figures": f._asdict()
        | {
            "passages_pct": percent(f.cited, f.passages),
            "chars_pct": percent(f.cited_chars, f.chars),
            "quoted_pct": percent(f.quoted_chars, f.chars),
        },
        "passages": [_passage_json(doc, p) for p in doc.passages],
        "stretches": [
            {
                "first": st.first.number,
                "last": st.last.number,
                "lines": [st.first.line, st.last.line],
                "passages": len(st.passages),
                "chars": st.chars,
                "sections": list(st.sections),
            }
            for st in doc.stretches
        ],
        "reused": [
            {
                "start": r.start,
                "end": r.end,
                "passages": list(r.passages),
                "same_quote": r.same_quote,
                "injects": list(r.injects),
                "shared_scenarios": list(r.shared_scenarios),
                "citations": [_cite_json(c) for c in r.cites],
            }
            for r in doc.reuse
        ],
        "not_found": [_cite_json(c) for c in doc.not_found],
    }


def _passage_json(doc: DocumentCoverage, p: Passage) -> dict:
    return {
        "number": p.number,
        "line": p.line,
        "kind": p.kind,
        "section": p.section,
        "start": p.start,
        "end": p.end,
        "chars": p.chars,
        "excerpt": source_passages.excerpt(p.shown, 160),
        "citations": [_cite_json(c) for c in doc.by_passage.get(p.number, ())],
    }


def _cite_json(c: Cited) -> dict:
    t = c.citer
    out: dict[str, object] = {"kind": t.kind, "id": t.id, "part": t.part}
    out |= {"scenarios": list(t.scenarios), "quote": c.quote}
    if c.found:
        out |= {"start": c.start, "end": c.end}
    return out
