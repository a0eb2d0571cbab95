"""A team console's door to the session: it only ever hands out a TeamView for its own role."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.news import any_concern
from exercise.session import Session
from exercise.session.team_view import TeamView, team_view


class TeamGateway:
    def __init__(self, path: Path | str, role: str, clock=None):
        self.path = Path(path)
        self.role = role
        self.clock = clock or time.time
        self._lock = threading.Lock()
        self._session: Session | None = None

    def _open(self) -> Session:
        if self._session is None:
            self._session = Session.open(self.path, self.clock)
        return self._session

    def _view(self) -> TeamView:
        return team_view(self._open().state, self.role)

    # All public methods run in worker threads.
    def join(self, code: str, client: str) -> bool:
        with self._lock:
            session = self._open()
            events = session.execute(cmd.JoinTeam(self.role, code, client))
            joined = any(isinstance(e, ev.TeamJoined) for e in events)
            if joined:
                session.attach(self.role)
            return joined

    def load(self) -> TeamView:
        with self._lock:
            self._open()
            return self._view()

    def refresh(self) -> TeamView | None:
        """A new view when something this team can see changed on disk, else None: a cheap
        counter check, then the new events' kinds, before any view is built."""
        with self._lock:
            session = self._open()
            new = session.refresh()
            if not any_concern(new, session.state, self.role):
                return None
            return self._view()

    def execute(self, command) -> TeamView:
        """Run one of this team's own commands; raises engine.Refused."""
        for field in ("role", "reader", "sender"):  # whoever the command acts for
            if getattr(command, field, self.role) != self.role:
                raise PermissionError("a team console acts only for its own role")
        with self._lock:
            self._open().execute(command)
            return self._view()

    def present(self) -> None:
        """Last seen now: kept beside the log, not in it."""
        with self._lock:
            self._open().heartbeat()

    def close(self) -> None:
        with self._lock:
            if self._session is not None:
                self._session.close()
                self._session = None
