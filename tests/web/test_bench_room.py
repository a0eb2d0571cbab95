"""bench/room.py: a quick run prints every figure; bad options are one line and exit 2; a run
interrupted (Ctrl-C) or failing leaves no process behind. Figures are never asserted."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.served import ROOT, wait_until

ROOM = str(Path(ROOT) / "bench" / "room.py")
FIGURES = (
    "join prompt, last of 4 (s)",
    "join prompt, median (s)",
    "joined, median (s)",
    "joined, last of 4 (s)",
    "facilitator console, first screen (s)",
    "memory per team console, RSS (MB)",
    "memory per team console, PSS (MB)",
    "memory, facilitator console, RSS (MB)",
    "idle CPU per team console (% of a core)",
    "idle CPU, facilitator console (% of a core)",
    "idle CPU, whole room (% of a core)",
    "CPU, whole room, 1 event/s (% of a core)",
    "CPU per team console, 1 event/s (% of a core)",
    "CPU, facilitator console, 1 event/s (% of a core)",
    "action -> team screen, median (s)",
    "action -> team screen, p90 (s)",
    "action -> team screen, max (s)",
    "action -> team screen, no event stream, median (s)",
)
NUMBER = r"\d+\.\d\d"


def started_by(folder: str) -> list[str]:
    """Command lines of live processes that name the run's folder (every one the bench starts
    does: the session file, the hello-world app, the facilitator process)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if folder in cmd and state != "Z":
            found.append(cmd[:120])
    return found


def run_room(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, ROOM, *args], capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.parametrize(
    "args, named",
    [
        (["--consoles", "0"], "--consoles 0"),
        (["--consoles", "many"], "--consoles"),
        (["--seconds", "-1"], "--seconds -1"),
        (["--bogus"], "--bogus"),
        (["--scenario", "nope"], "--scenario nope"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args, named):
    result = run_room(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and named in result.stderr


@pytest.mark.slow
def test_a_quick_run_prints_every_figure_and_leaves_nothing():
    result = run_room("--quick", timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for figure in FIGURES:
        line = next((x for x in out.splitlines() if x.startswith(figure)), None)
        assert line is not None, f"{figure!r} missing from:\n{out}"
        value = line[len(figure) :].split()[0]
        assert re.fullmatch(NUMBER, value), f"{figure!r}: no value in {line!r}"
    assert "baseline" in out and "load average" in out
    written = re.search(r"wrote (\d+) observations and 3 phase advances", out)
    assert written and int(written.group(1)) >= 3  # one a second through a 2 s window and more
    folder = re.search(r"working in (\S+)", result.stderr).group(1)
    assert started_by(folder) == [] and not Path(folder).exists()


@pytest.mark.slow
def test_ctrl_c_stops_every_process_it_started():
    proc = subprocess.Popen(
        [sys.executable, ROOM, "--quick", "--consoles", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        folder = re.search(r"working in (\S+)", proc.stderr.readline()).group(1)
        # The room is up: its server, the facilitator's console and the team consoles.
        wait_until(
            lambda: sum(" team " in c for c in started_by(folder)) >= 2,
            seconds=120,
            what="the team consoles to start",
        )
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
        assert "interrupted" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert started_by(folder) == [] and not Path(folder).exists()


@pytest.mark.slow
def test_a_failing_run_stops_every_process_it_started(monkeypatch, capsys):
    from bench import _room_stages, room

    seen: dict[str, list[str]] = {}

    async def broken(opts, fig, root, driver, *rest):
        seen["running"] = started_by(str(driver.log.parent))
        raise RuntimeError("a bug in the bench")

    monkeypatch.setattr(_room_stages, "_streaming", broken)
    with pytest.raises(RuntimeError, match="a bug in the bench"):
        room.main(["--quick", "--consoles", "2", "--seconds", "0.5"])
    folder = re.search(r"working in (\S+)", capsys.readouterr().err).group(1)
    running = seen["running"]
    assert any(" serve " in c for c in running) and any(" team " in c for c in running)
    assert any("room.py's facilitator process" in c for c in running)
    assert started_by(folder) == [] and not Path(folder).exists()
