"""Near-duplicate injects across scenarios: one episode told twice, in two folders.

Two scenarios that tell the same episode in injects of their own let the tellings drift apart
(another date, other facts), and a facilitator running both never knows which is right. When two
injects that no scenario uses together look like one episode, `ttx validate` warns at the second
(by file path) and names the first, so that the author keeps one inject and lists it in both
scenarios. They look like one episode when

- their titles and bodies share most of their word triples (a copy, edited a little), or
- their titles share more than half their words and they cite two passages in common, or
- their titles are all but the same and they cite a passage in common.

A passage is cited in common when two quotes share a run of words (the same sentence, cut a
little longer or shorter). Quotes alone are no sign: the documents are few, and many injects on
different episodes cite the same passages. Injects meant to be alike (a counterfactual retelling
of a documented episode, the same kind of event in another period) say so with `alike: [id]`,
on either side, and are not warned of.

Cheap on thousands of injects: each inject's title words and quotes' word runs are put in an
inverted index, and only injects that share an entry few others have (COMMON injects for a run,
RARE_TITLE_WORD titles for a word) are compared, never all pairs; a passage or word that common
is ground many injects share, not a sign of a duplicate. So a copy is found when it kept a rare
title word or a quote of the original, and its body is read only then.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from itertools import combinations, compress
from typing import NamedTuple

from exercise.content.library import Loaded
from exercise.content.marks import error_at, mark
from exercise.content.model import Inject, Library
from exercise.content.yamlio import ContentError

COPY = 0.5  # share of title and body word triples two injects have in common
TITLE_ALIKE = 0.5  # share of title words, to be exceeded, with two passages in common
TITLE_SAME = 0.8  # share of title words, with one passage in common
RUN = 8  # words in a row that make two quotes the same passage
ANCHOR = 7  # a run is indexed from each word of at least this many letters (see _runs)
COMMON = 12  # a run of a quote more injects cite than this starts no comparison
RARE_TITLE_WORD = 3  # nor does a title word more injects' titles have than this
KEPT = 0.25  # share of title words a copy keeps, unless it keeps the quotes (two, or all)

# Punctuation splits words (so `Iran's` is `iran s` on both sides): str.translate and split, at C
# speed, where a regular expression took most of the check's time.
_SEPARATORS = str.maketrans(dict.fromkeys(string.punctuation + "‘’‚‛“”„‟–—―…«»", " "))
# Words too common in titles to say two are alike.
_SMALL = frozenset(
    "the and for with from into over its his her their our your this that than are was were "  # noqa: SIM905
    "has have had not but who what why how can will may".split()
)

Key = tuple[str, ...]


class _Inject(NamedTuple):
    """What the comparison reads of one inject."""

    inj: Inject
    scenarios: frozenset[str]
    title: frozenset[str]  # its title's words, small ones left out
    quotes: tuple[frozenset[Key], ...]  # each quote's indexed runs


class Pair(NamedTuple):
    """Two injects that look like one episode; `second` is warned of, naming `first`."""

    first: str
    second: str
    reason: str


def words(text: str) -> list[str]:
    return text.lower().translate(_SEPARATORS).split()


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in words(title) if len(w) > 2 and w not in _SMALL)


def _runs(quote: str) -> frozenset[Key]:
    """The quote's runs of RUN words that start at a long word: two quotes of one passage share
    a run whenever their common stretch holds a long word RUN words before its end, and indexing
    only those keeps the index small. A quote shorter than a run is one key of its own."""
    ws = words(quote)
    if len(ws) <= RUN:
        return frozenset((tuple(ws),)) if ws else frozenset()
    every = zip(*(ws[k:] for k in range(RUN)), strict=False)  # the run starting at each word
    runs = frozenset(compress(every, [len(w) >= ANCHOR for w in ws]))
    return runs or frozenset((tuple(ws[:RUN]),))


def _quotes(inj: Inject) -> list[str]:
    quotes = [c.quote for c in inj.sources]
    if inj.history is not None:
        quotes += [c.quote for c in inj.history.sources]
    return quotes


def _users(lib: Library) -> dict[str, set[str]]:
    """Inject id -> the scenarios that can release it."""
    users: dict[str, set[str]] = {}
    for scenario in lib.scenarios.values():
        for inj_id in lib.world_inject_ids(scenario):
            users.setdefault(inj_id, set()).add(scenario.id)
    return users


def near_duplicates(loaded: Loaded) -> list[Pair]:
    """Every pair of injects, used by scenarios none of which uses both, that look like one
    episode and are not marked alike."""
    lib = loaded.library
    if len(lib.scenarios) < 2:
        return []
    seen, index = _read(loaded, _users(lib))
    texts = _Texts({k for k, ids in index.items() if len(ids) > COMMON and not isinstance(k, str)})
    out = []
    for a, b in sorted(_candidates(index, seen)):
        reason = _alike(seen[a], seen[b], texts)
        if reason and not _marked(loaded, a, b):
            out.append(Pair(a, b, reason))
    return out


def _read(
    loaded: Loaded, users: dict[str, set[str]]
) -> tuple[dict[str, _Inject], dict[Key | str, list[str]]]:
    """What is compared of each inject some scenario uses, and the index of its title words and
    quote runs (each list of ids in the order of the files)."""
    lib = loaded.library
    seen: dict[str, _Inject] = {}
    index: dict[Key | str, list[str]] = {}
    runs: dict[str, frozenset[Key]] = {}  # quote -> its runs: many injects cite the same quotes
    titles: dict[str, frozenset[str]] = {}
    paths = {i: loaded.docs[("inject", i)].path for i in users if i in lib.injects}
    for inj_id in sorted(paths, key=paths.__getitem__):
        inj = lib.injects[inj_id]
        quotes = []
        for text in _quotes(inj):
            found = runs.get(text)
            if found is None:
                found = runs[text] = _runs(text)
            if found:
                quotes.append(found)
        title = titles.get(inj.title)
        if title is None:
            title = titles[inj.title] = _title_words(inj.title)
        seen[inj_id] = _Inject(inj, frozenset(users[inj_id]), title, tuple(quotes))
        for word in title:
            index.setdefault(word, []).append(inj_id)
        for found in quotes:
            for run in found:
                index.setdefault(run, []).append(inj_id)
    return seen, index


class _Texts:
    """What a comparison reads beyond the two injects: the runs of quotes too many injects cite
    to say anything, and each inject's word triples, made when first needed (bodies cost most)."""

    def __init__(self, common: set[Key]):
        self.common = common
        self._triples: dict[str, frozenset[Key]] = {}

    def triples(self, inj: Inject) -> frozenset[Key]:
        found = self._triples.get(inj.id)
        if found is None:
            ws = words(f"{inj.title} {inj.body}")
            found = self._triples[inj.id] = frozenset(zip(ws, ws[1:], ws[2:], strict=False))
        return found


