"""ttx validate on 5,000 synthetic injects vs a bare CSafeLoader parse of the same files,
the two interleaved round by round so load from elsewhere on the machine hits both alike.

Target: validate <= 2x the bare parse.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from bench._common import synthetic_root  # noqa: E402
from exercise.content.validate import validate  # noqa: E402

N = 5000
ROUNDS = 3


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = synthetic_root(Path(tmp) / "content", N)
        files = sorted(root.rglob("*.yaml"))

        def bare() -> None:
            for f in files:
                yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)

        def full() -> None:
            report = validate(root)
            assert not report.problems, report.problems[:3]

        full()  # warm the schema cache, as a long-running process would
        bares, fulls = [], []
        for r in range(ROUNDS):
            # Each goes first in every other round: neither always inherits a warmer cache.
            pair = (bare, full) if r % 2 == 0 else (full, bare)
            times = {fn: timed(fn) for fn in pair}
            bares.append(times[bare])
            fulls.append(times[full])
        ratio = statistics.median(f / b for f, b in zip(fulls, bares, strict=True))
        print(f"validate: {len(files)} files ({N} synthetic injects), median of {ROUNDS} rounds")
        print(f"  bare CSafeLoader parse : {statistics.median(bares):7.3f} s")
        print(f"  ttx validate           : {statistics.median(fulls):7.3f} s")
        print(f"  ratio (per round)      : {ratio:7.2f}x   (target <= 2.0x)")


if __name__ == "__main__":
    main()
