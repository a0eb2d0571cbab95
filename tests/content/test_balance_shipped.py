"""Every shipped scenario meets the design targets of `ttx balance --strict`, and in the same
200 bot runs every inject can come out (one sweep per scenario serves both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise.content.library import load, scenario_world
from exercise.engine.world import world_from_raw
from exercise.session.balance import analyse
from exercise.session.simulate import sweep

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(load(ROOT).library.scenarios)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_shipped_scenario_passes_balance_strict(scenario):
    raw = scenario_world(ROOT, scenario)
    summary = sweep(raw, 200, workers=2)  # the same summary as one process gives, sooner
    balance = analyse(world_from_raw(raw), summary)
    broken = [
        f"{c.name}: {c.value} (target {c.target}) {c.detail}" for c in balance.checks if not c.ok
    ]
    assert not broken, "\n".join(broken)
    # reachable: nothing but manual injects stays in the drawer, every scheduled one mostly out
    assert summary["never_fired"] == [], summary["never_fired"]
    for item in summary["injects"]:
        if item["kind"] == "scheduled":
            assert item["share"] > 0.5, item