def _candidates(
    index: dict[Key | str, list[str]], seen: dict[str, _Inject]
) -> set[tuple[str, str]]:
    """Pairs sharing an index entry few injects have, used by no scenario together, in the
    order of their files."""
    pairs: set[tuple[str, str]] = set()
    for key, ids in index.items():
        if 1 < len(ids) <= (RARE_TITLE_WORD if isinstance(key, str) else COMMON):
            for a, b in combinations(dict.fromkeys(ids), 2):
                if not seen[a].scenarios & seen[b].scenarios:
                    pairs.add((a, b))
    return pairs


def _jaccard(a: frozenset, b: frozenset) -> float:
    common = len(a & b)  # the union's size from the sizes: no third set is built
    return common / (len(a) + len(b) - common) if a or b else 0.0


def _in_common(a: _Inject, b: _Inject, common: set[Key] | frozenset[Key] = frozenset()) -> int:
    """Passages both cite: quotes of each that share a run with a quote of the other (a run
    other than the `common` ones)."""
    theirs = frozenset().union(*b.quotes) - common
    ours = frozenset().union(*a.quotes) - common
    return min(sum(1 for q in a.quotes if q & theirs), sum(1 for q in b.quotes if q & ours))


def _alike(a: _Inject, b: _Inject, texts: _Texts) -> str:
    """Why the two look like one episode, or ""."""
    title = _jaccard(a.title, b.title)
    shared = _in_common(a, b)
    if title >= TITLE_SAME and shared >= 1:
        return f"the same title and {_passages(shared)} cited by both"
    if title > TITLE_ALIKE and shared >= 2:
        return f"titles alike ({title:.0%} of their words) and {_passages(shared)} cited by both"
    # A copy keeps some of its title, or its quotes (two, or all it has) beyond common ground.
    if title < KEPT and _in_common(a, b, texts.common) < min(2, len(a.quotes), len(b.quotes)):
        return ""
    text = _jaccard(texts.triples(a.inj), texts.triples(b.inj))
    if text >= COPY:
        return f"{text:.0%} of their title and body word sequences in common"
    return ""


def _passages(n: int) -> str:
    return f"{n} passage{'s' if n != 1 else ''}"


def _marked(loaded: Loaded, a: str, b: str) -> bool:
    return b in _alike_ids(loaded, a) or a in _alike_ids(loaded, b)


def _alike_ids(loaded: Loaded, inj_id: str) -> Iterable[str]:
    marked = loaded.docs[("inject", inj_id)].data.get("alike") or ()
    return marked if isinstance(marked, list) else ()


def near_duplicate_warnings(loaded: Loaded) -> list[ContentError]:
    """One warning per pair, at the second inject's title, naming the first."""
    out = []
    users = _users(loaded.library)
    for pair in near_duplicates(loaded):
        first = loaded.docs[("inject", pair.first)]
        second = loaded.docs[("inject", pair.second)]
        line, _ = mark(first, ("title",))
        scenarios = ", ".join(sorted(users[pair.first]))
        out.append(
            error_at(
                second,
                ("title",),
                f"near duplicate of {first.path}:{line} ('{pair.first}', in {scenarios}): "
                f"{pair.reason}. The same episode told twice? Keep one inject and list it in "
                f"both scenarios, or mark them as meant to be alike with "
                f"`alike: [{pair.first}]`",
            )
        )
    return out
