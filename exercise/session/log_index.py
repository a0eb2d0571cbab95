"""The facilitator's log, read lazily: newest first, each row described only once it is asked for.

A log tab shows the newest lines that match its filter, so the rows are read backwards from
the head in chunks (by seq range) until enough match, and described as they are read; the
lines read stay, so each row is read and described at most once. A filter remembers what it
matched and how far down it looked: a longer needle narrows its matches instead of looking
again, a needle typed earlier picks up where it stopped, and new events are tested once, as
they come in. Only the filter that hits nothing reads the whole log, and only once.

Thread-safe: the console's workers share one index.
"""

from __future__ import annotations

import bisect
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from exercise.session.narrate import describe_row

if TYPE_CHECKING:
    from exercise.engine.state import State
    from exercise.store import Row

Line = tuple[int, str, str, str, str]  # seq, at, kind, actor, text
_Rec = tuple[int, str, str, str, str, str]  # a Line and what a filter looks in (lowered)

HIDDEN = frozenset({"TeamSeen"})  # a console's heartbeat: in the log, never in its tab
FIRST_READ = 512  # rows read on first look: a screenful of lines, and room for hidden ones
MAX_CHUNK = 8192  # reads double up to this, so a whole log takes few queries
RESTART_AFTER = 5000  # this many new rows at once: start again from the head, lazily
REMEMBERED = 8  # needles whose matches are kept (backspace returns to one)


@dataclass
class _Found:
    """What one needle matched among the lines with bottom < seq <= top, ascending."""

    top: int
    bottom: int
    recs: list[_Rec] = field(default_factory=list)


class LogIndex:
    """`state()`: the session's state now (its seq is the head; lines are described with it);
    `rows(after, upto)`: the log's rows in that seq range, ascending."""

    def __init__(
        self, state: Callable[[], State], rows: Callable[[int, int], Iterable[Row]]
    ) -> None:
        self._state = state
        self._read_rows = rows
        self._lock = threading.Lock()
        self._recs: list[_Rec] = []  # rows lo < seq <= hi, hidden kinds left out, ascending
        self._seqs: list[int] = []  # their seqs, for bisect
        self._lo = self._hi = -1  # nothing read yet
        self._filters: dict[str, _Found] = {}  # latest used last
        self._described: State | None = None

    def newest(
        self, needle: str = "", n: int = 300, cancelled: Callable[[], bool] = lambda: False
    ) -> list[Line] | None:
        """The newest `n` lines whose kind, actor or text contains `needle` (lower case),
        newest first; None when `cancelled()` said so before they were all found."""
        with self._lock:
            self._catch_up()
            if not needle:
                while len(self._recs) < n and self._lo > 0:
                    if cancelled():
                        return None
                    self._read_older()
                recs = self._recs[-n:]
            else:
                found = self._found(needle)
                while len(found.recs) < n and found.bottom > 0:
                    if cancelled():
                        return None
                    if found.bottom <= self._lo:
                        self._read_older()
                    self._look_down(found, needle, n)
                recs = found.recs[-n:]
            return [r[:5] for r in reversed(recs)]

    # -- reading --------------------------------------------------------------------------
    def _catch_up(self) -> None:
        state = self._state()
        self._described = state
        head = state.seq
        if self._hi < 0 or head - self._hi > RESTART_AFTER:  # first look, or far behind
            self._recs, self._seqs, self._filters = [], [], {}
            self._lo = self._hi = head
        elif head > self._hi:
            self._add(self._lines(self._hi, head), at_end=True)
            self._hi = head

    def _read_older(self) -> None:
        size = min(MAX_CHUNK, max(FIRST_READ, len(self._recs)))
        after = max(0, self._lo - size)
        self._add(self._lines(after, self._lo), at_end=False)
        self._lo = after

    def _lines(self, after: int, upto: int) -> list[_Rec]:
        state = self._described
        assert state is not None  # _catch_up ran first
        intern = sys.intern  # a few kinds and actors, repeated on every row
        out: list[_Rec] = []
        for row in self._read_rows(after, upto):
            if row.kind in HIDDEN:
                continue
            text = describe_row(row, state)
            kind, actor = intern(row.kind), intern(row.actor)
            # one string to look in: a needle cannot hold the newline that joins them
            hay = f"{kind}\n{actor}\n{text}".lower()
            out.append((row.seq, row.at, kind, actor, text, hay))
        return out

    def _add(self, recs: list[_Rec], *, at_end: bool) -> None:
        seqs = [r[0] for r in recs]
        if at_end:
            self._recs += recs
            self._seqs += seqs
        else:
            self._recs[:0] = recs
            self._seqs[:0] = seqs

    # -- filtering ------------------------------------------------------------------------
    def _found(self, needle: str) -> _Found:
        """The needle's matches so far, brought up to the head."""
        found = self._filters.pop(needle, None)
        if found is None:
            found = self._narrowed(needle) or _Found(self._hi, self._hi)
        self._filters[needle] = found
        while len(self._filters) > REMEMBERED:
            del self._filters[next(iter(self._filters))]
        if found.top < self._hi:  # new lines since it last looked
            start = bisect.bisect_right(self._seqs, found.top)
            found.recs += [r for r in self._recs[start:] if needle in r[5]]
            found.top = self._hi
        return found

    def _narrowed(self, needle: str) -> _Found | None:
        """From a needle it contains, the one that looked furthest down: a line the new needle
        matches is among its matches."""
        wider = [f for k, f in self._filters.items() if k in needle and f.top == self._hi]
        if not wider:
            return None
        best = min(wider, key=lambda f: f.bottom)
        return _Found(best.top, best.bottom, [r for r in best.recs if needle in r[5]])

    def _look_down(self, found: _Found, needle: str, n: int) -> None:
        """Test the lines in memory below `found.bottom`, newest first, until n match."""
        i = bisect.bisect_right(self._seqs, found.bottom)
        older: list[_Rec] = []
        want = n - len(found.recs)
        while i > 0 and len(older) < want:
            i -= 1
            rec = self._recs[i]
            if needle in rec[5]:
                older.append(rec)
        # it stopped at i: lines below it are untested (at 0: all in memory are tested)
        found.bottom = self._seqs[i] - 1 if i > 0 else self._lo
        older.reverse()
        found.recs[:0] = older
