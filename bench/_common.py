"""Shared helpers for the benchmarks: timing and a synthetic content root."""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def median_of(values) -> float:
    return statistics.median(values)


def synthetic_root(dest: Path, injects: int) -> Path:
    """The mini fixture plus `injects` generated injects, all valid."""
    shutil.copytree(MINI, dest)
    template = (MINI / "injects" / "t1-news.yaml").read_text()
    folder = dest / "injects" / "synthetic"
    folder.mkdir()
    for n in range(injects):
        text = template.replace("id: t1-news", f"id: syn-{n:05d}").replace(
            "t1-news-coop", f"syn-{n:05d}-coop"
        )
        (folder / f"syn-{n:05d}.yaml").write_text(text)
    return dest
