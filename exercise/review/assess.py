"""Did a team's decision match what the inject expected of it?

An inject's `expected` entries describe, per role, what the real actor's choice implies a team
should do, optionally tied to one of the role's objectives. An entry may list the `options` that
count as doing it: then the verdict is exact. Without that list the verdict is read from the
wording: the chosen option matches when it is, among the options open to the role, the one whose
label and description share most words with the expected text, clearly ahead of the others.
That reading is marked `basis: "closest wording"` so the trainer knows to confirm it; when the
wording gives no basis (no shared words, two options too close to call) or the team wrote a
free action, the verdict is `not assessed`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from exercise.content.model import Expected, Inject, Option
from exercise.engine.state import Decision
from exercise.review.report_types import Expectation

MATCHED = "matched"
DEPARTED = "departed"
NOT_ASSESSED = "not assessed"
NO_EXPECTATION = "no expectation"
NO_DECISION = "no decision"

BASIS_OPTIONS = "listed options"
BASIS_WORDING = "closest wording"
BASIS_FREE = "free action"

_STOP = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "her",
        "his",
        "how",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "more",
        "most",
        "not",
        "now",
        "of",
        "on",
        "or",
        "our",
        "over",
        "own",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "very",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "you",
        "your",
        "rather",
        "before",
        "after",
        "every",
        "each",
        "any",
        "all",
    )
)
_WORD = re.compile(r"[^\W\d_]+")


_SUFFIXES = ("ing", "ed", "es", "s", "ly")
NEAR = 0.8  # options scoring within 80% of the best are too close to call


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:5]


def _stems(text: str) -> frozenset[str]:
    """Content words without a plural or tense ending, cut to five letters: a crude stem that
    joins keeps/keep, cooperate/cooperation, priority/prioritise, capitals/capital."""
    return frozenset(_stem(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP)


def _score(expected: frozenset[str], option: Option) -> float:
    words = _stems(f"{option.label} {option.description}")
    if not words:
        return 0.0
    return len(expected & words) / math.sqrt(len(words))


def assess_entry(
    entry: Expected, inject: Inject, role: str, option_id: str | None, text: str | None
) -> tuple[str, str]:
    """(verdict, basis) of one decision against one expected entry for its role."""
    options = entry.options
    if options:
        if option_id is None:
            return NOT_ASSESSED, BASIS_FREE
        return (MATCHED if option_id in options else DEPARTED), BASIS_OPTIONS
    if option_id is None:
        return NOT_ASSESSED, BASIS_FREE
    want = _stems(entry.text)
    scores = {o.id: _score(want, o) for o in inject.options if o.allowed_for(role)}
    if option_id not in scores:
        return NOT_ASSESSED, BASIS_WORDING
    best = max(scores.values())
    if best <= 0:
        return NOT_ASSESSED, BASIS_WORDING
    near = [oid for oid, s in scores.items() if s >= NEAR * best or math.isclose(s, best)]
    if option_id not in near:
        return DEPARTED, BASIS_WORDING
    return (MATCHED if near == [option_id] else NOT_ASSESSED), BASIS_WORDING


def assess(inject: Inject, role: str, decision: Decision | None) -> list[Expectation]:
    """One row per expected entry of `inject` for `role`: text, objective, verdict, basis."""
    out = []
    for entry in inject.expected:
        if entry.role != role:
            continue
        if decision is None:
            verdict, basis = NO_DECISION, ""
        else:
            verdict, basis = assess_entry(entry, inject, role, decision.option_id, decision.text)
        out.append(
            Expectation(
                text=entry.text,
                objective=entry.objective or None,
                options=tuple(entry.options),
                verdict=verdict,
                basis=basis,
            )
        )
    return out


def overall(rows: Sequence[Expectation]) -> str:
    """One verdict for a decision: matched if any expectation is met, departed if any is missed."""
    if not rows:
        return NO_EXPECTATION
    verdicts = {r.verdict for r in rows}
    for v in (MATCHED, DEPARTED, NO_DECISION):
        if v in verdicts:
            return v
    return NOT_ASSESSED
