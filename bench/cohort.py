"""`ttx cohort` over 50 bot sessions of the largest shipped scenario, in each format, beside
baselines measured in the same run: `ttx report` of one of them, and of all fifty one after
another (the same reading of every file, fifty times a report's work). In this process, so
interpreter start-up is in no figure; interleaved rounds, medians.

Target: the cohort of 50 sessions <= 10 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import exercise.cli.cohort_cmds  # noqa: E402,F401  (registers `ttx cohort` until commands.py does)
from bench._common import ROOT  # noqa: E402
from bench.store import interleaved  # noqa: E402
from bench.verify import quiet  # noqa: E402
from exercise.content.library import load_library, scenario_world  # noqa: E402
from exercise.session.simulate import simulate_session  # noqa: E402

SESSIONS = 50
ROUNDS = 3
TARGET = 10.0
FORMATS = ("md", "html", "json")


def main() -> None:
    lib = load_library(ROOT)
    largest = max(lib.scenarios.values(), key=lambda s: (len(s.all_inject_ids()), len(s.turns)))
    world = scenario_world(ROOT, largest.id)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        paths = [Path(tmp) / f"s{seed:02d}.ttx" for seed in range(1, SESSIONS + 1)]
        events = 0
        for seed, path in enumerate(paths, 1):
            with simulate_session(world, seed, path) as s:
                events += s.state.seq
        files = [str(p) for p in paths]
        out = Path(tmp) / "out"
        reports = [quiet(["report", f, "--format", "json", "-o", str(out)]) for f in files]
        jobs: dict[str, Callable[[], object]] = {
            "ttx report of one session": reports[0],
            f"ttx report of each of the {SESSIONS}": lambda: [r() for r in reports],
        }
        for fmt in FORMATS:
            target = str(Path(tmp) / f"cohort.{fmt}")
            jobs[f"ttx cohort --format {fmt}"] = quiet(["cohort", *files, "-o", target])
        load = os.getloadavg()[0]
        m = interleaved(jobs, ROUNDS)
        sizes = {fmt: (Path(tmp) / f"cohort.{fmt}").stat().st_size for fmt in FORMATS}
    one = m["ttx report of one session"]
    print(
        f"cohort of {SESSIONS} sessions of '{largest.id}' ({events / SESSIONS:.0f} events each; "
        f"median of {ROUNDS} interleaved rounds; load average {load:.2f} -> "
        f"{os.getloadavg()[0]:.2f})"
    )
    for name, t in m.items():
        line = f"  {name:28}: {t:7.3f} s  {t / one:6.1f}x one report"
        fmt = name.removeprefix("ttx cohort --format ")
        if fmt in sizes:
            verdict = "ok" if t <= TARGET else "OVER"
            line += f"  ({sizes[fmt] / 1e3:6.0f} kB)   target <= {TARGET:g} s: {verdict}"
        print(line)


if __name__ == "__main__":
    main()
