"""`ttx verify` on a 100,000-event session beside a floor measured in the same run: read every row
with sqlite3 and chain sha256 over its canonical bytes, as cheaply as Python allows (no checks,
no objects; only what any verification must do). In-process, so interpreter start-up is in
neither figure; interleaved rounds, medians.

Target: verify <= 2x the floor.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import MINI  # noqa: E402
from bench.store import big_session, floor, interleaved  # noqa: E402
from exercise.cli import main as ttx  # noqa: E402
from exercise.content.library import scenario_world  # noqa: E402

EVENTS = 100_000
ROUNDS = 5


def quiet(argv: list[str]) -> Callable[[], None]:
    """`ttx ARGV` in this process, its output swallowed; a non-zero exit stops the bench."""

    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = ttx(argv)
        if code != 0:
            raise SystemExit(f"ttx {' '.join(argv)} exited {code}")

    return run


def main() -> None:
    world = scenario_world(MINI, "mini")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        big = Path(tmp) / "big.ttx"
        big_session(big, world, EVENTS)
        m = interleaved(
            {"floor": lambda: floor(big), "verify": quiet(["verify", str(big)])}, ROUNDS
        )
    print(f"verify of a {EVENTS:,}-event session (median of {ROUNDS} interleaved rounds)")
    print(f"  floor: read + sha256 chain : {m['floor']:7.3f} s")
    print(
        f"  ttx verify                 : {m['verify']:7.3f} s   "
        f"{m['verify'] / m['floor']:5.2f}x the floor   (target <= 2x)"
    )


if __name__ == "__main__":
    main()
