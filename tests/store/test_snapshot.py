"""The cached state beside the log: used only when it is this engine's and still matches the log."""

from __future__ import annotations

import dataclasses
import os
import pickle
import sqlite3
import subprocess
import sys

import pytest

from exercise.cli import main
from exercise.engine import commands as cmd
from exercise.session import Session, snapshot
from exercise.session.service import check_snapshot
from exercise.store import SessionLog


@pytest.fixture
def every_four(monkeypatch):
    monkeypatch.setattr(snapshot, "EVERY", 4)


def _pauses(session: Session, n: int) -> None:
    for i in range(n):
        session.execute(cmd.PauseClock() if i % 2 == 0 else cmd.ResumeClock())


def _cached_seq(path) -> int | None:
    db = sqlite3.connect(path)
    row = db.execute("SELECT seq FROM snapshot").fetchone()
    db.close()
    return row[0] if row else None


def test_a_snapshot_is_kept_every_n_events_and_opening_starts_from_it(tmp_path, mini_world, every_four):
    path = tmp_path / "s.ttx"
    with Session.create(path, mini_world, seed=3) as s:
        _pauses(s, 9)
        live = s.state
    assert _cached_seq(path) is not None and live.seq - _cached_seq(path) < 4
    with Session.open(path) as again:
        assert again.state == live
        assert again.state == again.state_at(live.seq)  # the same as a replay from the first event


def test_opening_folds_only_the_events_after_the_snapshot(tmp_path, mini_world, every_four, monkeypatch):
    path = tmp_path / "s.ttx"
    with Session.create(path, mini_world, seed=3) as s:
        _pauses(s, 6)
        cached = _cached_seq(path)
        _pauses(s, 1)
        live = s.state
    folded = []
    real = Session._catch_up

    def spy(self, upto=None):
        new = real(self, upto)
        folded.extend(new)
        return new

    monkeypatch.setattr(Session, "_catch_up", spy)
    with Session.open(path) as again:
        assert again.state == live
    assert len(folded) == live.seq - cached


def test_a_snapshot_of_another_engine_or_another_log_is_not_used(tmp_path, mini_world, every_four, monkeypatch):
    path = tmp_path / "s.ttx"
    with Session.create(path, mini_world, seed=3) as s:
        _pauses(s, 8)
        live = s.state
    with SessionLog(path) as log:
        assert log.snapshot(snapshot.engine_key()) is not None
        assert log.snapshot("an older engine") is None
        # the event the snapshot was taken after is no longer the same: the cache no longer applies
        seq = _cached_seq(path)
        log.db.execute("UPDATE snapshot SET hash = ?", ("0" * 64,))
        assert log.snapshot(snapshot.engine_key()) is None
    assert seq
    with Session.open(path) as again:  # replays instead
        assert again.state == live


def test_a_blob_that_is_not_a_state_runs_nothing_and_is_replaced_by_a_replay(tmp_path, mini_world, every_four):
    path = tmp_path / "s.ttx"
    marker = tmp_path / "pwned"
    with Session.create(path, mini_world, seed=3) as s:
        _pauses(s, 8)
        live = s.state

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    with SessionLog(path) as log:
        log.db.execute("UPDATE snapshot SET state = ?", (pickle.dumps(Evil()),))
    assert snapshot.load(pickle.dumps(Evil())) is None
    with Session.open(path) as again:
        assert again.state == live
    assert not marker.exists()


REPLAY = """
import json, sqlite3, sys
from exercise.engine.events import from_payload
from exercise.engine.evolve import fold
rows = sqlite3.connect(sys.argv[1]).execute("SELECT kind, payload FROM events ORDER BY seq")
fold(from_payload(kind, json.loads(payload)) for kind, payload in rows)
print("\\n".join(m for m in sys.modules if m.startswith("exercise.")))
"""


def test_the_engine_key_covers_every_module_a_replay_runs(tmp_path, mini_world):
    """If replaying comes to depend on another module, that module must join the key."""
    path = tmp_path / "s.ttx"
    with Session.create(path, mini_world, seed=3) as s:
        _pauses(s, 2)
    out = subprocess.run([sys.executable, "-c", REPLAY, str(path)], capture_output=True, text=True,
                         check=True).stdout.split()
    covered = {"exercise." + name.removesuffix(".py").replace("/", ".") for name in snapshot._SHAPING}
    assert "exercise.content.build" in out  # the replay really built a world
    assert set(out) - {"exercise.engine", "exercise.content"} <= covered


def test_verify_discards_a_snapshot_that_disagrees_with_the_log(tmp_path, mini_world, every_four, capsys):
    path = tmp_path / "s.ttx"
    with Session.create(path, mini_world, seed=3) as s:
        _pauses(s, 8)
    assert main(["verify", str(path)]) == 0
    with SessionLog(path) as log:
        seq, blob = log.snapshot(snapshot.engine_key())
        right = snapshot.load(blob)
        wrong = dataclasses.replace(right, indicators={**right.indicators, "cohesion": 1})
        log.db.execute("UPDATE snapshot SET state = ?", (snapshot.dump(wrong),))
        with Session.open(path) as trusting:  # a console would believe it...
            assert trusting.state.indicators["cohesion"] == 1
    capsys.readouterr()
    assert main(["verify", str(path)]) == 1  # ...verify does not, and drops it
    assert "does not match a replay" in capsys.readouterr().err
    with SessionLog(path) as log:
        assert check_snapshot(log) == "" and log.snapshot(snapshot.engine_key()) is None
    with Session.open(path) as again:
        assert again.state == again.state_at(again.state.seq)
        assert again.state.indicators["cohesion"] == right.indicators["cohesion"] != 1


def test_a_busy_or_read_only_file_skips_the_cache_without_failing(tmp_path, mini_world, every_four):
    path = tmp_path / "s.ttx"
    with Session.create(path, mini_world, seed=3) as s:
        _pauses(s, 2)
    with SessionLog(path) as log:
        log.db.execute("PRAGMA busy_timeout=0")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another console holds the write lock
        assert log.save_snapshot(1, "k", b"x") is False
        other.execute("ROLLBACK")
        other.close()
        assert log.save_snapshot(1, "k", b"x") is True
