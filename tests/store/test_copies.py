"""Copies that hold everything: ttx backup of a live session, and verify telling when a file
alone would miss events (its WAL holds them, or a plain cp was taken while consoles had it open)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exercise.cli import main
from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.store import SessionLog
from exercise.store.copies import standalone_problems

ROOT = str(Path(__file__).resolve().parents[2])


@pytest.fixture
def live(tmp_path, mini_world):
    """A session a console still has open, its newest events only in the WAL."""
    path = tmp_path / "live.ttx"
    Session.create(path, mini_world, seed=3).close()
    s = Session.open(path)
    s.attach("facilitator")
    for n in range(5):
        s.execute(cmd.AddObservation(f"note {n}"))
    yield path, s
    s.close()


def test_backup_of_a_live_session_holds_everything_and_verifies(live, tmp_path, capsys):
    path, s = live
    out = tmp_path / "copy.ttx"
    assert main(["backup", str(path), str(out)]) == 0
    said = capsys.readouterr().out
    assert f"done, {s.state.seq} events copied and verified, head {s.receipt()}" in said
    assert not Path(f"{out}-wal").exists() and not list(tmp_path.glob(".copy.ttx.*"))
    with SessionLog(out, readonly=True) as copy:
        assert copy.tail() == s.log.tail() and copy.verify()[1] is None
    assert main(["verify", str(out)]) == 0  # a single file: nothing waits in a WAL
    assert main(["backup", str(path), str(out)]) == 2  # never over an existing file
    assert "already exists" in capsys.readouterr().err


def test_backup_while_a_console_keeps_writing(live, tmp_path):
    path, _ = live
    writer = subprocess.Popen(
        [
            sys.executable,
            str(Path(ROOT) / "tests" / "store" / "writer.py"),
            str(path),
            "observe",
            "300",
            "w",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=ROOT),
    )
    try:
        assert writer.stdout is not None
        writer.stdout.readline()  # it is writing
        for i in range(3):
            out = tmp_path / f"copy{i}.ttx"
            assert main(["backup", str(path), str(out)]) == 0
            with SessionLog(out, readonly=True) as copy:
                assert copy.verify()[1] is None and copy.max_seq() > 0
    finally:
        writer.wait(timeout=120)


def test_verify_warns_when_the_wal_holds_events_the_file_does_not(live, capsys):
    path, s = live
    problems = standalone_problems(path)
    assert len(problems) == 1 and "are only in live.ttx-wal" in problems[0]
    assert main(["verify", str(path)]) == 1
    captured = capsys.readouterr()
    assert "hash chain intact" in captured.out and "ttx backup" in captured.err


def test_a_turn_end_checkpoints_so_the_file_alone_holds_it(live):
    path, s = live
    assert standalone_problems(path)  # mid-turn, the newest events wait in the WAL
    while s.state.turn == 1:
        s.execute(cmd.AdvancePhase(force=True))
    assert standalone_problems(path) == []


def test_a_plain_copy_of_a_live_file_is_caught(live, tmp_path, capsys):
    path, s = live
    s.log.checkpoint()  # even with everything checkpointed, the copy says consoles had it open
    copied = tmp_path / "copied.ttx"
    shutil.copy(path, copied)  # what `cp` does: the file alone, without its WAL
    assert main(["verify", str(copied)]) == 1
    err = capsys.readouterr().err
    assert "says it is open (facilitator console)" in err and "no copied.ttx-wal" in err


def test_the_last_console_out_leaves_a_whole_file(live, tmp_path, capsys):
    path, s = live
    s.close()
    assert not Path(f"{path}-wal").exists()
    copied = tmp_path / "after.ttx"
    shutil.copy(path, copied)
    assert main(["verify", str(copied)]) == 0


def test_a_console_that_died_does_not_mark_the_file_open_forever(tmp_path, mini_world):
    path = tmp_path / "s.ttx"
    Session.create(path, mini_world, seed=3).close()
    died = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\nfrom exercise.session import Session\n"
            "s = Session.open(sys.argv[1]); s.attach('moscow'); os._exit(9)",
            str(path),
        ],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=ROOT),
    )
    assert died.returncode == 9
    with SessionLog(path) as log:
        assert [p.role for p in log.presence() if p.closed is None] == ["moscow"]
    s = Session.open(path)
    s.attach("facilitator")
    s.close()  # the last one out: the dead console is marked closed too, and the WAL checkpointed
    with SessionLog(path, readonly=True) as log:
        assert all(p.closed is not None for p in log.presence())
    assert standalone_problems(path) == []
