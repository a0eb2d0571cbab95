"""The projector's door to the session: read-only, and it only ever hands out a PublicView."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from exercise.engine.news import concerns_room
from exercise.session import Session
from exercise.session.public_view import PublicView, public_view


class RoomGateway:
    def __init__(self, path: Path | str, clock=None):
        self.path = Path(path)
        self.clock = clock or time.time
        self._lock = threading.Lock()
        self._session: Session | None = None

    def _open(self) -> Session:
        if self._session is None:
            self._session = Session.open(self.path, self.clock, readonly=True)
        return self._session

    # Both run in worker threads.
    def load(self) -> PublicView:
        with self._lock:
            return public_view(self._open().state)

    def refresh(self) -> PublicView | None:
        """A new view when something the room may see changed on disk, else None."""
        with self._lock:
            session = self._open()
            new = session.refresh()
            if not any(concerns_room(e, session.state) for e in new):
                return None
            return public_view(session.state)

    def close(self) -> None:
        with self._lock:
            if self._session is not None:
                self._session.close()
                self._session = None
