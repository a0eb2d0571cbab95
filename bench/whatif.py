"""`ttx whatif` on a demo session: the roads not taken at every decision, 100 runs per option,
whole processes with one and two workers, beside a single playthrough of the demo in this
process, in the same interleaved rounds so load from elsewhere hits each alike.

Targets: two workers <= 20 s whole process, and >= 1.7x one worker.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exercise.cli.runs import cores  # noqa: E402
from exercise.content.library import scenario_world  # noqa: E402
from exercise.session.simulate import one_run, simulate_session  # noqa: E402
from exercise.session.whatif import forks, read_played  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 2
RUNS = 100
SEED = 1
SINGLE = 30  # playthroughs timed for the baseline
# `ttx whatif` as a user runs it; the import registers the command even before commands.py does.
TTX = "import sys, exercise.cli.whatif_cmds; from exercise.cli import main; sys.exit(main())"


def whole_process(session: Path, workers: int) -> tuple[float, bytes]:
    """Seconds of `ttx whatif FILE --runs RUNS --workers N --json`, start to exit; its output."""
    argv = [sys.executable, "-c", TTX, "whatif", str(session), "--runs", str(RUNS)]
    argv += ["--workers", str(workers), "--json"]
    t = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, capture_output=True)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        sys.exit(f"bench: ttx whatif --workers {workers} failed: {done.stderr[-300:]!r}")
    return elapsed, done.stdout


def single(world: dict, first: int) -> float:
    """Seconds per bot playthrough of the demo from its start, in this process."""
    t = time.perf_counter()
    for n in range(SINGLE):
        one_run(world, first + n)
    return (time.perf_counter() - t) / SINGLE


def main() -> None:
    world = scenario_world(ROOT, "demo")
    one_run(world, 0)  # loads the engine's modules before timing
    with tempfile.TemporaryDirectory() as folder:
        session = Path(folder) / "demo.ttx"
        simulate_session(world, SEED, session).close()
        played = read_played(session)
        found, skipped = forks(played)
        options = sum(len(f.options) for f in found)
        figures: dict[str, list[float]] = {"single": [], "w1": [], "w2": []}
        outputs: set[bytes] = set()
        load_before = os.getloadavg()[0]
        for r in range(ROUNDS):
            figures["single"].append(single(world, 1000 + r * SINGLE))
            # One worker then two, then two then one: neither always runs after the other.
            for w in (1, 2) if r % 2 == 0 else (2, 1):
                elapsed, out = whole_process(session, w)
                figures[f"w{w}"].append(elapsed)
                outputs.add(out)
    if len(outputs) != 1:
        sys.exit("bench: ttx whatif gave different results with one and two workers")
    med = {k: statistics.median(v) for k, v in figures.items()}
    total = options * RUNS
    print(
        f"roads not taken of a demo session (seed {SEED}, {played.state.seq} events): "
        f"{len(found)} decisions, {options} options, {RUNS} runs each = {total:,} playthroughs "
        f"({len(skipped)} decision(s) with one option); median of {ROUNDS} interleaved rounds, "
        f"{cores()} cores, load average {load_before:.2f} -> {os.getloadavg()[0]:.2f}"
    )
    print(
        f"  one playthrough of the demo from its start : {med['single'] * 1000:6.1f} ms "
        f"(baseline; {total:,} of them would take {med['single'] * total:.1f} s)"
    )
    print(
        f"  ttx whatif --workers 1                     : {med['w1']:6.1f} s whole process   "
        f"{total / med['w1']:6.0f} runs/s"
    )
    print(
        f"  ttx whatif --workers 2                     : {med['w2']:6.1f} s whole process   "
        f"{total / med['w2']:6.0f} runs/s   (target <= 20 s)"
    )
    print(
        f"  two workers / one                          : {med['w1'] / med['w2']:6.2f}x   "
        "(target >= 1.7x)"
    )


if __name__ == "__main__":
    main()
