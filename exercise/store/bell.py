"""A doorbell on a session file: a writer rings it once an append is durable, and every console
watching the file wakes at once instead of at its next look (a room's consoles see a facilitator's
move as soon as it is written, and sleep while nothing is).

The ring is a touch of the file's times (`os.utime`), which Linux reports to watchers through
inotify as IN_ATTRIB; nothing is written into the file. Where inotify is missing or its limits are
reached (max_user_instances: 128 by default), a Bell waits out its timeout like a plain poll, so a
console is never worse off than looking every half second. Presence marks do not ring: no team
needs to wake for another console's heartbeat.
"""

from __future__ import annotations

import contextlib
import functools
import os
import select
import sys
import threading
from pathlib import Path

IN_ATTRIB = 0x00000004
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC


def ring(path: Path) -> None:
    """Wake the file's watchers (best effort: a file this process may not touch stays quiet,
    and its watchers find the change at their next look)."""
    with contextlib.suppress(OSError):
        os.utime(path)


@functools.cache
def _inotify():
    """libc's inotify calls, looked up at the first Bell (not at import: consoles start fast)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the running interpreter's own libc
        return libc if hasattr(libc, "inotify_init1") else None
    except OSError:
        return None


class Bell:
    """Waits for a ring on `path`, a stop, or the timeout, whichever comes first. One thread
    waits; any thread may stop it. `rings` is False where the file cannot be watched."""

    def __init__(self, path: Path):
        self._wake_r, self._wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self._watch = -1
        self._lock = threading.Lock()  # a stop never writes to a descriptor closed meanwhile
        self.stopped = False
        libc = _inotify()
        if libc is not None:
            fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
            if fd >= 0:
                if libc.inotify_add_watch(fd, os.fsencode(path), IN_ATTRIB) >= 0:
                    self._watch = fd
                else:
                    os.close(fd)
        # poll(), not select(): a console with many files open passes select's 1024
        self._poller = select.poll()
        for fd in (self._wake_r, self._watch):
            if fd >= 0:
                self._poller.register(fd, select.POLLIN)

    @property
    def rings(self) -> bool:
        return self._watch >= 0

    def wait(self, timeout: float) -> bool:
        """True if the file was rung (its pending rings all taken), False on timeout or stop."""
        if self.stopped or self._wake_r < 0:
            return False
        ready = self._poller.poll(max(0, int(timeout * 1000)))
        rang = False
        for fd, _ in ready:
            rang = rang or fd == self._watch
            self._drain(fd)
        return rang and not self.stopped

    @staticmethod
    def _drain(fd: int) -> None:
        """Takes what is pending; an error reading it is left to the next look to find."""
        with contextlib.suppress(OSError):  # EAGAIN: all taken
            while os.read(fd, 4096):
                pass

    def stop(self) -> None:
        """Ends the current wait now, and every later one at once."""
        with self._lock:
            self.stopped = True
            if self._wake_w >= 0:
                with contextlib.suppress(OSError):  # a full pipe wakes the waiter as well
                    os.write(self._wake_w, b".")

    def close(self) -> None:
        """By the waiting thread, once it waits no more."""
        with self._lock:
            for fd in (self._watch, self._wake_r, self._wake_w):
                if fd >= 0:
                    os.close(fd)
            self._watch = self._wake_r = self._wake_w = -1
