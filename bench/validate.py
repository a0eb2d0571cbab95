"""ttx validate on 5,000 synthetic injects vs a bare CSafeLoader parse of the same files,
the two interleaved round by round so load from elsewhere on the machine hits both alike.

Twice: as the synthetic injects come (listed by no scenario), then with each listed by one of two
scenarios and given a title, body and quotes of its own drawn from the shipped injects, so that
the checks that only read what scenarios use (near-duplicate injects across scenarios) do their
work on all 5,000.

Target: validate <= 2x the bare parse.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from bench._common import ROOT, synthetic_root  # noqa: E402
from exercise.content.validate import validate  # noqa: E402

N = 5000
ROUNDS = 3


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def used_root(dest: Path) -> Path:
    """The synthetic root with every synthetic inject in one of two scenarios, each with a title,
    a body and a quote of its own, drawn (seeded) from the shipped injects."""
    root = synthetic_root(dest, N)
    rng = random.Random(16)
    shipped = [yaml.safe_load(p.read_bytes()) for p in sorted((ROOT / "injects").rglob("*.yaml"))]
    sentences = [
        s for d in shipped for s in d["body"].replace("\n", " ").split(". ") if len(s) > 30
    ]
    quotes = [c["quote"] for d in shipped for c in d["sources"]]
    words = " ".join(d["title"] for d in shipped).split()
    folder = root / "injects" / "synthetic"
    ids = []
    for path in sorted(folder.glob("*.yaml")):
        title = json.dumps(" ".join(rng.sample(words, 5)), ensure_ascii=False)
        body = ". ".join(rng.sample(sentences, 5)) + "."
        quote = json.dumps(rng.choice(quotes), ensure_ascii=False)
        text = path.read_text().replace("title: Test inject t1-news", f"title: {title}")
        text = text.replace("literally: t1-news.", f"literally. {body}")
        text = text.replace(
            '"one wanted a negotiated settlement, the other a military victory"', quote
        )
        path.write_text(text)
        ids.append(path.stem)
    scenario = (root / "scenarios" / "mini.yaml").read_text()
    for n, half in enumerate((ids[::2], ids[1::2])):
        listed = scenario.replace("id: mini\n", f"id: half-{n}\n")
        listed = listed.replace("manual: [manual-1]", f"manual: [manual-1, {', '.join(half)}]")
        (root / "scenarios" / f"half-{n}.yaml").write_text(listed)
    return root


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        measure(synthetic_root(Path(tmp) / "content", N), "synthetic injects")
        measure(used_root(Path(tmp) / "used"), "synthetic injects, each in a scenario")


def measure(root: Path, what: str) -> None:
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
    print(f"validate: {len(files)} files ({N} {what}), median of {ROUNDS} rounds")
    print(f"  bare CSafeLoader parse : {statistics.median(bares):7.3f} s")
    print(f"  ttx validate           : {statistics.median(fulls):7.3f} s")
    print(f"  ratio (per round)      : {ratio:7.2f}x   (target <= 2.0x)")


if __name__ == "__main__":
    main()
