"""ttx simulate --runs N: progress on standard error (stdout unchanged), and a limit on N."""

import io
import json
import os
import pty
import subprocess
import sys
import threading

from exercise.cli import main
from exercise.cli.runs import MAX_RUNS, PLAIN_MARKS, Progress
from exercise.content.library import scenario_world
from exercise.session.simulate import many_runs
from tests.conftest import MINI, ROOT

SIMULATE = ["simulate", "mini", "--root", str(MINI)]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Ticks:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_progress_is_a_few_lines_not_one_per_run():
    for total in (1, 2, 3, 7, 1000):
        out = io.StringIO()
        with Progress("mini", out) as progress:
            for done in range(1, total + 1):
                progress(done, total)
        lines = out.getvalue().splitlines()
        assert 1 <= len(lines) <= PLAIN_MARKS and "\r" not in out.getvalue()
        assert lines[-1].startswith(f"mini: {total:,}/{total:,} runs (100%) in ")


def test_a_terminal_gets_one_line_redrawn_in_place_then_cleared():
    out, clock = Terminal(), Ticks()
    with Progress("mini", out, clock=clock) as progress:
        for done in range(1, 1001):
            clock.now += 0.001  # a run a millisecond: a redraw every hundred runs
            progress(done, 1000)
    text = out.getvalue()
    assert "\n" not in text and text.endswith("\r\x1b[K")
    frames = [f for f in text.replace("\x1b[K", "").split("\r") if f]
    assert 9 <= len(frames) <= 12 and frames[-1].startswith("mini: 1,000/1,000 runs (100%)")
    assert "left" in frames[len(frames) // 2]


def test_an_interrupted_run_leaves_its_line_where_it_stopped():
    out = Terminal()
    try:
        with Progress("mini", out) as progress:
            progress(3, 10)
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert out.getvalue().endswith("\n") and "3/10 runs" in out.getvalue()


def test_json_is_unchanged_and_progress_goes_to_stderr(capsys):
    assert main([*SIMULATE, "--runs", "40", "--seed", "2", "--json"]) == 0
    out, err = capsys.readouterr()
    assert (
        out
        == json.dumps(many_runs(scenario_world(MINI, "mini"), 40, 2), indent=2, ensure_ascii=False)
        + "\n"
    )
    assert 1 <= len(err.splitlines()) <= PLAIN_MARKS and "40/40 runs (100%)" in err


def test_on_a_terminal_stdout_is_byte_identical():
    """A real process whose stderr is a terminal: the line is redrawn there, stdout is the same."""
    argv = [sys.executable, "-m", "exercise", *SIMULATE, "--runs", "150", "--json"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    piped = subprocess.run(argv, capture_output=True, env=env, timeout=120)
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=120)
    reader.join(10)
    os.close(master)
    assert proc.returncode == piped.returncode == 0
    assert out == piped.stdout
    tty = seen.decode()
    assert "\r" in tty and "\n" not in tty and "150/150 runs (100%)" in tty
    assert piped.stderr.decode().count("\n") <= PLAIN_MARKS


def test_absurd_counts_are_refused_with_the_limit_and_the_time(capsys):
    assert main([*SIMULATE, "--runs", str(10 * MAX_RUNS)]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == "" and len(lines) == 1
    assert lines[0].startswith("ttx: error: --runs 1,000,000: more than the limit of 100,000")
    assert "ms a run" in lines[0] and "would take about" in lines[0] and "--seed 100001" in lines[0]
