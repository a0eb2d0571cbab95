"""`ttx simulate --runs` on the largest shipped scenario, whole processes with one and two workers,
beside the engine alone in this process (its world model built once, and built at every call as
it was before the cache), all in the same interleaved rounds so load from elsewhere hits each alike.

Targets: two workers >= 250 runs/s whole process, and >= 1.8x one worker.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import exercise.engine.evolve as evolve_module  # noqa: E402
import exercise.engine.world as world_module  # noqa: E402
from exercise.cli.runs import cores  # noqa: E402
from exercise.content.library import load_library, scenario_world  # noqa: E402
from exercise.session.simulate import one_run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
WHOLE = 1500  # runs per whole process: long enough that start-up is a part, not the whole
IN_PROCESS = 150


def whole_process(scenario: str, workers: int) -> float:
    """Runs/s of `ttx simulate SCENARIO --runs WHOLE --workers N`, start to exit."""
    argv = [sys.executable, "-m", "exercise", "simulate", scenario, "--root", str(ROOT)]
    argv += ["--runs", str(WHOLE), "--workers", str(workers), "--json"]
    t = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(argv[2:])} failed: {done.stderr.strip()[-300:]}")
    return WHOLE / elapsed


@contextlib.contextmanager
def world_built_every_call() -> Iterator[None]:
    # What a playthrough cost before the cache: decide, evolve and the fold each built the world.
    saved = world_module.world_from_raw, evolve_module.world_from_raw
    world_module.world_from_raw = evolve_module.world_from_raw = world_module._build
    try:
        yield
    finally:
        world_module.world_from_raw, evolve_module.world_from_raw = saved


def in_process(world: dict, seed: int) -> float:
    t = time.perf_counter()
    for n in range(IN_PROCESS):
        one_run(world, seed + n)
    return IN_PROCESS / (time.perf_counter() - t)


def main() -> None:
    lib = load_library(ROOT)
    largest = max(lib.scenarios.values(), key=lambda s: (len(s.all_inject_ids()), len(s.turns)))
    world = scenario_world(ROOT, largest.id)
    events = one_run(world, 0).state.seq  # also loads the engine's modules before timing
    figures: dict[str, list[float]] = {k: [] for k in ("rebuilt", "cached", "w1", "w2")}
    load_before = os.getloadavg()[0]
    for r in range(ROUNDS):
        with world_built_every_call():
            figures["rebuilt"].append(in_process(world, r * IN_PROCESS))
        figures["cached"].append(in_process(world, r * IN_PROCESS))
        # One worker then two, then two then one: neither always runs after the other.
        for w in (1, 2) if r % 2 == 0 else (2, 1):
            figures[f"w{w}"].append(whole_process(largest.id, w))
    med = {k: statistics.median(v) for k, v in figures.items()}
    print(
        f"playthroughs of '{largest.id}' ({len(largest.all_inject_ids())} injects, "
        f"{len(largest.turns)} turns, {events} events each); median of {ROUNDS} interleaved "
        f"rounds, {cores()} cores, load average {load_before:.2f} -> {os.getloadavg()[0]:.2f}"
    )
    print(f"  in this process, world built every call : {med['rebuilt']:7.1f} runs/s (before)")
    print(
        f"  in this process, world built once       : {med['cached']:7.1f} runs/s   "
        f"{med['cached'] / med['rebuilt']:.2f}x"
    )
    print(f"  ttx simulate --runs {WHOLE} --workers 1   : {med['w1']:7.1f} runs/s whole process")
    print(
        f"  ttx simulate --runs {WHOLE} --workers 2   : {med['w2']:7.1f} runs/s whole process   "
        f"(target >= 250/s)"
    )
    print(
        f"  two workers / one                       : {med['w2'] / med['w1']:7.2f}x   "
        "(target >= 1.8x)"
    )


if __name__ == "__main__":
    main()
