"""The README's own flow, with real processes: the facilitator's moves are seen by every other
process and survive the console's exit (the split-brain bug: a console writing into a WAL that
another process had deleted, while `ttx verify` said ok)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from exercise.session import Session
from tests.pty_console import ROOT, PtyConsole

TTX = [sys.executable, "-m", "exercise"]


def ttx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*TTX, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def kinds_seen_elsewhere(path: Path) -> list[str]:
    """What a fresh process (not this test's own connections) reads in the file."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from exercise.session import Session\n"
            "with Session.open(sys.argv[1]) as s: print(' '.join(r.kind for r in s.rows()))",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def wait_until(predicate, timeout: float = 20.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def no_deleted_wal(console: PtyConsole) -> bool:
    return not any(
        f.endswith("-wal (deleted)") or f.endswith("-shm (deleted)") for f in console.open_files()
    )


@pytest.mark.slow
def test_review_then_codes_then_pause_is_seen_by_everyone_and_kept(tmp_path):
    path = tmp_path / "s.ttx"
    made = ttx("simulate", "demo", "--seed", "5", "--session", str(path))
    assert made.returncode == 0, made.stderr
    # A session still under way: drop the end so the facilitator can act (a fork at its middle).
    assert (
        ttx("fork", str(path), "--at", "40", "--session", str(tmp_path / "live.ttx")).returncode
        == 0
    )
    path = tmp_path / "live.ttx"
    before = kinds_seen_elsewhere(path)
    console = PtyConsole([*TTX, "play", "--resume", str(path)])
    try:
        console.wait_for(b"Moscow")
        mark = console.mark()
        console.send("v")  # the review opens its own connection to the file
        console.wait_for(b"Review", since=mark)
        console.send("\x1b")
        time.sleep(0.5)  # Escape is told from a key sequence by a short pause
        for _ in range(3):  # another terminal opens and closes the file, again and again
            assert ttx("codes", str(path)).returncode == 0
            assert (
                ttx(
                    "report", str(path), "--format", "json", "-o", str(tmp_path / "aar.json")
                ).returncode
                == 0
            )
        for _ in range(2):  # a team console opened at its join prompt, then closed
            team = PtyConsole([*TTX, "team", str(path), "--role", "moscow"])
            try:
                team.wait_for(b"Join code")
                team.send("\x11")
                assert team.wait() == 0
            finally:
                team.kill()
        assert no_deleted_wal(console), console.open_files()
        console.send("p")
        wait_until(
            lambda: "ClockPaused" in kinds_seen_elsewhere(path)[len(before) :],
            what="the pause, from elsewhere",
        )
        assert ttx("codes", str(path)).returncode == 0
        console.send("p")
        wait_until(
            lambda: "ClockResumed" in kinds_seen_elsewhere(path)[len(before) :], what="the resume"
        )
        assert no_deleted_wal(console), console.open_files()
        console.send("\x11")  # ctrl+q
        assert console.wait() == 0
    finally:
        console.kill()
    assert not Path(
        f"{path}-wal"
    ).exists()  # the last console out checkpointed: the file alone holds it all
    after = kinds_seen_elsewhere(path)
    assert (
        after[len(before) :].count("ClockPaused") == 1
        and after[len(before) :].count("ClockResumed") == 1
    )
    verify = ttx("verify", str(path))
    assert verify.returncode == 0, verify.stderr


def test_a_second_connection_in_one_process_keeps_the_first_ones_locks(tmp_path, mini_world):
    """Opening (and closing) the file again in the same process, as the review does, must not let
    another process delete the WAL under the first connection."""
    path = tmp_path / "s.ttx"
    Session.create(path, mini_world, seed=1).close()
    first = Session.open(path)
    first.attach("facilitator")
    Session.open(path).close()  # the review, or a catalog of recent sessions
    Session.open(path, readonly=True).close()
    subprocess.run(
        [*TTX, "codes", str(path)], check=True, capture_output=True, cwd=ROOT, timeout=60
    )
    from exercise.engine import commands as cmd

    first.execute(cmd.AddObservation("after the other process closed"))
    assert Path(f"{path}-wal").exists()
    assert "ObservationAdded" in kinds_seen_elsewhere(path)
    first.close()


@pytest.mark.slow
def test_a_fresh_start_then_codes_then_pause_and_next_are_seen(tmp_path):
    """The walk-through: ctrl+s in the set-up dialog, `ttx codes` in another terminal, p and n."""
    path = tmp_path / "fresh.ttx"
    console = PtyConsole(
        [*TTX, "play", "demo", "--session", str(path)], env={"XDG_STATE_HOME": str(tmp_path)}
    )
    try:
        console.wait_for(b"Who plays each role")
        mark = console.mark()
        console.send("\x13")  # ctrl+s: start
        console.wait_for(b"Moscow", since=mark)
        wait_until(
            lambda: path.exists() and "SessionStarted" in kinds_seen_elsewhere(path),
            what="the new session",
        )
        for _ in range(3):
            assert ttx("codes", str(path)).returncode == 0
        assert no_deleted_wal(console), console.open_files()
        console.send("p")
        wait_until(
            lambda: "ClockPaused" in kinds_seen_elsewhere(path), what="the pause, from elsewhere"
        )
        console.send("p")
        wait_until(lambda: "ClockResumed" in kinds_seen_elsewhere(path), what="the resume")
        phases = kinds_seen_elsewhere(path).count("PhaseStarted")
        console.send("n")
        wait_until(
            lambda: kinds_seen_elsewhere(path).count("PhaseStarted") > phases, what="the next phase"
        )
        assert no_deleted_wal(console), console.open_files()
        console.send("\x11")
        assert console.wait() == 0
    finally:
        console.kill()
    assert ttx("verify", str(path)).returncode == 0
