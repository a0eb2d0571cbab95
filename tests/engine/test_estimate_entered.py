"""The white cell entering the estimate of a team played in the room (it has no console to answer
from): recorded as that team's estimate, marked as entered on its behalf, used by the ruling and
scored like any other; refused for a team at its own console, a bot, a role not asked, and once
the request can no longer be answered (ruled on, a decision withdrawn, the session ended)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine.calibration import forecasts
from exercise.engine.decide import Refused
from exercise.engine.events import EstimateGiven, to_payload
from exercise.engine.judgement import enterable
from exercise.engine.state_json import from_json, to_json
from tests.engine.helpers import Game
from tests.engine.test_properties import SETTINGS

DID = "moscow:t1-moscow"
MODES = (("moscow", "team"), ("tehran", "facilitator"), ("damascus", "bot"))


def _asked(world, participants=MODES) -> Game:
    g = Game(world, participants=participants)
    g.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop", "", "why"))
    g.run(cmd.AskEstimates((DID,)))
    return g


def test_an_entered_estimate_is_the_team_s_marked_as_entered_by_the_white_cell(mini_world):
    g = _asked(mini_world)
    assert enterable(g.state, g.state.estimates[0]) == ("tehran",)
    g.run(cmd.GiveEstimate("e1", "moscow", 70, "they need us", author="Olga"))
    [entered] = g.run(cmd.EnterEstimate("e1", "tehran", 30, "  said in the room  "))
    assert isinstance(entered, EstimateGiven)
    assert (entered.role, entered.author, entered.on_behalf) == ("tehran", "facilitator", True)
    assert entered.reasoning == "said in the room"
    assert to_payload(entered)["on_behalf"] is True
    own = next(e for e in g.events if isinstance(e, EstimateGiven) and e.role == "moscow")
    assert "on_behalf" not in to_payload(own)  # a team's own estimate: the same bytes as before
    request = g.state.estimates[0]
    assert [(e.role, e.percent, e.on_behalf) for e in request.given] == [
        ("moscow", 70, False),
        ("tehran", 30, True),
    ]
    g.run(cmd.EnterEstimate("e1", "tehran", 40, "revised", author="Sam"))  # the latest stands
    assert [(e.percent, e.author) for e in g.state.estimates[0].given] == [
        (70, "Olga"),
        (40, "Sam"),
    ]
    assert g.state.estimates[0].mean() == 55

    g.run(cmd.Adjudicate((DID,), "By the teams' odds", method="estimative"))
    ruling = g.state.rulings[-1]
    assert ruling.matrix is not None and ruling.matrix["estimates"] == {"moscow": 70, "tehran": 40}
    scored = {(f.role, f.kind): f for f in forecasts(g.state)}
    assert (
        scored["tehran", "estimate"].on_behalf and scored["tehran", "estimate"].probability == 0.4
    )
    assert not scored["moscow", "estimate"].on_behalf
    assert g.replay() == g.state
    assert from_json(to_json(g.state)) == g.state  # the start cache keeps the mark


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (cmd.EnterEstimate("e1", "moscow", 50), "Moscow answers from its own console"),
        (cmd.EnterEstimate("e1", "damascus", 50), "Damascus is played by a bot"),
        (cmd.EnterEstimate("e1", "ankara", 50), "'ankara' was not asked"),
        (cmd.EnterEstimate("e1", "control", 50), "'control' was not asked"),
        (cmd.EnterEstimate("e7", "tehran", 50), "no request for estimates 'e7'"),
        (cmd.EnterEstimate("e1", "tehran", 101), "from 0 to 100%"),
        (cmd.EnterEstimate("e1", "tehran", -1), "from 0 to 100%"),
        (cmd.EnterEstimate("e1", "tehran", 50, "x" * 501), "keep the reasoning to a line"),
    ],
)
def test_who_it_may_not_be_entered_for(mini_world, command, reason):
    g = _asked(mini_world)
    with pytest.raises(Refused, match=reason):
        g.run(command)
    assert g.state.estimates[0].given == ()


def test_refused_once_the_roll_is_made_and_open_again_when_its_ruling_is_voided(mini_world):
    g = _asked(mini_world)
    g.run(cmd.Adjudicate((DID,), "The white cell's odds", method="estimative", odds=60))
    request = g.state.estimates[0]
    assert enterable(g.state, request) == ()
    with pytest.raises(Refused, match="already ruled on it"):
        g.run(cmd.EnterEstimate("e1", "tehran", 50))
    g.run(cmd.VoidRuling(g.state.rulings[-1].ruling_id, "wrong odds"))
    assert enterable(g.state, g.state.estimates[0]) == ("tehran",)
    g.run(cmd.EnterEstimate("e1", "tehran", 50))
    assert g.state.estimates[0].given[0].on_behalf


def test_refused_once_a_decision_asked_about_is_withdrawn_or_the_session_ends(mini_world):
    g = _asked(mini_world)
    g.run(cmd.WithdrawDecision("moscow", "t1-moscow"))
    assert enterable(g.state, g.state.estimates[0]) == ()
    with pytest.raises(Refused, match="no longer open"):
        g.run(cmd.EnterEstimate("e1", "tehran", 50))
    ended = _asked(mini_world)
    ended.run(cmd.EndSession())
    assert enterable(ended.state, ended.state.estimates[0]) == ()
    with pytest.raises(Refused, match="the session has ended"):
        ended.run(cmd.EnterEstimate("e1", "tehran", 50))


def test_who_plays_a_team_decides_whether_the_white_cell_may_enter_for_it(mini_world):
    g = _asked(mini_world)
    g.run(cmd.SetParticipant("moscow", "facilitator"))  # its console dropped: the room plays it
    g.run(cmd.EnterEstimate("e1", "moscow", 65))
    g.run(cmd.SetParticipant("tehran", "team"))  # a console of its own again
    with pytest.raises(Refused, match="Tehran answers from its own console"):
        g.run(cmd.EnterEstimate("e1", "tehran", 50))
    assert [e.role for e in g.state.estimates[0].given] == ["moscow"]


@SETTINGS
@given(
    modes=st.lists(st.sampled_from(["team", "facilitator", "bot"]), min_size=4, max_size=4),
    role=st.sampled_from(["moscow", "tehran", "damascus", "jerusalem", "nobody"]),
    percent=st.integers(-20, 120),
    ruled=st.booleans(),
)
def test_the_engine_takes_an_entry_exactly_for_the_teams_it_offers(
    mini_world, modes, role, percent, ruled
):
    roles = ("moscow", "tehran", "damascus", "jerusalem")
    g = _asked(mini_world, tuple(zip(roles, modes, strict=True)))
    if ruled:
        g.run(cmd.Adjudicate((DID,), "Own odds", method="estimative", odds=50))
    offered = enterable(g.state, g.state.estimates[0])
    assert offered == tuple(
        r for r, m in zip(roles, modes, strict=True) if m == "facilitator" and not ruled
    )
    entry = cmd.EnterEstimate("e1", role, percent)
    if role in offered and 0 <= percent <= 100:
        [e] = g.run(entry)
        assert isinstance(e, EstimateGiven) and e.on_behalf and e.percent == percent
        assert g.replay() == g.state
    else:
        with pytest.raises(Refused):
            g.run(entry)
