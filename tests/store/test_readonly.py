"""An archived session on read-only media.

Verify, report and review still work; play refuses in one line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from exercise.engine import commands as cmd
from exercise.session import Session

ROOT = str(Path(__file__).resolve().parents[2])


@pytest.fixture
def readonly_media(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only folder needs root")
    mnt = tmp_path / "media"
    mnt.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def remount_ro(mnt: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)


def ttx(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "exercise", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_an_archived_session_is_checked_reported_and_refused_for_play(
    readonly_media, tmp_path, mini_world
):
    path = readonly_media / "archived.ttx"
    with Session.create(path, mini_world, seed=3) as s:
        s.execute(cmd.AddObservation("kept"))
    remount_ro(readonly_media)
    verify = ttx("verify", path)
    assert verify.returncode == 0 and "hash chain intact" in verify.stdout, verify.stderr
    report = ttx("report", path, "--format", "md", "-o", tmp_path / "aar.md")
    assert report.returncode == 0, report.stderr
    assert "kept" in (tmp_path / "aar.md").read_text()
    with Session.open(path) as s:  # opens read-only by itself
        assert s.log.readonly and s.state.seq > 1
    play = ttx("play", "--resume", path)
    assert play.returncode == 2 and play.stderr.count("\n") == 1 and "read-only" in play.stderr, (
        play.stderr
    )
    assert sorted(os.listdir(readonly_media)) == ["archived.ttx"]


def test_a_crashed_session_on_read_only_media_is_not_read_short(
    readonly_media, tmp_path, mini_world
):
    path = readonly_media / "crashed.ttx"
    Session.create(path, mini_world, seed=3).close()
    died = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\nfrom exercise.session import Session\n"
            "from exercise.engine import commands as cmd\n"
            "s = Session.open(sys.argv[1]); s.log.db.execute('PRAGMA wal_autocheckpoint=0')\n"
            "s.execute(cmd.AddObservation('only in the wal')); os._exit(9)",
            str(path),
        ],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=ROOT),
    )
    assert died.returncode == 9 and Path(f"{path}-wal").stat().st_size > 0
    remount_ro(readonly_media)
    verify = ttx("verify", path)
    assert verify.returncode in (1, 2) and "crashed.ttx-wal" in verify.stderr, verify.stderr
