"""The observer seat's door to the session: it reads everything, as the white cell's console
does, and writes one kind of command only, an observation signed with the name given at
sign-in. Every call runs in a worker thread; a lock serialises them, as in the other gateways.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.codes import OBSERVER, observer_admits
from exercise.session.observations import AuthorsObservations, Noted

if TYPE_CHECKING:
    from exercise.engine.events import Event
    from exercise.engine.state import State
    from exercise.session.log_index import Line, LogIndex
    from exercise.store import Row


class ObserverRead(NamedTuple):
    state: State
    mine: tuple[Noted, ...]  # what this observer has recorded, in log order
    events: Sequence[Event] | None  # what is new since the last read; None: not known (a load)


class ObserverGateway:
    def __init__(self, path: Path | str, clock: Callable[[], float] | None = None):
        self.path = Path(path)
        self.clock = clock or time.time
        self.author = ""  # the observer's name, once signed in
        self._lock = threading.Lock()
        self._session: Session | None = None
        self._mine: AuthorsObservations | None = None
        self._log: LogIndex | None = None
        self._seen: dict[str, float] = {}

    def _open(self) -> Session:
        if self._session is None:
            session = Session.open(self.path, self.clock)
            try:
                session.require_writable()  # an observer records: a read-only file is refused
            except BaseException:
                session.close()
                raise
            self._session = session
        return self._session

    def _read(self, events: Sequence[Event] | None) -> ObserverRead:
        session = self._open()
        mine = self._mine.read(session) if self._mine is not None else ()
        return ObserverRead(session.state, mine, events)

    def sign_in(self, code: str, name: str) -> bool:
        """Whether `code` is the observer's; if so, the seat is open under `name`."""
        with self._lock:
            session = self._open()
            if not observer_admits(session.state, code):
                return False
            self.author = name
            self._mine = AuthorsObservations(name)
            session.attach(OBSERVER)
            return True

    def load(self) -> ObserverRead:
        with self._lock:
            return self._read(None)

    def refresh(self) -> ObserverRead | None:
        """A new read when something changed on disk, else None."""
        with self._lock:
            new = self._open().refresh()
            return self._read(new) if new else None

    def observe(self, command: cmd.AddObservation) -> ObserverRead:
        """Record the observer's own observation; raises engine.Refused. Nothing else passes:
        no other command, and no observation signed with another name."""
        if type(command) is not cmd.AddObservation:
            raise PermissionError("the observer seat records observations only")
        if not self.author or command.author != self.author:
            raise PermissionError("an observation is signed with the observer's own name")
        with self._lock:
            events = self._open().execute(command)
            return self._read(events)

    # The log index reads through these, each under the lock (its own lock is taken first).
    def _log_state(self) -> State:
        with self._lock:
            return self._open().state

    def _read_log(self, after: int, upto: int) -> list[Row]:
        with self._lock:
            return list(self._open().rows(after=after, upto=upto))

    def log_lines(
        self, needle: str = "", n: int = 300, cancelled: Callable[[], bool] = lambda: False
    ) -> list[Line] | None:
        """The newest `n` log lines whose kind, actor or text holds `needle`, newest first."""
        with self._lock:
            if self._log is None:
                from exercise.session.log_index import LogIndex

                self._log = LogIndex(self._log_state, self._read_log)
            log = self._log
        return log.newest(needle, n, cancelled)  # outside the lock: it takes it per read

    def last_seen(self) -> dict[str, float]:
        """Role -> last sign of life of its consoles as of the last read; never waits."""
        if not self._lock.acquire(blocking=False):
            return self._seen
        try:
            if self._session is not None:
                self._seen = self._session.last_seen()
            return self._seen
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            if self._session is not None:
                self._session.close()
                self._session = None
