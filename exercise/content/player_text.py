"""What the teams read stays in-world: no author citations, no notes meant for the facilitator.

The teams read an inject's title, body, questions and option labels as a document of its date.
The analyses the content is built on (the bibliography) were mostly written later, and naming
them there both breaks the fiction and, worse, lets a 2018 cable cite a 2025 study. Citations
belong in `sources` and `history`, cautions for the white cell in `facilitator_notes`.

The rule is kept narrow so that it does not fire on ordinary prose: the bibliography's own names
(the stem of each key, e.g. `giustozzi2025` -> Giustozzi, each author's full name, each
publisher), and a short list of phrases that only make sense outside the game.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from exercise.content.model import Inject, Library, Source
from exercise.content.yamlio import ContentError, Document

Problems = Iterator[ContentError]
DocOf = Callable[[str, str], Document]

# Phrases addressed to the facilitator or about the project's documents, never in-world.
OUT_OF_WORLD = (
    "facilitator",
    "white cell",
    "the documents",
    "the sources",
    "the same study",
    "dating note",
    "note on the sources",
    "this inject",
)
_KEY_STEM = re.compile(r"[a-z]+")
_PARENTHESIS = re.compile(r"\s*\(.*?\)")


def source_names(sources: dict[str, Source]) -> tuple[str, ...]:
    """How a text would cite each document: key stem, author and publisher (case as written)."""
    names: dict[str, None] = {}
    for s in sources.values():
        stem = _KEY_STEM.match(s.key)
        if stem and len(stem.group()) >= 4:
            names[stem.group().capitalize()] = None
        for name in (s.author, s.publisher):
            plain = _PARENTHESIS.sub("", name).strip()
            if plain and len(plain.split()) <= 4:  # a long organisation title is cited by its stem
                names[plain] = None
    return tuple(names)


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    cited = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    notes = "|".join(re.escape(p) for p in OUT_OF_WORLD)
    parts = [f"(?-i:\\b(?:{cited})\\b)"] if cited else []
    return re.compile("|".join([*parts, f"\\b(?:{notes})\\b"]), re.IGNORECASE)


def player_texts(inj: Inject) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, text) of everything a team reads of an inject."""
    yield ("title",), inj.title
    yield ("body",), inj.body
    for n, q in enumerate(inj.questions):
        yield ("questions", n), q
    for n, o in enumerate(inj.options):
        yield ("options", n, "label"), o.label
        if o.description:
            yield ("options", n, "description"), o.description


def check_player_text(lib: Library, doc_of: DocOf) -> Problems:
    names = source_names(lib.sources)
    pattern = _pattern(names)
    # A match needs one of these as a substring: a C-speed test spares most texts the regex.
    # Only for ASCII text, where lower() folds case exactly as the regex does.
    needles = tuple({n.lower() for n in (*names, *OUT_OF_WORLD)})
    for inj in lib.injects.values():
        for path, text in player_texts(inj):
            low = text.lower()
            if text.isascii() and not any(n in low for n in needles):
                continue
            found = pattern.search(text)
            if found:
                yield doc_of("inject", inj.id).error(
                    path,
                    f"{inj.id}: the teams read this, but it cites the documents or speaks to the "
                    f'facilitator ("{found.group()}"); move it to sources, history or '
                    "facilitator_notes",
                )
