"""Logic checks on time: real dates, a scenario's period and turns, what each turn brings.

Errors: a date that is not in the calendar (the schema's pattern lets 2018-02-30 through), a
period that ends before it starts, a turn dated outside its period, and a scheduled inject
dated after its turn. A turn stands for the stretch of time from its date until the next turn
opens (the last one until the period ends), so an inject of May belongs in a turn dated April
that runs to June; one dated on or after the next turn's date would report what has not
happened yet. Windows on injects and deck cards are checked in `windows`.

Warnings: a turn that gives some played role no scheduled private inject (the authoring
guide's rule), and a scenario whose `minutes` do not match its turns: the turns take longer
than the session, or fill less than half of it.
"""

from __future__ import annotations

from calendar import month_name, monthrange
from collections.abc import Iterator

from exercise.content.dates import Day, first_day, last_day, within
from exercise.content.library import Loaded
from exercise.content.marks import error_at
from exercise.content.model import Library, Scenario
from exercise.content.yamlio import ContentError, Document

Problems = Iterator[ContentError]


def check_turns(loaded: Loaded) -> list[ContentError]:
    lib = loaded.library
    out: list[ContentError] = []
    for (kind, _), doc in loaded.docs.items():
        out.extend(_real_dates(doc, kind))
    if loaded.bibliography_doc is not None:
        out.extend(_real_dates(loaded.bibliography_doc, "bibliography"))
    for sc in lib.scenarios.values():
        doc = loaded.docs[("scenario", sc.id)]
        out.extend(_check_period(doc, sc))
        out.extend(_check_scheduled_dates(lib, doc, sc))
    return out


def turn_warnings(loaded: Loaded) -> list[ContentError]:
    lib = loaded.library
    out: list[ContentError] = []
    for sc in lib.scenarios.values():
        doc = loaded.docs[("scenario", sc.id)]
        out.extend(_private_each_turn(lib, doc, sc))
        out.extend(_minutes(doc, sc))
    return out


# Dates the calendar has


def _date_fields(doc: Document, kind: str) -> Iterator[tuple[tuple[str | int, ...], object]]:
    data = doc.data
    if kind == "inject":
        yield ("date",), data.get("date")
        window = data.get("window")
        if isinstance(window, dict):
            yield ("window", "from"), window.get("from")
            yield ("window", "until"), window.get("until")
    elif kind == "scenario":
        period = data.get("period") or {}
        yield ("period", "start"), period.get("start")
        yield ("period", "end"), period.get("end")
        for n, turn in enumerate(data.get("turns") or ()):
            yield ("turns", n, "date"), turn.get("date")
    elif kind == "bibliography":
        for n, entry in enumerate(data.get("entries") or ()):
            yield ("entries", n, "date"), entry.get("date")


def impossible(date: str) -> str:
    """Why a schema-valid date is not in the calendar ("" when it is)."""
    parts = date.split("-")
    if len(parts) < 3:
        return ""
    year, month, day = (int(p) for p in parts)
    days = monthrange(year, month)[1]
    if day <= days:
        return ""
    return f"'{date}' is not a real date: {month_name[month]} {parts[0]} has {days} days"


def _real_dates(doc: Document, kind: str) -> Problems:
    for where, value in _date_fields(doc, kind):
        why = impossible(value) if isinstance(value, str) else ""
        if why:
            yield error_at(doc, where, why)


# The period and the turns in it


def _check_period(doc: Document, sc: Scenario) -> Problems:
    start, end = sc.period
    if last_day(end) < first_day(start):
        yield error_at(
            doc, ("period", "end"), f"the period ends ({end}) before it starts ({start})"
        )
        return
    for n, turn in enumerate(sc.turns):
        if not within(turn.date, start, end):
            yield error_at(
                doc,
                ("turns", n, "date"),
                f"turn {turn.number} is dated {turn.date}, outside the scenario's period "
                f"({start} to {end})",
            )


