"""The review's view of a log: every event, the state at any event, read once and fast.

One pass over the rows folds the log and keeps, per event, the few plain columns the review
filters on (kind, turn, the teams it concerns) and its payload as stored; an event is decoded
and described only when it is shown. States are kept at checkpoints, and the state at a chosen
event is stepped forward from the nearest checkpoint or from the last event chosen, whichever
is closer: moving along the timeline folds an event or two, not the log.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from exercise.engine import events as ev
from exercise.engine.evolve import evolve
from exercise.engine.messages import EVERY_TEAM
from exercise.engine.state import UNSTARTED, State, Unstarted
from exercise.session.narrate import describe_row
from exercise.session.service import Session
from exercise.store import NotASession, Row, SessionLog
from exercise.store.log import SessionFileError

CHECKPOINT_EVERY = 500


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    kind: str
    actor: str
    turn: int
    text: str
    roles: tuple[str, ...]  # the teams an entry concerns (for filtering)


def _roles_of(event: ev.Event, state: State) -> tuple[str, ...]:
    match event:
        case (
            ev.DecisionSubmitted()
            | ev.ObservationAdded()
            | ev.TeamJoined()
            | ev.TeamSeen()
            | ev.JoinRefused()
            | ev.InjectRead()
            | ev.ParticipantChanged()
        ) if event.role:
            return (event.role,)
        case ev.InjectReleased():
            inj = state.world.injects[event.inject_id]
            return state.world.played if inj.visibility == "public" else tuple(inj.audience)
        case ev.DecisionAmended() | ev.DecisionWithdrawn():
            d = state.decisions.get(event.decision_id)
            return (d.role,) if d else ()
        case ev.Adjudicated():
            return tuple(event.audience) or state.world.played
        case ev.MessageSent():
            if event.to == EVERY_TEAM:
                return state.world.played
            return tuple(r for r in (event.sender, event.to) if r in state.world.played)
        case ev.MessageRead() if event.reader in state.world.played:
            return (event.reader,)
    return ()


class Timeline:
    """The events of a session's log, or of `rows` (a whole log, in order: read once, so no
    session need replay it first); `where` names the log in errors."""

    def __init__(self, source: Session | Iterable[Row], where: Path | str = "session"):
        rows = source.rows() if isinstance(source, Session) else source
        self.where = source.path if isinstance(source, Session) else where
        self._seqs: list[int] = []
        self._ats: list[str] = []
        self._kinds: list[str] = []
        self._actors: list[str] = []
        self._turns: list[int] = []
        self._roles: list[tuple[str, ...]] = []
        self._payloads: list[str] = []  # as stored: decoded again only when shown or stepped
        self._marks: list[int] = [0]  # checkpoint seqs, and the states after them
        self._marked: list[State | Unstarted] = [UNSTARTED]
        self._texts: dict[int, str] = {}  # position -> description, once shown
        self.final: State = self._fold(rows)
        self._last: tuple[int, State] = (self.final.seq, self.final)  # the last state asked for
        self.entries: Sequence[Entry] = _Entries(self)

    @classmethod
    def read(cls, path: Path | str) -> Timeline:
        """The timeline of a session file, read from one moment of it (a console may be
        appending) and never written: NotASession or SessionFileError as opening one says."""
        with SessionLog(path, readonly=True) as log, log.reading():
            return cls(log.rows(), log.path)

    def _fold(self, rows: Iterable[Row]) -> State:
        state: State | Unstarted = UNSTARTED
        intern = sys.intern  # a few kinds, actors and role tuples, repeated on every row
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        for row in rows:
            try:
                e = ev.from_payload(row.kind, row.data())
                state = now = evolve(state, e)
                roles = _roles_of(e, now)
            except Exception as exc:  # a file written by hand or damaged: named, never a traceback
                raise SessionFileError(
                    f"{self.where}: event {row.seq} ({row.kind}) cannot be read: "
                    f"{type(exc).__name__}: {str(exc)[:200]}"
                ) from None
            self._seqs.append(row.seq)
            self._ats.append(row.at)
            self._kinds.append(intern(row.kind))
            self._actors.append(intern(row.actor))
            self._turns.append(now.turn)
            self._roles.append(shared.setdefault(roles, roles))
            self._payloads.append(row.payload)
            if row.seq % CHECKPOINT_EVERY == 0:
                self._marks.append(row.seq)
                self._marked.append(now)
        if isinstance(state, Unstarted):  # Session.open refuses an empty log; this one emptied
            raise NotASession(f"{self.where}: the session log is empty")
        return state

    def __len__(self) -> int:
        return len(self._seqs)

    def _row(self, i: int) -> Row:
        at, kind, actor = self._ats[i], self._kinds[i], self._actors[i]
        return Row(self._seqs[i], at, kind, actor, self._payloads[i], "")  # no hash: not checked

    def entry(self, i: int) -> Entry:
        """The i-th event (0: the first), described with the final state (as good as the state it
        applies to: names come from the world, a decision's team from its first submission)."""
        text = self._texts.get(i)
        if text is None:
            text = self._texts[i] = describe_row(self._row(i), self.final)
        return Entry(
            self._seqs[i],
            self._ats[i],
            self._kinds[i],
            self._actors[i],
            self._turns[i],
            text,
            self._roles[i],
        )

    def state_at(self, seq: int) -> State:
        """The state right after event `seq` (1 or later: the first event starts the session)."""
        seq = max(seq, 1)
        k = bisect.bisect_right(self._marks, seq) - 1
        base, state = self._marks[k], self._marked[k]
        last_seq, last = self._last
        if base <= last_seq <= seq:  # on from the last state asked for: nearer, or as near
            base, state = last_seq, last
        start = bisect.bisect_right(self._seqs, base)
        stop = bisect.bisect_right(self._seqs, seq)
        for i in range(start, stop):
            row = self._row(i)
            state = evolve(state, ev.from_payload(row.kind, row.data()))
        assert isinstance(state, State)  # seq >= 1 folds at least the start
        self._last = (seq, state)
        return state

    def kinds(self) -> list[str]:
        return sorted(set(self._kinds))

    def filtered(self, role: str = "", turn: int = 0, kind: str = "") -> Sequence[int]:
        """The positions (see `entry`) of the events that pass the filters, in order."""
        if not (role or turn or kind):
            return range(len(self))
        columns = zip(self._roles, self._turns, self._kinds, strict=True)
        return [
            i
            for i, (roles, t, k) in enumerate(columns)
            if (not role or role in roles) and (not turn or t == turn) and (not kind or k == kind)
        ]


@contextmanager
def reviewing(path: Path | str) -> Iterator[tuple[Timeline, Session]]:
    """The timeline of a session file and the read-only session at its end, both from one
    moment of the file (a console may be appending): the session starts from the timeline's
    final state, so the log is folded once. NotASession or SessionFileError as opening says."""
    log = SessionLog(path, readonly=True)
    try:
        with log.reading():
            timeline = Timeline(log.rows(), log.path)
            yield timeline, Session(log, start=timeline.final)
    finally:
        log.close()


class _Entries(Sequence[Entry]):
    """Every event of a timeline as an Entry, described when looked at."""

    def __init__(self, timeline: Timeline):
        self._timeline = timeline

    def __len__(self) -> int:
        return len(self._timeline)

    @overload
    def __getitem__(self, i: int) -> Entry: ...
    @overload
    def __getitem__(self, i: slice) -> list[Entry]: ...
    def __getitem__(self, i: int | slice) -> Entry | list[Entry]:
        n = len(self._timeline)
        if isinstance(i, slice):
            return [self._timeline.entry(j) for j in range(*i.indices(n))]
        if not -n <= i < n:
            raise IndexError(i)
        return self._timeline.entry(i % n)

    def __iter__(self) -> Iterator[Entry]:
        return (self._timeline.entry(i) for i in range(len(self._timeline)))
