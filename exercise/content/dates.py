"""In-world dates (YYYY, YYYY-MM or YYYY-MM-DD) as the spans of days they stand for.

Content dates come at three precisions, so "is this turn inside that window" is a question about
spans: the turn dated "2022" is the whole year, and only a window that covers all of it contains
it. Pure: the engine asks these questions when it draws a card.
"""

from __future__ import annotations

from calendar import monthrange

Day = tuple[int, int, int]


def first_day(date: str) -> Day:
    parts = [int(p) for p in date.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    return year, month, day


def last_day(date: str) -> Day:
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return parts[0], 12, 31
    if len(parts) == 2:
        return parts[0], parts[1], monthrange(parts[0], parts[1])[1]
    return parts[0], parts[1], parts[2]


def within(date: str, start: str = "", until: str = "") -> bool:
    """Every day of `date` lies from `start` to `until` (inclusive; "" leaves that end open)."""
    if start and first_day(date) < first_day(start):
        return False
    return not (until and last_day(date) > last_day(until))


def span_text(start: str, until: str) -> str:
    """'2015-10..2016-03', with an open end left blank: '2015-10..'."""
    return f"{start}..{until}"
