"""Calibration: each stated chance scored against the ruling that settled it; the Brier score and
the reliability bands as their definitions say; over- and under-confidence in words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine.calibration import Forecast, calibration, forecasts
from tests.engine.helpers import Game
from tests.engine.test_properties import SETTINGS

DID = "moscow:t1-moscow"


def _forecast(p: float, hit: bool) -> Forecast:
    return Forecast("moscow", "confidence", p, hit, 1, (DID,), "r1")


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 100), st.booleans()), min_size=1, max_size=40))
def test_brier_and_bands_follow_their_definitions(pairs):
    scored = [_forecast(p / 100, hit) for p, hit in pairs]
    c = calibration("moscow", scored)
    assert c is not None
    assert c.brier == pytest.approx(sum((p / 100 - hit) ** 2 for p, hit in pairs) / len(pairs))
    assert 0 <= c.brier <= 1
    assert sum(b.count for b in c.bands) == len(pairs)
    for b in c.bands:
        assert b.low <= round(b.mean_forecast * 100, 6) <= b.high
    assert calibration("tehran", scored) is None


def test_words_say_which_way_a_team_leans():
    sure = calibration("moscow", [_forecast(0.9, False)] * 3 + [_forecast(0.9, True)])
    assert sure is not None and sure.in_words().startswith("over-confident by 65 points")
    timid = calibration("moscow", [_forecast(0.2, True)] * 4)
    assert timid is not None and timid.in_words().startswith("under-confident by 80 points")
    fair = calibration("moscow", [_forecast(0.5, True), _forecast(0.5, False)])
    assert fair is not None and fair.in_words().startswith("well calibrated")


def test_a_ruling_scores_the_confidence_and_the_estimates_and_a_voided_one_nothing(mini_world):
    g = Game(mini_world)
    g.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop", "", "why", confidence=80))
    g.run(cmd.AskEstimates((DID,)))
    g.run(cmd.GiveEstimate("e1", "tehran", 30))
    assert forecasts(g.state) == []  # nothing settled yet
    g.run(cmd.Adjudicate((DID,), "Settled", method="estimative", odds=100))
    scored = forecasts(g.state)
    assert [(f.role, f.kind, f.probability, f.came_true) for f in scored] == [
        ("moscow", "confidence", 0.8, True),
        ("tehran", "estimate", 0.3, True),
    ]
    g.run(cmd.VoidRuling("r1", "mistaken"))
    assert forecasts(g.state) == []


def test_a_ruling_by_the_rules_comes_true_when_its_changes_are_worth_something(mini_world):
    g = Game(mini_world)
    g.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop", "", "why", confidence=60))
    g.run(cmd.Adjudicate((DID,), "Nothing moved", method="free"))
    [f] = forecasts(g.state)
    assert f.came_true is False  # no change is worth nothing to anyone
