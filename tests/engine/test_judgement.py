"""The teams' judgement in the engine: the confidence a team gives a decision, estimates before an
estimative ruling (the mean or the white cell's odds, a d100 seen before it is recorded),
feedback once the session has ended, and an evaluator's rating of an objective."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.engine.events import DecisionSubmitted, ObservationAdded, to_payload
from exercise.engine.judgement import next_d100, roll_text
from tests.engine.helpers import Game
from tests.engine.test_properties import SETTINGS

DID = "moscow:t1-moscow"


def _decided(world, confidence: int = -1) -> Game:
    g = Game(world)
    g.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop", "", "why", confidence=confidence))
    return g


def test_a_decision_keeps_its_confidence_and_an_amendment_revises_it(mini_world):
    g = _decided(mini_world, 70)
    assert g.state.decisions[DID].confidence == 70
    g.run(cmd.AmendDecision("moscow", "t1-moscow", "coop", "", "why", confidence=40))
    assert g.state.decisions[DID].confidence == 40
    assert g.replay() == g.state


@pytest.mark.parametrize("confidence", [-2, 101, 1000])
def test_a_confidence_outside_0_to_100_is_refused(mini_world, confidence):
    with pytest.raises(Refused, match="0 to 100"):
        _decided(mini_world, confidence)


def test_without_the_new_fields_an_event_is_written_as_before(mini_world):
    g = _decided(mini_world)
    submitted = next(e for e in g.events if isinstance(e, DecisionSubmitted))
    assert "confidence" not in to_payload(submitted)  # same bytes, same hashes as before
    g.run(cmd.AddObservation("seen"))
    note = next(e for e in g.events if isinstance(e, ObservationAdded))
    assert {"rating", "about"}.isdisjoint(to_payload(note))


def test_estimates_their_mean_and_the_d100_seen_are_what_the_ruling_records(mini_world):
    g = _decided(mini_world)
    g.run(cmd.AskEstimates((DID,)))
    g.run(cmd.GiveEstimate("e1", "moscow", 80, "they need us"))
    g.run(cmd.GiveEstimate("e1", "tehran", 30))
    g.run(cmd.GiveEstimate("e1", "moscow", 60, "second thoughts"))  # the latest stands
    request = g.state.estimates[0]
    assert [(e.role, e.percent) for e in request.given] == [("moscow", 60), ("tehran", 30)]
    assert request.mean() == 45
    seen, draw = next_d100(g.state), g.state.rng_draws
    g.run(
        cmd.Adjudicate(
            (DID,),
            "As the odds fell",
            method="estimative",
            deltas=(("cohesion", 1),),
            fail_deltas=(("cohesion", -1),),
            rolled_draw=draw,
        )
    )
    ruling = g.state.rulings[-1]
    m = ruling.matrix
    assert m is not None
    assert (m["odds"], m["roll"], m["estimates"]) == (45, seen, {"moscow": 60, "tehran": 30})
    assert m["success"] == (seen <= 45)
    assert ruling.deltas == ({"cohesion": 1} if m["success"] else {"cohesion": -1})
    assert g.state.estimates[0].ruling_id == ruling.ruling_id
    assert roll_text(m).startswith(f"d100 {seen} vs odds of 45%")
    with pytest.raises(Refused, match="already ruled"):
        g.run(cmd.GiveEstimate("e1", "tehran", 50))
    g.run(cmd.VoidRuling(ruling.ruling_id, "wrong odds"))
    assert g.state.estimates[0].ruling_id == ""  # open again for the ruling made anew
    g.run(cmd.GiveEstimate("e1", "tehran", 50))
    assert g.replay() == g.state


def test_an_estimative_ruling_needs_estimates_or_odds(mini_world):
    g = _decided(mini_world)
    with pytest.raises(Refused, match="set the odds yourself"):
        g.run(cmd.Adjudicate((DID,), "No one said", method="estimative"))
    with pytest.raises(Refused, match="0 to 100"):
        g.run(cmd.Adjudicate((DID,), "Too sure", method="estimative", odds=140))
    g.run(cmd.Adjudicate((DID,), "The white cell's odds", method="estimative", odds=100))
    assert g.state.rulings[-1].matrix["success"] is True  # d100 is at most 100


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (cmd.AskEstimates(()), "at least one"),
        (cmd.AskEstimates(("tehran:t1-tehran",)), "no open decision"),
        (cmd.GiveEstimate("e7", "moscow", 50), "no request"),
    ],
)
def test_what_cannot_be_estimated_is_refused(mini_world, command, reason):
    with pytest.raises(Refused, match=reason):
        _decided(mini_world).run(command)


def test_the_same_decisions_are_asked_about_once_at_a_time(mini_world):
    g = _decided(mini_world)
    g.run(cmd.AskEstimates((DID,)))
    with pytest.raises(Refused, match="already asked"):
        g.run(cmd.AskEstimates((DID,)))


@SETTINGS
@given(percent=st.integers(-50, 150), role=st.sampled_from(["moscow", "tehran", "nobody"]))
def test_an_estimate_is_a_played_team_s_chance_from_0_to_100(mini_world, percent, role):
    g = _decided(mini_world)
    g.run(cmd.AskEstimates((DID,)))
    ok = 0 <= percent <= 100 and role != "nobody"
    if ok:
        g.run(cmd.GiveEstimate("e1", role, percent))
        assert g.state.estimates[0].given[-1].percent == percent
    else:
        with pytest.raises(Refused):
            g.run(cmd.GiveEstimate("e1", role, percent))


def test_feedback_is_given_once_the_session_has_ended(mini_world):
    g = _decided(mini_world)
    answers = cmd.GiveFeedback("moscow", "The injects", "More time", 4, 5, author="Ana")
    with pytest.raises(Refused, match="once the session has ended"):
        g.run(answers)
    g.run(cmd.EndSession())
    g.run(answers)
    [f] = g.state.feedback
    assert (f.role, f.author, f.worked, f.realism, f.learning) == (
        "moscow",
        "Ana",
        "The injects",
        4,
        5,
    )
    for bad, reason in [
        (cmd.GiveFeedback("moscow", realism=0, learning=3), "realism from 1 to 5"),
        (cmd.GiveFeedback("moscow", realism=3, learning=6), "learning from 1 to 5"),
        (cmd.GiveFeedback("nobody", realism=3, learning=3), "not a team"),
        (cmd.GiveFeedback("moscow", "x" * 5000, realism=3, learning=3), "characters"),
    ]:
        with pytest.raises(Refused, match=reason):
            g.run(bad)
    assert g.replay() == g.state


def test_an_evaluator_rates_an_objective_about_an_event(mini_world):
    g = _decided(mini_world)
    seq = g.state.seq
    g.run(cmd.AddObservation("Held firm", "damascus", "damascus-win", rating="S", about=seq))
    note = g.events[-1]
    assert isinstance(note, ObservationAdded) and (note.rating, note.about) == ("S", seq)
    for bad, reason in [
        (cmd.AddObservation("x", "damascus", "damascus-win", rating="Q"), "not a rating"),
        (cmd.AddObservation("x", rating="P"), "name the role and the objective"),
        (cmd.AddObservation("x", about=seq + 50), "no event"),
    ]:
        with pytest.raises(Refused, match=reason):
            g.run(bad)
