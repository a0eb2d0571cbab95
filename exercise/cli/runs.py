"""ttx simulate --runs: how many playthroughs and workers are sensible, and the progress line.

Progress goes to standard error only, so the summary on standard output (and --json) is the
same with or without it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

MAX_RUNS = 100_000
TTY_INTERVAL = 0.1  # seconds between redraws of the line on a terminal
PLAIN_MARKS = 4  # lines when standard error is a file or a pipe: at each quarter


def cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity mask)."""
    # Here, not in session: parsing --workers imports nothing of the engine, so a Ctrl-C that
    # early still ends quietly (main catches it only once a command runs).
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def max_workers() -> int:
    # More workers than cores only share them; the limit stops a typo from forking thousands.
    return max(8, 4 * cores())


def workers_arg(text: str) -> int:
    """--workers N: a whole number from 1 to max_workers(); argparse names the option."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    limit = max_workers()
    if not 1 <= value <= limit:
        raise argparse.ArgumentTypeError(f"'{text}' is not between 1 and {limit}")
    return value


def too_many(world: dict, runs: int, seed: int, workers: int = 1) -> str | None:
    """None if `runs` is within the limit, else a one-line refusal saying how long it would take."""
    if runs <= MAX_RUNS:
        return None
    per_run = seconds_per_run(world, seed)
    on = f" on {workers} workers" if workers > 1 else ""
    return (
        f"--runs {runs:,}: more than the limit of {MAX_RUNS:,} "
        f"(at about {per_run * 1000:.0f} ms a run here, "
        f"that would take {duration(per_run * runs / workers)}{on}); "
        f"run at most {MAX_RUNS:,} at a time, the next batch with --seed {seed + MAX_RUNS}"
    )


def seconds_per_run(world: dict, seed: int, sample: int = 3) -> float:
    from exercise.session.simulate import one_run

    one_run(world, seed)  # not timed: the first run loads the engine's modules
    start = time.perf_counter()
    for n in range(sample):
        one_run(world, seed + 1 + n)
    return (time.perf_counter() - start) / sample


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"about {max(1, round(seconds))} s"
    if seconds < 90 * 60:
        return f"about {round(seconds / 60)} minutes"
    if seconds < 48 * 3600:
        return f"about {seconds / 3600:.1f} hours"
    return f"about {seconds / 86400:.1f} days"


class Progress:
    """`progress(done, total)` for many_runs. On a terminal, one line redrawn in place with \\r
    (at most every TTY_INTERVAL) and cleared at the end; otherwise a plain line at each quarter."""

    def __init__(
        self, label: str, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
    ):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = clock()
        self.drawn = -TTY_INTERVAL
        self.mark = 0
        self.on_screen = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.tty:
            if now - self.drawn >= TTY_INTERVAL or done == total:
                self.drawn = now
                self._put(f"\r{self._text(done, total, now)}\x1b[K")
                self.on_screen = True
            return
        # Plain lines only where a quarter is crossed: a log gets a few, not one per run.
        mark = done * PLAIN_MARKS // total
        if mark > self.mark:
            self.mark = mark
            self._put(self._text(done, total, now) + "\n")

    def _text(self, done: int, total: int, now: float) -> str:
        elapsed = now - self.start
        text = f"{self.label}: {done:,}/{total:,} runs ({done * 100 // total}%)"
        if done == total:
            return f"{text} in {duration(elapsed).removeprefix('about ')}"
        return f"{text}, {duration(elapsed / done * (total - done))} left" if done else text

    def _put(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type, *_exc) -> None:
        if self.on_screen:
            # Done: the line goes, so the summary starts clean. Stopped: it stays, where it stopped.
            self._put("\r\x1b[K" if exc_type is None else "\n")
