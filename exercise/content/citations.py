"""Citations in every file: known bibliography keys, short quotes found verbatim in the source
texts, and narrative that is our own words rather than copied from them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from exercise.content.broken import SOURCE, Unchecked
from exercise.content.grounding import copied_passage, quote_found, words
from exercise.content.library import Loaded
from exercise.content.model import Library, Source
from exercise.content.yamlio import ContentError, Document

MAX_QUOTE_WORDS = 40

NodePath = tuple[str | int, ...]  # keys and list indexes from a document's root to one node
Problems = Iterator[ContentError]


def _citations(data: object, path: NodePath = ()) -> Iterator[tuple[NodePath, dict[str, Any]]]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "sources" and isinstance(v, list):
                for i, c in enumerate(v):
                    if isinstance(c, dict) and "quote" in c:
                        yield path + (k, i), c
            else:
                yield from _citations(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _citations(v, path + (i,))


NARRATIVE_KEYS = frozenset(
    {
        "body",
        "text",
        "briefing",
        "summary",
        "description",
        "readme",
        "label",
        "facilitator_notes",
        "questions",
        "learning_objectives",
        "brief",
        "notes",
    }
)


def _narrative(data: object, path: NodePath = ()) -> Iterator[tuple[NodePath, str]]:
    """Prose fields (our own words by rule); citations' quotes are skipped."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "sources":
                continue
            if k in NARRATIVE_KEYS and isinstance(v, str):
                yield path + (k,), v
            elif k in NARRATIVE_KEYS and isinstance(v, list):
                yield from ((path + (k, i), x) for i, x in enumerate(v) if isinstance(x, str))
            else:
                yield from _narrative(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _narrative(v, path + (i,))


def check_citations(loaded: Loaded, sources_dir: Path | None, unchecked: Unchecked) -> Problems:
    """Every citation's key and quote, and (with the source texts) narrative copied from them."""
    lib = loaded.library
    missing: set[str] = set()  # source texts already reported absent: said once, not per quote
    docs = list(loaded.docs.values()) + (
        [loaded.bibliography_doc] if loaded.bibliography_doc else []
    )
    for doc in docs:
        for path, cite in _citations(doc.data):
            yield from _check_citation(lib, doc, path, cite, sources_dir, missing, unchecked)
        if sources_dir is not None:
            yield from _check_narrative(doc, [sources_dir / s.file for s in lib.sources.values()])


def _check_citation(
    lib: Library,
    doc: Document,
    path: NodePath,
    cite: dict[str, Any],
    sources_dir: Path | None,
    missing: set[str],
    unchecked: Unchecked,
) -> Problems:
    key, quote = cite.get("key"), cite.get("quote", "")
    source = lib.sources.get(key) if isinstance(key, str) else None
    if source is None:
        owner = unchecked.owner(SOURCE, key) if isinstance(key, str) else None
        if owner is None or not isinstance(key, str):
            yield doc.error(path + ("key",), f"unknown bibliography key '{key}'")
        else:
            unchecked.skip(owner, key, doc, path + ("key",), False)
        return
    n_words = words(quote)
    if n_words > MAX_QUOTE_WORDS:
        yield doc.error(path + ("quote",), f"quote has {n_words} words; at most {MAX_QUOTE_WORDS}")
    if sources_dir is not None:
        yield from _check_quote(doc, path, source, quote, sources_dir, missing)


def _check_quote(
    doc: Document, path: NodePath, source: Source, quote: str, sources_dir: Path, missing: set[str]
) -> Problems:
    found = quote_found(sources_dir, source.file, quote)
    if found is None:
        if source.file not in missing:
            missing.add(source.file)
            yield doc.error(
                path + ("key",),
                f"source text {source.file} for '{source.key}' is not in {sources_dir}",
            )
    elif not found:
        owner = doc.data.get("id", "") or "quote"
        short = " ".join(quote.split()[:8])
        yield doc.error(
            path + ("quote",),
            f"{owner}: quote not found verbatim in '{source.key}' ({source.file}): \"{short}...\"",
        )


def _check_narrative(doc: Document, source_texts: list[Path]) -> Problems:
    owner = doc.data.get("id", "") or "text"
    for path, text in _narrative(doc.data):
        copied = copied_passage(text, source_texts)
        if copied:
            yield doc.error(
                path,
                f"{owner}: narrative copies a source word for word "
                f'("{copied}"); paraphrase it, or cite it as a quote',
            )
