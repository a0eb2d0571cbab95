"""`ttx report --anonymise`: the report with every person's name replaced, throughout.

Scope: every name the log records as a person's — of a decision and its amendments, a
message, an estimate, an answer of feedback, an observation (observers and evaluators), a
ruling voided or another correction, an inject written in session (the white cell's members) —
becomes "Participant 1", "Participant 2"... numbered in the order the report first names them;
the same name is the same participant everywhere, and wherever it appears as a whole word in
free text (rationales, narratives, reasons, observations, feedback, messages, the timeline's
descriptions) it is replaced too. The team consoles' client names (often a person's laptop)
become "Console 1", "Console 2"... What is not a person stays: team names, "control",
"facilitator", "bot". A name typed in free text that the log never records as an author cannot
be recognised and stays: read the text before it travels.

It works on the typed report (any field named as a person's below, at any depth), so the
Markdown, HTML and JSON renderings are anonymised alike.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import Any

from exercise.review.report_types import Report

PEOPLE = frozenset(("author", "by", "written_by"))  # fields holding a person's name
CLIENTS = "clients"  # the team consoles' client names
FREE_TEXT = frozenset(
    (
        "text",
        "rationale",
        "narrative",
        "reason",
        "worked",
        "improve",
        "reasoning",
        "what",
        "issue",
        "context",
        "prompt",
        "corrective_action",
    )
)
NOT_PEOPLE = frozenset(("", "control", "facilitator", "bot", "white cell", "the white cell"))
SCOPE = (
    "every person's name (decision, message, estimate and feedback authors, observers, the "
    "white cell's members) is replaced by 'Participant n', in free text too, and the team "
    "consoles' client names by 'Console n'; names never recorded as an author are not found"
)
MIN_IN_TEXT = 2  # a one-letter name is not looked for in free text


class _Names:
    """A stable number per name, in the order first met."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.numbers: dict[str, int] = {}

    def __call__(self, name: str) -> str:
        if name not in self.numbers:
            self.numbers[name] = len(self.numbers) + 1
        return f"{self.word} {self.numbers[name]}"


def anonymised(report: Report) -> Report:
    """`report` with its people's names replaced (see the module's scope), and saying so."""
    not_people = NOT_PEOPLE | {r.role for r in report.overview.roles}
    people, consoles = _Names("Participant"), _Names("Console")
    _walk(report, "", lambda field, value: _collect(field, value, not_people, people, consoles))
    pattern = _pattern(n for n in people.numbers if len(n) >= MIN_IN_TEXT)

    def swap(field: str, value: str) -> str:
        if field in PEOPLE:
            return people(value) if value in people.numbers else value
        if field == CLIENTS:
            return consoles(value) if value in consoles.numbers else value
        if field in FREE_TEXT and pattern is not None:
            return pattern.sub(lambda hit: people(_known(hit.group(0), people)), value)
        return value

    out = _rebuild(report, "", swap)
    assert isinstance(out, Report)
    return dataclasses.replace(out, anonymised=SCOPE)


def _collect(field: str, value: str, not_people: frozenset[str], people, consoles) -> None:
    if field in PEOPLE and value.strip().lower() not in not_people:
        people(value)
    elif field == CLIENTS and value:
        consoles(value)


def _pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(names), key=len, reverse=True)  # "Ann Lee" before "Ann"
    if not ordered:
        return None
    alternatives = "|".join(re.escape(n) for n in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _known(text: str, people: _Names) -> str:
    """The recorded spelling of a name found in free text in another case."""
    return next((n for n in people.numbers if n.lower() == text.lower()), text)


def _walk(value: Any, field: str, see: Callable[[str, str], None]) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), f.name, see)
    elif isinstance(value, list | tuple):
        for v in value:
            _walk(v, field, see)
    elif isinstance(value, dict):
        for v in value.values():
            _walk(v, field, see)
    elif isinstance(value, str):
        see(field, value)


def _rebuild(value: Any, field: str, swap: Callable[[str, str], str]) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _rebuild(getattr(value, f.name), f.name, swap)
            for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_rebuild(v, field, swap) for v in value)
    if isinstance(value, list):
        return [_rebuild(v, field, swap) for v in value]
    if isinstance(value, dict):
        return {k: _rebuild(v, field, swap) for k, v in value.items()}
    if isinstance(value, str):
        return swap(field, value)
    return value
