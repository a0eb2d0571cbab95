"""Bot playthroughs per second on the largest shipped scenario, in memory as `simulate --runs` does.

Target: >= 100 playthroughs/s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exercise.content.library import load_library, scenario_world  # noqa: E402
from exercise.session.simulate import one_run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    lib = load_library(ROOT)
    largest = max(lib.scenarios.values(), key=lambda s: (len(s.all_inject_ids()), len(s.turns)))
    world = scenario_world(ROOT, largest.id)
    runs = 300
    one_run(world, 0)
    t = time.perf_counter()
    events = 0
    for seed in range(runs):
        events += one_run(world, seed).state.seq
    elapsed = time.perf_counter() - t
    print(
        f"playthroughs of '{largest.id}' ({len(largest.all_inject_ids())} injects, "
        f"{len(largest.turns)} turns)"
    )
    print(
        f"  {runs / elapsed:8.1f} playthroughs/s   (target >= 100/s), "
        f"{events / runs:.0f} events each"
    )


if __name__ == "__main__":
    main()
