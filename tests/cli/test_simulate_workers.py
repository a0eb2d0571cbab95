"""ttx simulate --runs --workers N: one summary whatever N, bad N refused, Ctrl-C leaves nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exercise.cli import main
from tests.conftest import MINI, ROOT

SIMULATE = [sys.executable, "-m", "exercise", "simulate", "mini", "--root", str(MINI)]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
PROC = Path("/proc")


def ttx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SIMULATE, *args], capture_output=True, env=ENV, timeout=120)


@pytest.mark.parametrize("form", [["--json"], []], ids=["json", "text"])
def test_the_same_bytes_whatever_the_number_of_workers(form):
    # 61 runs are 15 spans of 4 and one of 1: every worker count splits them differently.
    outs = [ttx("--runs", "61", "--seed", "3", "--workers", w, *form) for w in ("1", "2", "3")]
    assert [o.returncode for o in outs] == [0, 0, 0]
    assert outs[0].stdout == outs[1].stdout == outs[2].stdout
    assert b"61 runs from seed 3" in outs[0].stdout or b'"runs": 61' in outs[0].stdout


@pytest.mark.parametrize("bad", ["0", "-1", "x", "2.5", "", "100000000000000000000"])
def test_a_bad_worker_count_is_one_line_naming_the_option(bad, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["simulate", "mini", "--root", str(MINI), "--runs", "5", "--workers", bad])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.count("\n") == 1
    assert err.startswith("ttx simulate: error: argument --workers: ") and "Traceback" not in err


def test_workers_without_runs_is_refused(tmp_path, capsys):
    path = tmp_path / "s.ttx"
    argv = ["simulate", "mini", "--root", str(MINI), "--workers", "2", "--session", str(path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == "ttx: error: --workers needs --runs\n" and not path.exists()


def _children(pid: int) -> list[int]:
    found = []
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone while we looked
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _busy(pid: int) -> bool:
    """The process has had a tenth of a second of CPU: a worker that is playing spans."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return int(fields[11]) + int(fields[12]) >= os.sysconf("SC_CLK_TCK") // 10


def _wait(condition, what: str, deadline: float = 30.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("target", ["group", "parent"])
def test_ctrl_c_during_a_pooled_run_exits_cleanly_and_leaves_no_worker(target):
    """A Ctrl-C in a terminal signals the whole group; `kill -INT` the parent alone."""
    proc = subprocess.Popen(
        [*SIMULATE, "--runs", "100000", "--workers", "2", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        start_new_session=True,
    )
    try:
        workers = _wait(lambda: len(_children(proc.pid)) >= 2 and _children(proc.pid), "workers")
        # Interrupted mid-sweep, with spans running and more waiting: the whole would take minutes.
        _wait(lambda: all(_busy(w) for w in workers), "the workers to be playing")
        if target == "group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err.decode()
    assert out == b"" and err == b""  # no summary, no traceback, not a word from a worker
    _wait(lambda: not any(_alive(w) for w in workers), "the workers to be gone", 10.0)


@pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="needs /proc")
def test_a_worker_killed_from_outside_is_one_line_and_no_summary():
    proc = subprocess.Popen(
        [*SIMULATE, "--runs", "100000", "--workers", "2", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        start_new_session=True,
    )
    try:
        workers = _wait(lambda: len(_children(proc.pid)) >= 2 and _children(proc.pid), "workers")
        _wait(lambda: all(_busy(w) for w in workers), "the workers to be playing")
        os.kill(workers[0], signal.SIGKILL)  # as the OOM killer would
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 2 and out == b""
    assert err.decode().splitlines() == [
        "ttx: error: a simulation worker process died; no summary (try fewer --workers)"
    ]
    _wait(lambda: not any(_alive(w) for w in workers), "the workers to be gone", 10.0)
