from __future__ import annotations

import os
from pathlib import Path

import pytest

from exercise.session import Session

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
MINI_TEXTS = MINI / "texts"


def shared_sources() -> Path | None:
    env = os.environ.get("TTX_SOURCES")
    for candidate in (env, ROOT.parent / "shared" / "sources"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture(autouse=True)
def own_state_folder(tmp_path_factory, monkeypatch) -> Path:
    """Each test keeps its recent list and start caches in a folder of its own, never the user's."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def mini_world() -> dict:
    from exercise.content import scenario_world

    return scenario_world(MINI, "mini")


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    import shutil

    dest = tmp_path / "content"
    shutil.copytree(MINI, dest)
    return dest

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
