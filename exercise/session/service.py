"""The application service: open or create a session, run commands, answer queries.

Every command runs under the log's write lock: catch up with whatever other consoles appended,
decide on the fresh state, append durably, and only then update the in-memory state. So when
a caller gets events back, they are on disk.

Opening replays the log: it is the only truth (no cached state beside it). The engine's events
and evolve load once there is an event to fold, and its deciding half on the first command: a
console shows a session before anyone acts on it.

A console `attach()`es: which consoles have the file open, and when each was last seen, is kept
outside the chain (presence is not an event); the last console to close checkpoints the WAL, as
does every turn's end, so a file copied after the session holds everything.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from exercise.engine.state import UNSTARTED, State, Unstarted, copied
from exercise.session.gc_pause import collection_paused
from exercise.store import NotASession, SessionLog
from exercise.store.atomic import process_alive
from exercise.store.chain import decode_payload
from exercise.store.log import SessionFileError

if TYPE_CHECKING:
    from exercise.engine import events as ev

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_code() -> str:
    import secrets  # only a new session draws codes

    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def decode(row) -> ev.Event:
    from exercise.engine.events import from_payload

    return from_payload(row.kind, row.data())


FACILITATOR = "facilitator"  # the white cell: its presence role, and the holder of its code
_TURN_ENDS = (
    "TurnStarted",
    "SessionEnded",
)  # a checkpoint follows: a turn's end is a safe copy point


class Session:
    def __init__(
        self, log: SessionLog, clock: Callable[[], float] = time.time, start: State | None = None
    ):
        self.log = log
        self.clock = clock
        self._console: str | None = None
        self._seen: dict[str, float] = {}
        self._bots: Callable[..., list[ev.Event]] | None = None  # the engine loads on a command
        self._data_version = log.data_version()
        self._read_presence()
        self._kept_seq = start.seq if start is not None else -1  # the event the kept state is at
        # `start`: a state of this log's at some event (the start cache); the rest is folded in.
        first: State | Unstarted = start or UNSTARTED
        self.state: State = _fold(first, log.tuples(after=first.seq), log.path)[0]

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path | str,
        world: dict,
        *,
        seed: int,
        participants=(),
        codes=None,
        clock: Callable[[], float] = time.time,
    ) -> Session:
        from exercise.engine import commands as cmd
        from exercise.engine.decide import decide

        log = SessionLog(path, create=True)
        roles = world["scenario"]["roles"]
        if codes is None:
            from exercise.session.codes import draw_codes, holders

            # the teams', the facilitator's (the served white cell) and the observer's
            codes = draw_codes(holders(roles))
        start = cmd.StartSession(world, seed, tuple(participants), tuple(codes), at=clock())
        try:
            events = decide(UNSTARTED, start)
            log.transact(lambda _seq: [_row(e, start.at) for e in events])
            log.checkpoint()  # the file alone is a whole session from its first moment
        except BaseException:
            log.close()
            Path(path).unlink(missing_ok=True)
            raise
        session = cls(log, clock)
        if session.run_bots():  # the first turn's injects may be out already
            log.checkpoint()  # the file alone is a whole session from its first moment
        return session

    @classmethod
    def open(
        cls,
        path: Path | str,
        clock: Callable[[], float] = time.time,
        *,
        readonly: bool = False,
        cached: bool = False,
    ) -> Session:
        """`cached`: start from the state the facilitator console kept (session/start_cache.py),
        folding only the events after it; without a usable one, replay the whole log."""
        log = SessionLog(path, readonly=readonly)
        try:
            start = None
            if cached and not readonly:
                from exercise.session import start_cache

                start = start_cache.load(log)
            return cls(log, clock, start)
        except BaseException:
            log.close()
            raise

    def keep_start(self) -> bool:
        """Keep the current state for the next console start (see `open(cached=True)`)."""
        from exercise.session import start_cache

        if self.state.seq == self._kept_seq:  # started from it, nothing new since: no rewrite
            return True
        saved = start_cache.save(self.log, self.state)
        if saved:
            self._kept_seq = self.state.seq
        return saved

    def close(self) -> None:
        try:
            self.detach()
        finally:
            self.log.close()

    # -- presence (outside the chain) -----------------------------------------------------------
    def require_writable(self) -> None:
        """Refuse (NotASession) a file opened read-only: a console plays, it does not only read."""
        if self.log.readonly:
            raise NotASession(
                f"{self.path}: the file or its folder is read-only; it can be verified, reported "
                "and reviewed, not played (copy it to a writable folder to play on)"
            )

    def attach(self, role: str) -> None:
        """Record this connection as a console open for `role` (FACILITATOR for the white cell)."""
        self.require_writable()
        if self._console is not None:
            return
        host, pid = socket.gethostname(), os.getpid()
        self._console = f"{role}@{host}:{pid}:{id(self):x}"
        self.log.mark_open(self._console, role, host, pid, self.clock())

    def heartbeat(self) -> None:
        if self._console is not None:
            self.log.mark_seen(self._console, self.clock())

    def detach(self) -> None:
        """Mark this console closed; the last one open checkpoints the WAL into the file."""
        if self._console is None:
            return
        console, self._console = self._console, None
        host = socket.gethostname()
        gone = [
            p.console
            for p in self.log.presence()
            if p.closed is None
            and p.host == host
            and p.console != console
            and not process_alive(p.pid)
        ]
        if self.log.mark_closed(console, self.clock(), gone) == 0:
            self.log.checkpoint(truncate=True)

    def last_seen(self) -> dict[str, float]:
        """Role -> the last sign of life of its consoles (presence, joins, reads, decisions)."""
        seen = dict(self.state.seen)
        for role, at in self._seen.items():
            seen[role] = max(at, seen.get(role, at))
        return seen

    def _read_presence(self) -> None:
        seen: dict[str, float] = {}
        for p in self.log.presence():
            seen[p.role] = max(p.seen, seen.get(p.role, p.seen))
        self._seen = seen

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading --------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> list[ev.Event]:
        """Fold in events other consoles appended; cheap when nothing changed."""
        version = self.log.data_version()
        if not force and version == self._data_version:
            return []
        self._data_version = version
        self._read_presence()
        return self._catch_up()

    def _catch_up(self, upto: int | None = None) -> list[ev.Event]:
        rows = list(self.log.tuples(after=self.state.seq, upto=upto))
        if not rows:
            return []
        self.state, new = _fold(self.state, rows, self.log.path)
        return new

    def state_at(self, seq: int) -> State:
        """The state right after event `seq` (replay up to it)."""
        return _fold(UNSTARTED, self.log.tuples(upto=seq), self.log.path)[0]

    def rows(self, after: int = 0, upto: int | None = None):
        return self.log.rows(after, upto)

    def meta(self, key: str) -> str | None:
        """A note kept beside the log, outside the chain (e.g. what a fork was forked from)."""
        return self.log.meta(key)

    @property
    def path(self) -> Path:
        return self.log.path

    # -- writing --------------------------------------------------------------------------
    def execute(self, command) -> list[ev.Event]:
        """Decide and append durably, then let the bots decide what they now have to (each its
        own append); every event appended. engine.Refused (nothing written) on a broken rule."""
        produced = self._execute_one(command)
        produced += self.run_bots()
        if any(type(e).__name__ in _TURN_ENDS for e in produced):
            # after the bots' moves too: the file alone holds the turn's start
            self.log.checkpoint()
        return produced

    def run_bots(self) -> list[ev.Event]:
        """Bots decide what is pending (a file written by a version whose consoles ran them)."""
        if self.log.readonly:
            return []
        if self._bots is None:
            self._bots = _engine().bot_runner()
        return self._bots(lambda: self.state, self._execute_one)

    def _execute_one(self, command) -> list[ev.Event]:
        decide, evolve = _engine()[:2]
        at = self.clock()
        command_type: type = type(command)
        if _stamped(command_type):
            command = copied(command, at=at)  # a command has no __post_init__ to run again

        produced: list[ev.Event] = []

        def under_lock(last_seq: int):
            if last_seq != self.state.seq:  # another console appended since we last looked
                self._catch_up(upto=last_seq)
            produced[:] = decide(self.state, command)
            return [_row(e, at) for e in produced]

        self.log.transact(under_lock)
        for e in produced:
            self.state = evolve(self.state, e)
        # No re-read of data_version: SQLite leaves it unchanged by this connection's own commits.
        return produced

    # -- queries ------------------------------------------------------------------------------
    def code(self, role: str) -> str:
        return self.state.codes.get(role, "")

    def verify(self, visit=None):
        """(events checked, first bad seq or None, reason); `visit(row)` sees each row checked."""
        return self.log.verify(visit)

    def receipt(self) -> str:
        """'SEQ:HASH' of the chain's head: kept elsewhere, `ttx verify --head` checks a file
        against it."""
        seq, digest = self.log.tail()
        return f"{seq}:{digest}"


def _fold(
    state: State | Unstarted, rows, where: Path | str = "session"
) -> tuple[State, list[ev.Event]]:
    """The state after `rows`; NotASession if there is still no session after them."""
    rows = list(rows)
    if not rows:  # a start from the cache at the head: the events' modules need not load at all
        if isinstance(state, Unstarted):
            raise NotASession(f"{where}: the session log is empty")
        return state, []
    from exercise.engine.events import from_payload  # once, not per row as decode() would
    from exercise.engine.evolve import evolve

    new = []
    with collection_paused(len(rows)):
        for seq, _at, kind, _actor, payload, _hash in rows:
            try:
                e = from_payload(kind, decode_payload(payload))
                state = evolve(state, e)
            except Exception as exc:  # a file written by hand or damaged: named, no traceback
                raise SessionFileError(
                    f"{where}: event {seq} ({kind}) cannot be read: {type(exc).__name__}: "
                    f"{str(exc)[:200]}"
                ) from None
            new.append(e)
    if isinstance(state, Unstarted):
        raise NotASession(f"{where}: the session log is empty")
    return state, new


def _row(e: ev.Event, at: float) -> tuple[str, str, dict, str]:
    events = _engine().events
    return events.kind(e), events.actor_of(e), events.to_payload(e), iso(getattr(e, "at", at) or at)


class _Engine(NamedTuple):
    decide: Callable[..., list[ev.Event]]
    evolve: Callable[..., State]
    events: ModuleType
    bot_runner: Callable[[], Callable[..., list[ev.Event]]]


@functools.cache
def _engine() -> _Engine:
    """The engine's deciding half, loaded on the first command and looked up once: an import
    statement in a function costs a few microseconds on every call, and every append pays it."""
    from exercise.engine import events
    from exercise.engine.autoplay import BotRunner
    from exercise.engine.decide import decide
    from exercise.engine.evolve import evolve

    return _Engine(decide, evolve, events, BotRunner)


@functools.cache
def _stamped(command: type) -> bool:
    """Whether a command type carries a time, which the session sets as it runs the command."""
    return any(f.name == "at" for f in dataclasses.fields(command))
