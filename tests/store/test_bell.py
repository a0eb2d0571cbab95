"""The session file's bell: an append rings it, in this process or another; a heartbeat does not;
a stop ends a wait at once; where the file cannot be watched a Bell is a plain timeout."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.store import bell as bell_module
from exercise.store.bell import Bell, ring

WRITER = str(Path(__file__).with_name("writer.py"))
LONG = 30.0  # a wait that only a ring or a stop ends within a test's life
QUIET = 0.05


@pytest.fixture
def session_path(tmp_path, mini_world) -> Path:
    path = tmp_path / "s.ttx"
    entered = tuple((r, "facilitator") for r in mini_world["scenario"]["roles"])
    Session.create(path, mini_world, seed=3, participants=entered).close()
    return path


def _waits(bell: Bell) -> tuple[threading.Thread, list[bool]]:
    said: list[bool] = []
    waiter = threading.Thread(target=lambda: said.append(bell.wait(LONG)))
    waiter.start()
    return waiter, said


def test_an_append_in_another_process_rings(session_path):
    bell = Bell(session_path)
    assert bell.rings
    waiter, said = _waits(bell)
    subprocess.run([sys.executable, WRITER, str(session_path), "observe", "1", "w"], check=True)
    waiter.join(LONG)
    assert said == [True]
    assert not bell.wait(QUIET)  # every ring taken: nothing more until the next append
    bell.close()


def test_an_append_here_rings_and_a_heartbeat_does_not(session_path):
    bell = Bell(session_path)
    with Session.open(session_path) as s:
        s.heartbeat()
        assert not bell.wait(QUIET)
        s.execute(cmd.AddObservation("a note"))
        assert bell.wait(LONG)
    bell.close()


def test_a_stop_ends_the_wait_at_once_and_every_later_one(session_path):
    bell = Bell(session_path)
    waiter, said = _waits(bell)
    bell.stop()
    waiter.join(LONG)
    assert said == [False] and not waiter.is_alive()
    ring(session_path)
    assert not bell.wait(LONG)  # stopped: returns at once, rung or not
    bell.close()
    bell.stop()  # after close: harmless


def test_without_inotify_a_bell_is_a_timeout(session_path, monkeypatch):
    monkeypatch.setattr(bell_module, "_inotify", lambda: None)
    bell = Bell(session_path)
    assert not bell.rings
    ring(session_path)
    assert not bell.wait(QUIET)
    bell.close()


def test_a_file_that_cannot_be_touched_rings_nothing_and_raises_nothing(tmp_path):
    ring(tmp_path / "gone.ttx")  # no such file
    bell = Bell(tmp_path / "gone.ttx")  # nothing to watch: a timeout
    assert not bell.rings and not bell.wait(QUIET)
    bell.close()
