"""The application service: open or create a session, run commands, answer queries.

Every command runs under the log's write lock: catch up with whatever other consoles appended,
decide on the fresh state, append durably, and only then update the in-memory state. So when
a caller gets events back, they are on disk.

Opening starts from the cached snapshot when it is valid (see snapshot.py) and folds only the
events after it. The engine's events and evolve load once there is an event to fold, and its
deciding half on the first command: a console shows a session before anyone acts on it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.engine.state import State
from exercise.session import snapshot
from exercise.store import NotASession, SessionLog

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


class Session:
    def __init__(self, log: SessionLog, clock: Callable[[], float] = time.time):
        self.log = log
        self.clock = clock
        self.state = State()
        self._data_version = -1
        cached = log.snapshot(snapshot.engine_key())
        if cached is not None:
            self.state = snapshot.load(cached[1]) or self.state
        self._snapshot_seq = self.state.seq
        self.refresh(force=True)
        if not self.state.started:
            raise NotASession(f"{log.path}: the session log is empty")
        self._keep_snapshot()

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, world: dict, *, seed: int, participants=(), codes=None,
               clock: Callable[[], float] = time.time) -> Session:
        from exercise.engine import commands as cmd
        from exercise.engine.decide import decide

        log = SessionLog(path, create=True)
        roles = world["scenario"]["roles"]
        codes = codes if codes is not None else tuple((r, new_code()) for r in roles)
        start = cmd.StartSession(world, seed, tuple(participants), tuple(codes), at=clock())
        try:
            events = decide(State(), start)
            log.transact(lambda _seq: [_row(e, start.at) for e in events])
        except BaseException:
            log.close()
            Path(path).unlink(missing_ok=True)
            raise
        return cls(log, clock)

    @classmethod
    def open(cls, path: Path | str, clock: Callable[[], float] = time.time) -> Session:
        log = SessionLog(path)
        try:
            return cls(log, clock)
        except BaseException:
            log.close()
            raise

    def close(self) -> None:
        self.log.close()

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
        return self._catch_up()

    def _catch_up(self, upto: int | None = None) -> list[ev.Event]:
        rows = list(self.log.rows(after=self.state.seq, upto=upto))
        if not rows:
            return []
        self.state, new = _fold(self.state, rows)
        return new

    def state_at(self, seq: int) -> State:
        """The state right after event `seq` (replay up to it)."""
        return _fold(State(), self.log.rows(upto=seq))[0]

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
        """Decide and append durably; raises engine.Refused (nothing written) on a broken rule."""
        from exercise.engine.decide import decide

        at = self.clock()
        if any(f.name == "at" for f in dataclasses.fields(command)):
            command = dataclasses.replace(command, at=at)
        from exercise.engine.evolve import evolve

        produced: list[ev.Event] = []

        def under_lock(last_seq: int):
            if last_seq != self.state.seq:  # another console appended since we last looked
                self._catch_up(upto=last_seq)
            produced[:] = decide(self.state, command)
            return [_row(e, at) for e in produced]

        self.log.transact(under_lock)
        for e in produced:
            self.state = evolve(self.state, e)
        # No need to re-read data_version: SQLite leaves it unchanged by this connection's own commits.
        self._keep_snapshot()
        return produced

    def _keep_snapshot(self) -> None:
        """Cache the state once enough events have been folded since the last cache."""
        if self.state.seq - self._snapshot_seq >= snapshot.EVERY and \
                self.log.save_snapshot(self.state.seq, snapshot.engine_key(), snapshot.dump(self.state)):
            self._snapshot_seq = self.state.seq

    # -- queries ------------------------------------------------------------------------------
    def code(self, role: str) -> str:
        return self.state.codes.get(role, "")

    def verify(self, visit=None):
        """(events checked, first bad seq or None, reason); `visit(row)` sees each row checked."""
        return self.log.verify(visit)


def check_snapshot(log: SessionLog) -> str:
    """'' unless the cached state disagrees with a replay of the log up to the same event; then
    the cache is dropped (consoles would have trusted it) and the problem is described."""
    cached = log.snapshot(snapshot.engine_key())
    if cached is None:
        return ""
    seq, blob = cached
    state = snapshot.load(blob)
    if state is not None and state == _fold(State(), log.rows(upto=seq))[0]:
        return ""
    log.drop_snapshot()
    return f"the cached state after event {seq} does not match a replay of the log; it has been discarded"


def _fold(state: State, rows) -> tuple[State, list[ev.Event]]:
    from exercise.engine.events import from_payload  # once, not per row as decode() would
    from exercise.engine.evolve import evolve

    new = []
    for row in rows:
        e = from_payload(row.kind, row.data())
        state = evolve(state, e)
        new.append(e)
    return state, new


def _row(e: ev.Event, at: float) -> tuple[str, str, dict, str]:
    from exercise.engine import events as ev

    return ev.kind(e), ev.actor_of(e), ev.to_payload(e), iso(getattr(e, "at", at) or at)
