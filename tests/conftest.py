from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
MINI_TEXTS = MINI / "texts"


def shared_sources() -> Path | None:
    env = os.environ.get("TTX_SOURCES")
    for candidate in (env, ROOT.parent / "shared" / "sources"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


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
