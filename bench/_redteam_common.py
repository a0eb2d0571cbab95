"""What every red-team family shares: its result row, the run's context, rooms and their checks."""

from __future__ import annotations

if __name__ == "__main__":  # `make bench` runs every bench/*.py; this is a part of bench/redteam.py
    raise SystemExit(0)

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench._redteam_procs import ROOT, Outcome, run, ttx

MINI = ROOT / "tests" / "fixtures" / "mini"
TEAMS = ("moscow", "tehran", "damascus", "jerusalem")

# Opens the file as a facilitator console does, appends, and closes: the last console out
# marks dead consoles closed and checkpoints, so the file alone must then verify.
CLOSER = """import sys
from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.service import FACILITATOR
s = Session.open(sys.argv[1])
s.attach(FACILITATOR)
s.execute(cmd.AddObservation("closing note", author="redteam"))
s.close()
"""


@dataclass
class Result:
    family: str
    tried: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)
    repros: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def columns(self, *names: str) -> None:
        for n in names:
            self.failures.setdefault(n, 0)

    def fail(self, column: str, repro: str, limit: int = 6) -> None:
        """Count a failure; keep its reproduction (the first `limit` per column)."""
        self.failures[column] = self.failures.get(column, 0) + 1
        if self.failures[column] <= limit:
            self.repros.append(f"[{self.family} / {column}] {repro}")

    @property
    def failed(self) -> int:
        return sum(self.failures.values())


@dataclass
class Ctx:
    tmp: Path
    quick: bool
    rng: random.Random


def make_room(path: Path, seed: int = 4) -> dict[str, str]:
    """A live mini session with four team participants; returns its codes (holder -> code)."""
    from exercise.content.library import scenario_world
    from exercise.session import Session

    world = scenario_world(MINI, "mini")
    with Session.create(
        path, world, seed=seed, participants=tuple((r, "team") for r in TEAMS)
    ) as s:
        return dict(s.state.codes)


def close_room(path: Path) -> Outcome:
    return run([sys.executable, "-c", CLOSER, str(path)], timeout=60)


def verify(path: Path, *extra: str) -> Outcome:
    return ttx("verify", str(path), *extra, timeout=60)


def observations(path: Path, after: int = 0, upto: int | None = None) -> dict[int, str]:
    """seq -> text of the ObservationAdded events, read through a fresh read-only connection."""
    from exercise.store import SessionLog

    with SessionLog(path, readonly=True) as log:
        return {
            r.seq: r.data().get("text", "")
            for r in log.rows(after=after, upto=upto)
            if r.kind == "ObservationAdded"
        }


def count_kind(path: Path, kind: str) -> int:
    from exercise.store import SessionLog

    with SessionLog(path, readonly=True) as log:
        return sum(1 for r in log.rows() if r.kind == kind)


def missing(acks: list[tuple[int, str]], kept: dict[int, str]) -> list[tuple[int, str]]:
    return [(seq, text) for seq, text in acks if kept.get(seq) != text]
