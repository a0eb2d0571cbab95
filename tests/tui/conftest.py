from pathlib import Path

import pytest

from exercise.session import Session

T0 = 1_790_000_000.0


class FixedClock:
    """Wall time that moves only when a test says so (snapshots and clocks stay stable)."""

    def __init__(self, now: float = T0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def session_file(tmp_path, mini_world, clock) -> Path:
    path = tmp_path / "mini.ttx"
    participants = (("moscow", "facilitator"), ("tehran", "facilitator"), ("damascus", "team"), ("jerusalem", "bot"))
    codes = tuple((r, f"CODE{i}") for i, (r, _) in enumerate(participants))
    Session.create(path, mini_world, seed=11, participants=participants, codes=codes, clock=clock).close()
    return path


def kinds(path: Path) -> list[str]:
    s = Session.open(path)
    try:
        return [r.kind for r in s.rows()]
    finally:
        s.close()
