"""The TUI's single door to a session, safe to call from worker threads.

SQLite connections are opened inside a worker thread and every call is serialised by a lock,
so the event loop never blocks on the disk and two workers never share a cursor at once.

`preload()` opens the session in a thread as soon as the file is known, before the console's
first frame, which then shows the session instead of empty tables. This module loads nothing
heavy at import time, so the command line can start that before Textual loads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exercise.engine.state import State
    from exercise.session import Session
    from exercise.session.log_index import Line, LogIndex
    from exercise.store import Row


class Gateway:
    def __init__(self, path: Path | str, clock=None):
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        self._session: Session | None = None
        self._log: LogIndex | None = None  # built when the log tab is first shown
        self._preloaded = threading.Event()
        self._preloaded.set()  # nothing to wait for until preload() starts
        self._preload_error: Exception | None = None
        self._seen: dict[str, float] = {}
        self._kept = False  # this console keeps a start cache (it attached as the facilitator)

    def _open(self) -> Session:
        if self._session is None:
            from exercise.session import Session

            clock = {"clock": self._clock} if self._clock else {}
            session = Session.open(self.path, cached=True, **clock)
            try:
                session.require_writable()  # refused here, before any frame
            except BaseException:
                session.close()
                raise
            self._session = session
        return self._session

    def attach(self) -> None:
        """Mark the file open by this facilitator console (a write and a checkpoint: after the
        first frame)."""
        from exercise.session.service import FACILITATOR

        with self._lock:
            session = self._open()
            session.attach(FACILITATOR)
            self._kept = session.keep_start()

    def preload(self) -> Gateway:
        self._preloaded = threading.Event()
        threading.Thread(target=self._preload, name="ttx-preload", daemon=True).start()
        return self

    def _preload(self) -> None:
        try:
            self.load()
        except Exception as exc:  # kept for opened(); the console's own load also reports it
            self._preload_error = exc
        finally:
            self._preloaded.set()

    def opened(self) -> Gateway:
        """Wait for preload() to finish; raise what stopped it (e.g. NotASession)."""
        self._preloaded.wait()
        if self._preload_error is not None:
            raise self._preload_error
        return self

    def loaded(self) -> State | None:
        """The state, if the session is already open; never waits."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return self._session.state if self._session is not None else None
        finally:
            self._lock.release()

    # The log index reads through these, each under the lock (its own lock is taken first).
    def _log_state(self) -> State:
        with self._lock:
            return self._open().state

    def _read_log(self, after: int, upto: int) -> list[Row]:
        with self._lock:
            return list(self._open().rows(after=after, upto=upto))

    # Every public method runs in a worker thread.
    def load(self):
        with self._lock:
            return self._open().state

    def execute(self, command):
        with self._lock:
            session = self._open()
            events = session.execute(command)
            return events, session.state

    def run_bots(self):
        """(bot events, state): bots decide what is pending; none in a read-only file."""
        with self._lock:
            session = self._open()
            return session.run_bots(), session.state

    def refresh(self):
        """(new events, state) — new events is empty when nothing changed on disk."""
        with self._lock:
            session = self._open()
            return session.refresh(), session.state

    def last_seen(self) -> dict[str, float]:
        """Role -> last sign of life of its consoles as of the last load or refresh; never waits."""
        if not self._lock.acquire(blocking=False):
            return self._seen
        try:
            if self._session is not None:
                self._seen = self._session.last_seen()
            return self._seen
        finally:
            self._lock.release()

    def receipt(self) -> str:
        with self._lock:
            return self._open().receipt()

    def log_lines(
        self, needle: str = "", n: int = 300, cancelled: Callable[[], bool] = lambda: False
    ) -> list[Line] | None:
        """The newest `n` log lines (as of the state last read) whose kind, actor or text holds
        `needle`, newest first; None if `cancelled()` stopped the search (see LogIndex)."""
        with self._lock:
            if self._log is None:
                from exercise.session.log_index import LogIndex

                self._log = LogIndex(self._log_state, self._read_log)
            log = self._log
        return log.newest(needle, n, cancelled)  # outside the lock: it takes it per read

    def close(self) -> None:
        with self._lock:
            if self._session is not None:
                if self._kept and not self._session.log.readonly:
                    # where this console got to: the next start folds from here
                    self._session.keep_start()
                self._session.close()
                self._session = None
