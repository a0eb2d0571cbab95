"""A console's one look-out at the session file for its screen's whole life.

A worker started twice a second costs a console more than the look itself (a worker, its state
messages, a pool thread handed out and back) when nothing has changed, which is almost always;
one long-lived worker thread costs a counter read per look. It looks when a writer rings the
file's bell (store/bell.py: at once, every append) and otherwise every `every` seconds, for what
rings nothing (a console's heartbeat, a writer without the bell).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual.message import Message
from textual.worker import get_current_worker

from exercise.store.bell import Bell

RUNG_GAP = 0.05  # seconds between looks woken by the bell: at most 20 a second


class Lookout:
    """A screen's stop for its look-out: `set()` ends the look-out's wait at once."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._bell: Bell | None = None

    def set(self) -> None:
        with self._lock:
            self._stopped.set()
            if self._bell is not None:
                self._bell.stop()

    def is_set(self) -> bool:
        return self._stopped.is_set()

    def wait(self, timeout: float) -> bool:
        return self._stopped.wait(timeout)

    def bell(self, path: Path | None) -> Bell | None:
        """The bell the look-out waits on (None once stopped, or with no file to watch)."""
        with self._lock:
            if self._stopped.is_set():
                return None
            try:
                self._bell = Bell(path) if path is not None else None
            except OSError:  # no descriptors left: the look-out looks on its timer alone
                self._bell = None
            return self._bell


def keep_watch(
    stop: Lookout,
    look: Callable[[], Message | None],
    post: Callable[[Message], object],
    every: float,
    path: Path | None = None,
) -> None:
    """Until `stop` is set or the worker running this is cancelled: when `path` is rung, and
    every `every` seconds, post what `look` found (None: nothing new)."""
    worker = get_current_worker()
    bell = stop.bell(path)
    try:
        while not stop.is_set() and not worker.is_cancelled:
            if bell is not None:
                rung = bell.wait(every)
            else:
                rung = False
                stop.wait(every)
            if stop.is_set() or worker.is_cancelled:
                return
            try:
                found = look()
            except Exception:  # a busy or briefly locked file: the next look will do
                found = None
            if found is not None:
                post(found)
            if rung:  # a file rung without pause (a burst, or a process touching it) is looked
                stop.wait(RUNG_GAP)  # at no more often than this: rings meanwhile wait for it
    finally:
        if bell is not None:
            bell.close()
