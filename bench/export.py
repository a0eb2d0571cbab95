"""`ttx export` of a 100,000-event session in each format, beside two baselines measured in the
same run: the floor (read every row and chain sha256 over it, bench/store.py) and the replay
(`Session.open`: read, decode and fold, which the export needs anyway). In this process, so
interpreter start-up is in no figure; interleaved rounds, medians.

Target: each export <= 3 s. What the export adds to the replay it cannot do without is shown
apart, as the figure a loaded machine moves least.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import exercise.cli.export_cmds  # noqa: E402,F401  (registers `ttx export` until commands.py does)
from bench._common import MINI  # noqa: E402
from bench.store import big_session, floor, interleaved  # noqa: E402
from bench.verify import quiet  # noqa: E402
from exercise.content.library import scenario_world  # noqa: E402
from exercise.session import Session  # noqa: E402

EVENTS = 100_000
ROUNDS = 3
TARGET = 3.0
OUTPUTS = {"csv": "tables", "csv (.zip)": "tables.zip", "xlsx": "book.xlsx", "jsonl": "rows.jsonl"}


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def main() -> None:
    world = scenario_world(MINI, "mini")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        big = Path(tmp) / "big.ttx"
        big_session(big, world, EVENTS)

        def replay() -> None:
            with Session.open(big, readonly=True) as s:
                assert s.state.seq == EVENTS

        jobs: dict[str, Callable[[], object]] = {
            "floor: read + sha256 chain": lambda: floor(big),
            "replay (Session.open)": replay,
        }
        for name, out in OUTPUTS.items():
            fmt = name.split()[0]
            jobs[f"ttx export --format {name}"] = quiet(
                ["export", str(big), "--format", fmt, "-o", str(Path(tmp) / out)]
            )
        load = os.getloadavg()[0]
        m = interleaved(jobs, ROUNDS)
        sizes = {name: _size(Path(tmp) / out) for name, out in OUTPUTS.items()}
    base, replayed = m["floor: read + sha256 chain"], m["replay (Session.open)"]
    print(
        f"export of a {EVENTS:,}-event session (median of {ROUNDS} interleaved rounds; "
        f"load average {load:.2f} -> {os.getloadavg()[0]:.2f})"
    )
    for name, t in m.items():
        line = f"  {name:34}: {t:7.3f} s  {t / base:5.2f}x the floor"
        fmt = name.removeprefix("ttx export --format ")
        if fmt in sizes:
            verdict = "ok" if t <= TARGET else "OVER"
            line += (
                f"  +{t - replayed:5.2f} s over the replay  ({sizes[fmt] / 1e6:5.1f} MB)   "
                f"target <= {TARGET:g} s: {verdict}"
            )
        print(line)


if __name__ == "__main__":
    main()
