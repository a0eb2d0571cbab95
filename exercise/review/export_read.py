"""One read of a session file for the analysts' export and the cohort: every row is checked
against the hash chain, decoded into the engine's events and folded, in one pass over one
moment of the file (a console may be appending), as `report_model.report_of_file` reads it.

A file whose chain is broken is still read (the report does the same): `Chain.verified` says
so, and every table and cohort marks the session as not verified. A file that is not a session,
or whose rows cannot be decoded, raises the store's SessionFileError naming it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from exercise.engine import events as ev
from exercise.engine.state import UNSTARTED, State
from exercise.session.fork import FORKED_FROM
from exercise.session.service import _fold as fold_rows  # the one fold of a log, its errors named
from exercise.store import Row, SessionLog
from exercise.store.chain import ChainCheck

E = TypeVar("E")

# Events that move the turn a later event happens in (a phase undone may go back into a turn).
_TURN_MOVES = (ev.TurnStarted, ev.PhaseUndone)


@dataclass(frozen=True)
class Chain:
    """What checking the hash chain found, as the report tells it."""

    checked: int
    first_bad: int | None
    reason: str
    receipt: str  # "SEQ:HASH" of the last row read
    verified: bool


@dataclass
class SessionRead:
    """A session as read once: its final state, and every row beside its decoded event and the
    turn it happened in. `id` names the session in every table and chart."""

    id: str
    path: Path
    state: State
    rows: list[Row]
    events: list[ev.Event]
    turns: list[int]  # the turn each event happened in (0 before the first turn)
    chain: Chain
    origin: dict | None  # {file, seq, hash, events} of the session it was forked from
    _index: dict[type, list[int]] = field(default_factory=dict, repr=False)

    def of(self, kind: type[E]) -> Iterator[tuple[Row, int, E]]:
        """(row, turn, event) of every event of type `kind`, in log order."""
        for n in self._indexed().get(kind, ()):
            yield self.rows[n], self.turns[n], cast(E, self.events[n])

    def of_any(self, *kinds: type) -> Iterator[tuple[Row, int, ev.Event]]:
        """(row, turn, event) of every event of any of these types, in log order."""
        index = self._indexed()
        for n in sorted(n for kind in kinds for n in index.get(kind, ())):
            yield self.rows[n], self.turns[n], self.events[n]

    def _indexed(self) -> dict[type, list[int]]:
        if not self._index:
            for n, event in enumerate(self.events):
                self._index.setdefault(type(event), []).append(n)
        return self._index


def read_session(path: Path | str, session_id: str) -> SessionRead:
    """The session in `path`, read once and never written. SessionFileError (NotASession for a
    file that is not a session) names the file when it cannot be read."""
    with SessionLog(path, readonly=True) as log:
        check = ChainCheck()
        with log.reading():
            rows = list(log.rows())  # (the fold would make a list of them anyway)
            for row in rows:
                check.see(row)  # past a broken link the rows are still read, as the report does
            count, bad, reason = log.verdict(check)
            origin = log.meta(FORKED_FROM)
        state, events = fold_rows(UNSTARTED, rows, log.path)
    chain = Chain(
        checked=count,
        first_bad=bad,
        reason=reason,
        receipt=f"{rows[-1].seq}:{rows[-1].hash}",
        verified=bad is None and count == state.seq,
    )
    return SessionRead(
        id=session_id,
        path=Path(path),
        state=state,
        rows=rows,
        events=events,
        turns=_turns(events),
        chain=chain,
        origin=json.loads(origin) if origin else None,
    )


def _turns(events: list[ev.Event]) -> list[int]:
    out = []
    turn = 0
    for event in events:
        if isinstance(event, _TURN_MOVES):
            turn = event.turn
        out.append(turn)
    return out


def session_ids(paths: Sequence[Path]) -> list[str]:
    """A short, unique name for each file: its stem; where two stems are the same, its folder's
    name and the stem; where even those repeat, a ~2, ~3... after them (in the order given)."""
    stems = Counter(p.stem for p in paths)
    named = [f"{p.resolve().parent.name}/{p.stem}" if stems[p.stem] > 1 else p.stem for p in paths]
    taken: set[str] = set()
    out: list[str] = []
    for name in named:
        unique, n = name, 1
        while unique in taken:
            n += 1
            unique = f"{name}~{n}"
        taken.add(unique)
        out.append(unique)
    return out
