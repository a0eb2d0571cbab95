"""Phases that move on by themselves: the scenario says so, the clock runs out, another phase of
the turn follows; the move names the phase it leaves, so two consoles move it once."""

from __future__ import annotations

import pytest

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.session.announce import auto_advance_due, moves_on
from tests.engine.helpers import Game

T0 = 1000.0  # the Game's start


@pytest.fixture
def game(mini_world) -> Game:
    world = {**mini_world, "scenario": {**mini_world["scenario"], "auto_advance": True}}
    return Game(world)


def test_due_when_the_time_is_up_and_another_phase_follows(game):
    s = game.state
    length = s.phase_seconds()
    assert moves_on(s)
    assert not auto_advance_due(s, T0 + length - 1)
    assert auto_advance_due(s, T0 + length + 1)
    assert not auto_advance_due(s, T0 + 3 * length)  # adrift: the facilitator is asked instead
    game.run(cmd.PauseClock(at=T0 + 10))
    assert not auto_advance_due(game.state, T0 + length + 1)


def test_never_at_the_turns_last_phase(game):
    for _ in range(len(game.state.world.scenario.phases) - 1):
        game.run(cmd.AdvancePhase(at=T0))
    s = game.state
    assert not moves_on(s) and not auto_advance_due(s, T0 + s.phase_seconds() + 1)


def test_not_unless_the_scenario_says_so(mini_world):
    s = Game(mini_world).state
    assert not moves_on(s) and not auto_advance_due(s, T0 + s.phase_seconds() + 1)


def test_a_move_from_a_phase_already_left_is_refused(game):
    game.run(cmd.AdvancePhase(expect=(1, 0)))
    with pytest.raises(Refused, match="already moved on"):
        game.run(cmd.AdvancePhase(expect=(1, 0)))
    assert game.state.phase == 1
