"""A console's one look-out at the session file for its screen's whole life.

A worker started twice a second costs a console more than the look itself (a worker, its state
messages, a pool thread handed out and back) when nothing has changed, which is almost always;
one long-lived worker thread looking every half second costs a counter read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual.message import Message
from textual.worker import get_current_worker


def keep_watch(
    stop: threading.Event,
    look: Callable[[], Message | None],
    post: Callable[[Message], object],
    every: float,
) -> None:
    """Until `stop` is set or the worker running this is cancelled: every `every` seconds, post
    what `look` found (None: nothing new)."""
    worker = get_current_worker()
    while not stop.wait(every) and not worker.is_cancelled:
        try:
            found = look()
        except Exception:  # a busy or briefly locked file: the next look will do
            continue
        if found is not None:
            post(found)
