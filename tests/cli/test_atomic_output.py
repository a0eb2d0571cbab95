"""ttx report/compare -o, ttx fork and ttx simulate --session write whole files or none: a kill,
a full disk or a read-only folder never leaves a half report or a partial session, and an old
OUT is never truncated before the new one is complete."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exercise.cli import main
from exercise.content.library import scenario_world
from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.simulate import VirtualClock
from tests.conftest import MINI, ROOT

OLD = "old complete report\n"
HERE = Path(__file__).parent


def ttx(*args: str, driver: list[str] | None = None, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    head = driver or ["-m", "exercise"]
    return subprocess.run(
        [sys.executable, *head, *args], capture_output=True, text=True, env=env, timeout=120, **kw
    )


def error_line(err: str, name) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"ttx: error: {name}") or lines[0].startswith(
        f"ttx: error: -o {name}: "
    ), err
    return lines[0]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A session whose Markdown report is a few MB: a write of it takes many write() calls."""
    path = tmp_path_factory.mktemp("big") / "big.ttx"
    world = scenario_world(MINI, "mini")
    roles = world["scenario"]["roles"]
    s = Session.create(
        path, world, seed=1, participants=tuple((r, "bot") for r in roles), clock=VirtualClock()
    )
    for n in range(500):
        s.execute(
            cmd.AddObservation(f"note {n} " + "the partner holds the air " * 200, role="moscow")
        )
    s.close()
    return path


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB tmpfs (root only): fill(free) leaves about `free` bytes on it."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a tmpfs here")

    def fill(free: int) -> None:
        filler = disk / "filler"
        filler.unlink(missing_ok=True)
        avail = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler.write_bytes(b"\0" * max(0, avail - free))

    try:
        yield disk, fill
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_report_and_compare_on_a_full_disk_keep_the_old_file(tiny_disk, big, capsys):
    disk, fill = tiny_disk
    out = disk / "r.md"
    out.write_text(OLD)
    fill(16 * 1024)
    assert main(["report", str(big), "-o", str(out)]) == 2
    assert "No space left on device" in error_line(capsys.readouterr().err, out)
    assert out.read_text() == OLD
    fill(0)  # the new file needs room beside the old one until the rename
    assert main(["compare", str(big), str(big), "-o", str(out)]) == 2
    assert "No space left on device" in error_line(capsys.readouterr().err, out)
    assert out.read_text() == OLD and names(disk) == ["filler", "r.md"]


def test_fork_and_simulate_on_a_full_disk_leave_nothing(tiny_disk, big, capsys):
    disk, fill = tiny_disk
    fill(40 * 1024)
    fork = disk / "f.ttx"
    assert main(["fork", str(big), "--at", "500", "--session", str(fork)]) == 2
    assert "full" in error_line(capsys.readouterr().err, f"{fork}: ")
    sim = disk / "s.ttx"
    assert main(["simulate", "mini", "--root", str(MINI), "--session", str(sim)]) == 2
    assert "full" in error_line(capsys.readouterr().err, f"{sim}: ")
    assert names(disk) == ["filler"]


def test_a_read_only_folder_is_one_line_and_leaves_the_old_file(tiny_disk, big, capsys):
    disk, _fill = tiny_disk
    out = disk / "r.md"
    out.write_text(OLD)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    assert main(["report", str(big), "-o", str(out)]) == 2
    error_line(capsys.readouterr().err, out)
    assert main(["fork", str(big), "--at", "5", "--session", str(disk / "f.ttx")]) == 2
    error_line(capsys.readouterr().err, f"{disk / 'f.ttx'}: ")
    assert main(["simulate", "mini", "--root", str(MINI), "--session", str(disk / "s.ttx")]) == 2
    error_line(capsys.readouterr().err, f"{disk / 's.ttx'}: ")
    assert out.read_text() == OLD and names(disk) == ["r.md"]


def test_dev_full_is_one_line_and_stays_a_device(tmp_path, capsys):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    session = tmp_path / "s.ttx"
    assert main(["simulate", "mini", "--root", str(MINI), "--session", str(session)]) == 0
    capsys.readouterr()
    assert main(["report", str(session), "-o", "/dev/full"]) == 2
    assert "No space left on device" in error_line(capsys.readouterr().err, "/dev/full")
    assert Path("/dev/full").is_char_device()


def test_report_killed_mid_write_keeps_the_old_report(big, tmp_path):
    out = tmp_path / "r.md"
    out.write_text(OLD)
    killed = ttx("report", str(big), "-o", str(out), driver=[str(HERE / "die_at.py"), "1000000"])
    assert killed.returncode == -signal.SIGXFSZ  # it did die while writing
    assert out.read_text() == OLD
    assert all(n == "r.md" or n.startswith(".r.md.tmp-") for n in names(tmp_path))
    done = ttx("report", str(big), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 2_000_000 and out.read_text("utf-8").startswith(
        "# After-action report"
    )
    assert names(tmp_path) == ["r.md"]  # the dead writer's temporary file is gone too


def test_fork_killed_mid_write_leaves_no_session(big, tmp_path):
    new = tmp_path / "f.ttx"
    killed = ttx(
        "fork",
        str(big),
        "--at",
        "500",
        "--session",
        str(new),
        driver=[str(HERE / "die_at.py"), "1000000"],
    )
    assert killed.returncode == -signal.SIGXFSZ
    assert not new.exists() and all(n.startswith(".f.ttx.tmp-") for n in names(tmp_path))
    assert ttx("fork", str(big), "--at", "500", "--session", str(new)).returncode == 0
    assert names(tmp_path) == ["f.ttx"]
    assert "ok, 500 events" in ttx("verify", str(new)).stdout


def test_simulate_sigkilled_while_playing_leaves_no_session(tmp_path):
    target = tmp_path / "s.ttx"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "exercise",
            "simulate",
            "mini",
            "--root",
            str(MINI),
            "--session",
            str(target),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    try:
        while not any(n.startswith(".s.ttx.tmp-") for n in os.listdir(tmp_path)):
            assert proc.poll() is None, "the session was written before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.0005)
        proc.send_signal(signal.SIGKILL)  # while the bots play: the session is half built
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not target.exists()
    assert ttx("verify", str(target)).returncode == 2  # nothing that passes for a whole session
    again = ttx("simulate", "mini", "--root", str(MINI), "--session", str(target))
    assert again.returncode == 0, again.stderr
    assert names(tmp_path) == ["s.ttx"]
    assert "hash chain intact" in ttx("verify", str(target)).stdout


def test_out_that_is_the_session_is_refused(tmp_path, capsys):
    session = tmp_path / "s.ttx"
    assert main(["simulate", "mini", "--root", str(MINI), "--session", str(session)]) == 0

    def same(st):  # never read a session file but through SQLite
        return st.st_ino, st.st_size, st.st_mtime_ns

    before = same(session.stat())
    capsys.readouterr()
    assert main(["report", str(session), "-o", str(session)]) == 2
    assert main(["compare", str(session), str(session), "-o", str(session)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("is the session file" in e for e in err)
    assert same(session.stat()) == before
