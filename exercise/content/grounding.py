"""Check that every quote occurs verbatim in the document it cites."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u00ad": None,
        "\u200b": None,
        "\u2026": "...",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def words(text: str) -> int:
    return len(text.split())


def default_sources_dir(explicit: str | None = None) -> Path | None:
    """--sources, else TTX_SOURCES, else ../shared/sources when it exists."""
    for candidate in (explicit, os.environ.get("TTX_SOURCES")):
        if candidate:
            return Path(candidate)
    return None


@cache
def _normalised_text(path: str) -> str:
    return normalise(Path(path).read_text("utf-8", errors="replace"))


def quote_found(sources_dir: Path, file_name: str, quote: str) -> bool | None:
    """True/False, or None when the text is not available."""
    path = sources_dir / file_name
    if not path.is_file():
        return None
    return normalise(quote) in _normalised_text(str(path.resolve()))


COPY_WORDS = 10  # this many consecutive words shared with a source is copying, not paraphrase
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise(text).lower())


@cache
def _ngrams(path: str) -> frozenset[tuple[str, ...]]:
    words = _words(Path(path).read_text("utf-8", errors="replace"))
    return frozenset(tuple(words[i : i + COPY_WORDS]) for i in range(len(words) - COPY_WORDS + 1))


def copied_passage(text: str, source_paths: list[Path]) -> str | None:
    """The first run of COPY_WORDS words `text` shares verbatim with a source, or None."""
    words = _words(text)
    if len(words) < COPY_WORDS:
        return None
    grams = [_ngrams(str(p.resolve())) for p in source_paths if p.is_file()]
    for i in range(len(words) - COPY_WORDS + 1):
        gram = tuple(words[i : i + COPY_WORDS])
        if any(gram in g for g in grams):
            return " ".join(gram)
    return None
