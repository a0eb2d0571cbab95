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
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from exercise.engine import events as ev
from exercise.engine.evolve import evolve
from exercise.engine.messages import EVERY_TEAM
from exercise.engine.state import UNSTARTED, State, Unstarted
from exercise.session.gc_pause import collection_paused
from exercise.session.narrate import describe_row
from exercise.session.service import Session
from exercise.store import NotASession, Row, SessionLog
from exercise.store.chain import decode_payload
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


def _holds(rows: list[Sequence], seq: int) -> bool:
    """`rows` (a whole log, in order) reach event `seq`: a start state there can be used."""
    return len(rows) >= seq and rows[seq - 1][0] == seq


class Timeline:
    """The events of a session's log, or of `rows` (a whole log, in order: read once, so no
    session need replay it first); `where` names the log in errors.

    `start`: the log's own state at some event, as a console already holds it. The rows up to
    it are then read without folding them (their turn taken from the turns' starts), the teams
    an event concerns are worked out with the final state on the first filter by team, and the
    states between checkpoints are folded on the first step back before `start` (or ahead of
    it, by `fill_marks` in a worker): the timeline shows as soon as its rows are read."""

    def __init__(
        self,
        source: Session | Iterable[Sequence],
        where: Path | str = "session",
        start: State | None = None,
    ):
        rows = source.rows() if isinstance(source, Session) else source
        self.where = source.path if isinstance(source, Session) else where
        self._seqs: list[int] = []
        self._ats: list[str] = []
        self._kinds: list[str] = []
        self._actors: list[str] = []
        self._turns: list[int] = []
        self._roles: list[tuple[str, ...]] = []  # of the rows from `_unfolded` on
        self._payloads: list[str] = []  # as stored: decoded again only when shown or stepped
        self._marks: list[int] = [0]  # checkpoint seqs, and the states after them
        self._marked: list[State | Unstarted] = [UNSTARTED]
        self._unfolded = 0  # rows read without a fold (before `start`): no roles or marks yet
        self._lock = (
            threading.Lock()
        )  # the marks and `_last`: filled in a worker as the screen steps
        self._filled = True  # every checkpoint is kept (False while rows are unfolded)
        self._texts: dict[int, str] = {}  # position -> description, once shown
        rows = list(rows)
        if start is not None and start.started and _holds(rows, start.seq):
            self._read_unfolded(rows[: start.seq], start)
            self.final = self._fold(rows[start.seq :], start)
        else:
            self.final = self._fold(rows, UNSTARTED)
        self._last: tuple[int, State] = (self.final.seq, self.final)  # the last state asked for
        self.entries: Sequence[Entry] = _Entries(self)

    @classmethod
    def read(cls, path: Path | str) -> Timeline:
        """The timeline of a session file, read from one moment of it (a console may be
        appending) and never written: NotASession or SessionFileError as opening one says."""
        with SessionLog(path, readonly=True) as log, log.reading():
            return cls(log.tuples(), log.path)

    def _read_unfolded(self, rows: list[Sequence], start: State) -> None:
        turn = 0
        intern = sys.intern
        for seq, at, kind, actor, payload, *_ in rows:
            if kind == "TurnStarted":  # the only event that moves the turn on
                turn = self._decoded(seq, kind, payload)["turn"]
            self._seqs.append(seq)
            self._ats.append(at)
            self._kinds.append(intern(kind))
            self._actors.append(intern(actor))
            self._turns.append(turn)
            self._payloads.append(payload)
        self._unfolded = len(rows)
        self._filled = False
        self._marks.append(start.seq)
        self._marked.append(start)

    def _decoded(self, seq: int, kind: str, payload: str) -> dict:
        try:
            return decode_payload(payload)
        except Exception as exc:
            raise self._unreadable(seq, kind, exc) from None

    def _unreadable(self, seq: int, kind: str, exc: Exception) -> SessionFileError:
        return SessionFileError(
            f"{self.where}: event {seq} ({kind}) cannot be read: "
            f"{type(exc).__name__}: {str(exc)[:200]}"
        )

    def _fold(self, rows: list[Sequence], state: State | Unstarted) -> State:
        intern = sys.intern  # a few kinds, actors and role tuples, repeated on every row
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        with collection_paused(len(rows)):
            for seq, at, kind, actor, payload, *_ in rows:
                try:
                    e = ev.from_payload(kind, decode_payload(payload))
                    state = now = evolve(state, e)
                    roles = _roles_of(e, now)
                except Exception as exc:  # a file written by hand or damaged: named
                    raise self._unreadable(seq, kind, exc) from None
                self._seqs.append(seq)
                self._ats.append(at)
                self._kinds.append(intern(kind))
                self._actors.append(intern(actor))
                self._turns.append(now.turn)
                self._roles.append(shared.setdefault(roles, roles))
                self._payloads.append(payload)
                if seq % CHECKPOINT_EVERY == 0:
                    self._marks.append(seq)
                    self._marked.append(now)
        if isinstance(state, Unstarted):  # Session.open refuses an empty log; this one emptied
            raise NotASession(f"{self.where}: the session log is empty")
        return state

    def ready(self, seq: int) -> bool:
        """`state_at(seq)` folds a few hundred events at most: no wait for `fill_marks`."""
        return self._filled or seq >= self._marks[1]

    def fill_marks(self, stop: threading.Event | None = None) -> bool:
        """Fold the rows read unfolded, keeping their checkpoints: stepping back before the
        start state then folds a few events, not the log (a worker calls this after showing).
        The fold holds no lock, so the screen steps on after the start state meanwhile. False
        when `stop` was set before the fold was done (nothing kept: a later call starts again)."""
        if self._filled:
            return True
        start = self._marks[1]  # the start state's seq: checkpoints before it are missing
        state: State | Unstarted = UNSTARTED
        marks: list[int] = []
        marked: list[State | Unstarted] = []
        with collection_paused(self._unfolded):
            for i in range(self._unfolded):
                if stop is not None and stop.is_set():
                    return False
                try:
                    state = evolve(state, self._event(i))
                except SessionFileError:
                    raise
                except Exception as exc:  # read, but it does not apply: named all the same
                    raise self._unreadable(self._seqs[i], self._kinds[i], exc) from None
                seq = self._seqs[i]
                if seq % CHECKPOINT_EVERY == 0 and seq < start:
                    marks.append(seq)
                    marked.append(state)
        with self._lock:
            if not self._filled:  # another thread may have filled them meanwhile
                self._marks[1:1] = marks
                self._marked[1:1] = marked
                self._filled = True
        return True

    def _roles_at(self, i: int) -> tuple[str, ...]:
        missing = len(self._seqs) - len(self._roles)  # the rows read unfolded, until filtered
        if i >= missing:
            return self._roles[i - missing]
        return _roles_of(self._event(i), self.final)

    def _every_role(self) -> list[tuple[str, ...]]:
        """The teams each event concerns; for the rows read unfolded, worked out now with the
        final state (a decision's team and the world do not change along a log)."""
        if self._unfolded and len(self._roles) < len(self._seqs):
            shared: dict[tuple[str, ...], tuple[str, ...]] = {}
            head = []
            for i in range(self._unfolded):
                roles = _roles_of(self._event(i), self.final)
                head.append(shared.setdefault(roles, roles))
            self._roles[:0] = head
        return self._roles

    def __len__(self) -> int:
        return len(self._seqs)

    def _row(self, i: int) -> Row:
        at, kind, actor = self._ats[i], self._kinds[i], self._actors[i]
        return Row(self._seqs[i], at, kind, actor, self._payloads[i], "")  # no hash: not checked

    def _event(self, i: int) -> ev.Event:
        """The i-th event, decoded again; a damaged row named (one read unfolded is decoded
        here first)."""
        row = self._row(i)
        try:
            return ev.from_payload(row.kind, row.data())
        except Exception as exc:
            raise self._unreadable(row.seq, row.kind, exc) from None

    def entry(self, i: int) -> Entry:
        """The i-th event (0: the first), described with the final state (as good as the state it
        applies to: names come from the world, a decision's team from its first submission)."""
        text = self._texts.get(i)
        if text is None:
            try:
                text = self._texts[i] = describe_row(self._row(i), self.final)
            except Exception as exc:
                raise self._unreadable(self._seqs[i], self._kinds[i], exc) from None
        return Entry(
            self._seqs[i],
            self._ats[i],
            self._kinds[i],
            self._actors[i],
            self._turns[i],
            text,
            self._roles_at(i),
        )

    def state_at(self, seq: int) -> State:
        """The state right after event `seq` (1 or later: the first event starts the session)."""
        seq = max(seq, 1)
        if not self.ready(seq):  # before the start state
            self.fill_marks()
        with self._lock:
            k = bisect.bisect_right(self._marks, seq) - 1
            base, state = self._marks[k], self._marked[k]
            last_seq, last = self._last
            if base <= last_seq <= seq:  # on from the last state asked for: nearer, or as near
                base, state = last_seq, last
            start = bisect.bisect_right(self._seqs, base)
            stop = bisect.bisect_right(self._seqs, seq)
            for i in range(start, stop):
                state = evolve(state, self._event(i))
            assert isinstance(state, State)  # seq >= 1 folds at least the start
            self._last = (seq, state)
            return state

    def kinds(self) -> list[str]:
        return sorted(set(self._kinds))

    def filtered(self, role: str = "", turn: int = 0, kind: str = "") -> Sequence[int]:
        """The positions (see `entry`) of the events that pass the filters, in order."""
        if not (role or turn or kind):
            return range(len(self))
        columns = zip(self._every_role(), self._turns, self._kinds, strict=True)
        return [
            i
            for i, (roles, t, k) in enumerate(columns)
            if (not role or role in roles) and (not turn or t == turn) and (not kind or k == kind)
        ]


@contextmanager
def reviewing(path: Path | str, start: State | None = None) -> Iterator[tuple[Timeline, Session]]:
    """The timeline of a session file and the read-only session at its end, both from one
    moment of the file (a console may be appending): the session starts from the timeline's
    final state, so the log is folded once, or only after `start` (the log's own state at some
    event, as the console opening the review holds it). NotASession or SessionFileError as
    opening says."""
    log = SessionLog(path, readonly=True)
    try:
        with log.reading():
            timeline = Timeline(log.tuples(), log.path, start)
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
