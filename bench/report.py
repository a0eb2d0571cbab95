"""Time `ttx report` (open + build + render + write) on a 100,000-event session, in HTML and JSON.

Target: <= 3 s each.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import MINI  # noqa: E402
from bench.store import big_session  # noqa: E402
from exercise.cli import main  # noqa: E402
from exercise.content.library import scenario_world  # noqa: E402

EVENTS = 100_000


def main_() -> None:
    world = scenario_world(MINI, "mini")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        tmp = Path(tmp)
        big = tmp / "big.ttx"
        big_session(big, world, EVENTS)
        print(
            f"report of a {EVENTS:,}-event session "
            "(open + replay + verify + build + render + write)"
        )
        for fmt in ("html", "json", "md"):
            out = tmp / f"report.{fmt}"
            times = []
            for _ in range(3):
                t = time.perf_counter()
                assert main(["report", str(big), "--format", fmt, "-o", str(out)]) == 0
                times.append(time.perf_counter() - t)
            size = out.stat().st_size
            print(
                f"  {fmt:5}: best {min(times):.3f} s, worst {max(times):.3f} s   "
                f"({size / 1e6:.1f} MB)   (target <= 3 s)"
            )


if __name__ == "__main__":
    main_()
