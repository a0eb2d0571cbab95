"""`ttx report` (open + replay + verify + build + render + write) on a 100,000-event session, in
each format, beside a floor measured in the same run: reading every row and chaining sha256 over
it (bench/store.py). The model alone (`report_of_file`: the one pass over the log, and the build)
is shown too, so that what rendering adds is seen apart. Interleaved rounds, medians.

Target: each report <= 2x the floor.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import MINI  # noqa: E402
from bench.store import big_session, floor, interleaved  # noqa: E402
from bench.verify import quiet  # noqa: E402
from exercise.content.library import scenario_world  # noqa: E402
from exercise.review.report_model import report_of_file  # noqa: E402

EVENTS = 100_000
ROUNDS = 5
FORMATS = ("html", "json", "md")


def main_() -> None:
    world = scenario_world(MINI, "mini")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        big = Path(tmp) / "big.ttx"
        big_session(big, world, EVENTS)
        jobs: dict[str, Callable[[], object]] = {
            "floor: read + sha256 chain": lambda: floor(big),
            "the model (one pass + build)": lambda: report_of_file(big),
        }
        for fmt in FORMATS:
            out = str(Path(tmp) / f"report.{fmt}")
            jobs[f"ttx report --format {fmt}"] = quiet(
                ["report", str(big), "--format", fmt, "-o", out]
            )
        m = interleaved(jobs, ROUNDS)
        sizes = {fmt: (Path(tmp) / f"report.{fmt}").stat().st_size for fmt in FORMATS}
    base = m["floor: read + sha256 chain"]
    print(f"report of a {EVENTS:,}-event session (median of {ROUNDS} interleaved rounds)")
    for name, t in m.items():
        fmt = name.rpartition(" ")[2]
        size = f"  ({sizes[fmt] / 1e6:4.1f} MB)" if fmt in sizes else ""
        target = "   (target <= 2x)" if name.startswith("ttx") else ""
        print(f"  {name:29}: {t:7.3f} s  {t / base:5.2f}x the floor{size}{target}")


if __name__ == "__main__":
    main_()
