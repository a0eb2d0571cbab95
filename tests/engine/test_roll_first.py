"""A matrix ruling's dice can be seen before the narrative is written, and the dice seen are the
dice recorded: a ruling that names the draw it saw is refused if another draw came first."""

from __future__ import annotations

import pytest

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.engine.rules import next_roll
from tests.engine.helpers import Game


def _matrix(draw: int) -> cmd.Adjudicate:
    return cmd.Adjudicate((), "As the dice said", method="matrix", pros=("p",), rolled_draw=draw)


def test_the_dice_seen_are_the_dice_recorded(mini_world):
    g = Game(mini_world)
    seen, draw = next_roll(g.state), g.state.rng_draws
    g.run(_matrix(draw))
    assert tuple(g.state.rulings[-1].matrix["dice"]) == seen


def test_a_roll_overtaken_by_another_draw_is_refused(mini_world):
    g = Game(mini_world)
    draw = g.state.rng_draws
    g.run(cmd.Adjudicate((), "Another ruling rolled first", method="matrix"))
    with pytest.raises(Refused, match="roll again"):
        g.run(_matrix(draw))