def _turn_ends(sc: Scenario) -> list[tuple[Day, str]]:
    """For each turn, the first day that is no longer part of it, and how to say so."""
    ends: list[tuple[Day, str]] = []
    for n, turn in enumerate(sc.turns):
        following = sc.turns[n + 1] if n + 1 < len(sc.turns) else None
        if following is not None and first_day(following.date) > first_day(turn.date):
            ends.append(
                (first_day(following.date), f"turn {following.number} opens ({following.date})")
            )
        else:
            # The last turn lasts to the end of the period (or of its own date, if that is
            # later: a turn outside the period is reported as such). (y, m, 32) sorts after
            # every day of the month: the first day past it, as a bound.
            year, month, day = max(last_day(sc.period[1]), last_day(turn.date))
            ends.append(((year, month, day + 1), f"the period ends ({sc.period[1]})"))
    return ends


def _check_scheduled_dates(lib: Library, doc: Document, sc: Scenario) -> Problems:
    if last_day(sc.period[1]) < first_day(sc.period[0]):
        return  # a period that ends before it starts says nothing about when turns end
    ends = _turn_ends(sc)
    for n, (turn, ids) in enumerate(sc.schedule):
        if not 1 <= turn <= len(sc.turns):
            continue  # reported as out of range by the cross-reference checks
        limit, words = ends[turn - 1]
        for m, inj_id in enumerate(ids):
            inj = lib.injects.get(inj_id)
            # An inject with a window is held to it, turn by turn, in `windows`.
            if inj is None or inj.window is not None or first_day(inj.date) < limit:
                continue
            date = sc.turns[turn - 1].date
            yield error_at(
                doc,
                ("schedule", n, "injects", m),
                f"'{inj_id}' is dated {inj.date}, after turn {turn} ({date}), which lasts until "
                f"{words}: scheduled in it, the inject would report what has not happened yet",
            )


# What each turn brings, and how long it all takes


def private_gaps(lib: Library, sc: Scenario) -> list[tuple[int, list[str]]]:
    """(turn number, played roles given no scheduled private inject that turn), for each turn
    that leaves some role out."""
    told: dict[int, set[str]] = {}
    for number, ids in sc.schedule:
        for inj_id in ids:
            inj = lib.injects.get(inj_id)
            if inj is not None and inj.visibility == "private":
                told.setdefault(number, set()).update(inj.audience)
    gaps = []
    for turn in sc.turns:
        missing = [r for r in sc.roles if r not in told.get(turn.number, ())]
        if missing:
            gaps.append((turn.number, missing))
    return gaps


def _private_each_turn(lib: Library, doc: Document, sc: Scenario) -> Problems:
    entry: dict[int, int] = {}  # turn number -> its first schedule entry
    for n, (turn, _) in enumerate(sc.schedule):
        entry.setdefault(turn, n)
    for number, missing in private_gaps(lib, sc):
        where = ("schedule", entry[number]) if number in entry else ("turns", number - 1)
        names = ", ".join(missing)
        yield error_at(
            doc,
            where,
            f"turn {number} gives no scheduled private inject to {names}: every played role "
            "should get at least one every turn",
        )


def _minutes(doc: Document, sc: Scenario) -> Problems:
    per_turn = sum(p.minutes for p in sc.phases)
    play = per_turn * len(sc.turns)
    turns = f"{len(sc.turns)} turn{'s' if len(sc.turns) != 1 else ''} of {per_turn} minutes"
    if play > sc.minutes:
        yield error_at(
            doc,
            ("minutes",),
            f"the scenario says it runs {sc.minutes} minutes, but its {turns} take {play}: "
            "raise `minutes` or shorten the phases",
        )
    elif play * 2 < sc.minutes:
        yield error_at(
            doc,
            ("minutes",),
            f"the scenario says it runs {sc.minutes} minutes, but its {turns} take only {play}, "
            f"leaving {sc.minutes - play} for the opening and the hot wash: check `minutes` "
            "against the phases",
        )
