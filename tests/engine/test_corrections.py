"""Voiding a ruling: a compensating event takes back exactly what the ruling changed, later
rulings keep theirs, its decisions are open again, and the log stays append-only."""

from __future__ import annotations

import pytest

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.engine.state_json import from_json, to_json
from exercise.session.narrate import describe
from exercise.session.team_view import team_view
from tests.engine.helpers import Game


@pytest.fixture
def game(mini_world) -> Game:
    g = Game(mini_world)
    g.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop", rationale="why"))
    return g


def test_void_takes_back_what_the_ruling_moved_and_opens_its_decisions(game):
    start = game.state.indicators["cohesion"]
    game.run(
        cmd.Adjudicate(
            ("moscow:t1-moscow",), "Cooperation holds", (("cohesion", 3),), flags_set=("talks",)
        )
    )
    game.run(cmd.Adjudicate((), "A later blow", (("cohesion", -1),)))
    assert game.state.indicators["cohesion"] == start + 2 and "talks" in game.state.flags
    [event] = game.run(cmd.VoidRuling("r1", "the wrong option was read out"))
    s = game.state
    assert s.indicators["cohesion"] == start - 1  # the later ruling keeps its own effect
    assert "talks" not in s.flags
    assert s.decisions["moscow:t1-moscow"].open  # to be ruled anew
    assert s.rulings[0].voided == "the wrong option was read out" and not s.rulings[1].voided
    assert "voided ruling r1: the wrong option was read out" in describe(event, s)
    moscow = team_view(s, "moscow")
    assert [r.voided for r in moscow.rulings] == ["the wrong option was read out", ""]
    game.run(cmd.Adjudicate(("moscow:t1-moscow",), "Ruled again", (("cohesion", 1),)))
    assert game.state.decisions["moscow:t1-moscow"].ruling_id == "r3"
    assert game.replay() == game.state
    assert from_json(to_json(game.state)) == game.state


def test_void_respects_the_bounds_and_flags_that_were_there_before(game):
    game.run(cmd.Adjudicate((), "Up", (("cohesion", 4),), flags_set=("early",)))
    game.run(cmd.Adjudicate((), "To the ceiling", (("cohesion", 9),), flags_set=("early",)))
    assert game.state.indicators["cohesion"] == 10
    before = game.state.rulings[1].before["cohesion"]
    game.run(cmd.VoidRuling("r2", "overdone"))
    assert game.state.indicators["cohesion"] == before  # back by what it really moved
    assert "early" in game.state.flags  # set before r2: r2 did not add it


@pytest.mark.parametrize(
    ("command", "why"),
    [
        (cmd.VoidRuling("r9", "no such"), "no ruling 'r9'"),
        (cmd.VoidRuling("r1", "   "), "say why"),
    ],
)
def test_what_the_rules_refuse(game, command, why):
    game.run(cmd.Adjudicate((), "A ruling", (("cohesion", 1),)))
    with pytest.raises(Refused, match=why):
        game.run(command)


def test_a_ruling_is_voided_once(game):
    game.run(cmd.Adjudicate((), "A ruling", (("cohesion", 1),)))
    game.run(cmd.VoidRuling("r1", "mistake"))
    with pytest.raises(Refused, match="already void"):
        game.run(cmd.VoidRuling("r1", "again"))


def test_a_covert_move_is_undone_unless_it_has_come_out(mini_world):
    import copy

    world = copy.deepcopy(mini_world)
    inj = next(i for i in world["injects"] if i["id"] == "t1-moscow")
    coop = next(o for o in inj["options"] if o["id"] == "coop")
    coop["covert"] = {"hidden_from": ["tehran"], "discovery": 1.0, "inject": "manual-1"}
    for turn_over, refused in ((False, False), (True, True)):
        g = Game(world)
        g.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
        g.run(cmd.Adjudicate(("moscow:t1-moscow",), "Done quietly"))
        assert "moscow:t1-moscow" in g.state.covert
        if turn_over:  # the next turn's roll finds it (chance 1)
            while g.state.turn == 1:
                g.run(cmd.AdvancePhase(force=True))
            assert not g.state.covert["moscow:t1-moscow"].hidden
        if refused:
            with pytest.raises(Refused, match="has since come out"):
                g.run(cmd.VoidRuling("r1", "never happened"))
        else:
            g.run(cmd.VoidRuling("r1", "never happened"))
            assert "moscow:t1-moscow" not in g.state.covert


def test_a_release_is_withdrawn_and_its_open_decisions_with_it(mini_world):
    g = Game(mini_world)
    g.run(cmd.ReleaseInject("manual-1"))
    assert "manual-1" in g.state.released
    ruled = next(o.id for o in g.state.world.injects["manual-1"].options)
    g.run(cmd.SubmitDecision("moscow", "manual-1", ruled))
    [event] = g.run(cmd.WithdrawRelease("manual-1"))
    assert event.decisions_withdrawn == ("moscow:manual-1",)
    s = g.state
    assert "manual-1" not in s.released and s.decisions["moscow:manual-1"].withdrawn
    assert all(r.inject_id != "manual-1" for r in s.releases)
    assert "withdrew the release of" in describe(event, s)
    g.run(cmd.ReleaseInject("manual-1"))  # it can go out again
    assert g.replay() == g.state


def test_a_ruled_release_and_a_first_phase_cannot_be_undone(mini_world):
    g = Game(mini_world)
    g.run(cmd.ReleaseInject("manual-1"))
    option = g.state.world.injects["manual-1"].options[0].id
    g.run(cmd.SubmitDecision("moscow", "manual-1", option))
    g.run(cmd.Adjudicate(("moscow:manual-1",), "Ruled"))
    with pytest.raises(Refused, match="void that ruling first"):
        g.run(cmd.WithdrawRelease("manual-1"))
    with pytest.raises(Refused, match="has not been released"):
        g.run(cmd.WithdrawRelease("rupture"))
    with pytest.raises(Refused, match="first phase"):
        g.run(cmd.UndoPhase())
    g.run(cmd.AdvancePhase(at=2000.0))
    [event] = g.run(cmd.UndoPhase(at=2100.0))
    assert (g.state.phase, g.state.phase_started_at) == (0, 2100.0)
    assert "went back to phase 1" in describe(event, g.state)
