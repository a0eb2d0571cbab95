"""Every shipped scenario meets the design targets of `ttx balance --strict`, and in the same
200 bot runs every inject can come out (one sweep per scenario serves both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise.content.library import load, scenario_world
from exercise.engine.world import world_from_raw
from exercise.session.balance import analyse
from exercise.session.simulate import many_runs

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(load(ROOT).library.scenarios)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_shipped_scenario_passes_balance_strict(scenario):
    raw = scenario_world(ROOT, scenario)
    balance = analyse(world_from_raw(raw), many_runs(raw, 200))
    broken = [
        f"{c.name}: {c.value} (target {c.target}) {c.detail}" for c in balance.checks if not c.ok
    ]
    assert not broken, "\n".join(broken)
