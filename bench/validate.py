"""ttx validate on 5,000 synthetic injects vs a bare CSafeLoader parse of the same files.

Target: validate <= 2x the bare parse.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from bench._common import best_of, synthetic_root  # noqa: E402
from exercise.content.validate import validate  # noqa: E402

N = 5000


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
        t_bare = best_of(bare)
        t_full = best_of(full)
        print(f"validate: {len(files)} files ({N} synthetic injects)")
        print(f"  bare CSafeLoader parse : {t_bare:7.3f} s")
        print(f"  ttx validate           : {t_full:7.3f} s")
        print(f"  ratio                  : {t_full / t_bare:7.2f}x   (target <= 2.0x)")


if __name__ == "__main__":
    main()
