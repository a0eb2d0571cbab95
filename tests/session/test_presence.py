"""Presence ("this console is open, last seen then") lives beside the log, never in the chain."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.store import SessionLog
from tests.conftest import FixedClock


def test_heartbeats_write_no_events_and_show_as_last_seen(session_file, clock):
    team = Session.open(session_file, clock)
    team.execute(cmd.JoinTeam("damascus", "CODE2", "terminal"))
    team.attach("damascus")
    before = team.state.seq
    watcher = Session.open(session_file, FixedClock(clock.now))
    for _ in range(1, 30):
        clock.now += 60
        team.heartbeat()
    watcher.refresh()
    assert team.log.max_seq() == before  # half an hour of heartbeats: no event at all
    assert watcher.last_seen()["damascus"] == clock.now
    team.close()
    watcher.close()
    with SessionLog(session_file, readonly=True) as log:
        closed = [p for p in log.presence() if p.role == "damascus"]
        assert closed and closed[0].closed == clock.now


def test_after_the_end_nothing_more_is_appended_by_open_consoles(session_file, clock):
    with Session.open(session_file, clock) as s:
        s.execute(cmd.EndSession())
        ended_at = s.state.seq
    team = Session.open(session_file, clock)
    team.attach("damascus")
    for _ in range(10):
        clock.now += 60
        team.heartbeat()
    team.close()
    with Session.open(session_file) as s:
        assert s.state.seq == ended_at
