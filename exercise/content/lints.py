"""Warnings for authors: content that loads and plays, but teaches less than it could.

- A flag some option sets that nothing reads (no trigger, end condition, option condition or
  discovery): the choice that sets it has no consequence unless the white cell invents one.
- A briefing a team sees that names a year after its scenario's start: it tells a team of, say,
  2015 what happens later. Checked for the scenario's own briefings and for the standing
  briefing of every role the scenario plays.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from exercise.content.marks import error_at
from exercise.content.model import Condition, Library, Scenario
from exercise.content.yamlio import ContentError, Document

Problems = Iterator[ContentError]
DocOf = Callable[[str, str], Document]

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def warning(error: ContentError) -> ContentError:
    error.warning = True  # type: ignore[attr-defined]
    return error


def is_warning(error: ContentError) -> bool:
    return bool(getattr(error, "warning", False))


def lint(lib: Library, doc_of: DocOf) -> list[ContentError]:
    return [warning(w) for w in (*_unread_flags(lib, doc_of), *_hindsight(lib, doc_of))]


def condition_flags(conditions: tuple[Condition, ...]) -> set[str]:
    """The flags conditions read, set or not."""
    return {c.flag or c.not_flag for c in conditions if c.flag or c.not_flag}


def flags_read(lib: Library) -> set[str]:
    read: set[str] = set()
    for inj in lib.injects.values():
        if inj.trigger is not None:
            read |= condition_flags(inj.trigger.when)
        for o in inj.options:
            read |= condition_flags(o.conditions())
    for sc in lib.scenarios.values():
        for end in sc.end_conditions:
            read |= condition_flags(end.when)
    return read


def _unread_flags(lib: Library, doc_of: DocOf) -> Problems:
    read = flags_read(lib)
    for inj in sorted(lib.injects.values(), key=lambda i: i.id):
        doc = doc_of("inject", inj.id)
        for n, o in enumerate(inj.options):
            for m, flag in enumerate(o.sets):
                if flag not in read:
                    yield error_at(
                        doc,
                        ("options", n, "sets", m),
                        f"flag '{flag}' is set but nothing reads it (a trigger, an end condition, "
                        "an option's requires/effects_if or a covert move's `when`)",
                    )
            for m, flag in enumerate(o.covert.sets if o.covert else ()):
                if flag not in read:
                    yield error_at(
                        doc,
                        ("options", n, "covert", "sets", m),
                        f"flag '{flag}' is set on discovery but nothing reads it",
                    )


def later_years(text: str, start: str) -> list[str]:
    """Years named in `text` after the year `start` (YYYY...) falls in."""
    first = int(start[:4])
    return sorted({y for y in _YEAR.findall(text) if int(y) > first})


def _hindsight(lib: Library, doc_of: DocOf) -> Problems:
    for sc in sorted(lib.scenarios.values(), key=lambda s: s.id):
        yield from _scenario_hindsight(lib, doc_of, sc)


def _scenario_hindsight(lib: Library, doc_of: DocOf, sc: Scenario) -> Problems:
    doc = doc_of("scenario", sc.id)
    start = sc.turns[0].date if sc.turns else sc.period[0]
    for role_id, briefing in sc.briefings:
        years = later_years(briefing.text, start)
        if years:
            yield error_at(
                doc,
                ("briefings", role_id, "text"),
                f"the {role_id} briefing names {', '.join(years)}, after the scenario opens "
                f"({start}): a team should not learn how the story goes on",
            )
    for role_id in sc.roles:
        role = lib.roles.get(role_id)
        years = later_years(role.briefing, start) if role is not None else []
        if years:
            yield error_at(
                doc_of("role", role_id),
                ("briefing",),
                f"the briefing names {', '.join(years)}, after scenario '{sc.id}' opens "
                f"({start}); keep the standing briefing timeless and put dated knowledge in the "
                "scenario's briefings",
            )
