"""The start cache's codec: any state a session reaches comes back equal; all else is refused."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercise.engine.state_json import from_json, to_json
from tests.engine.test_properties import SETTINGS, command, play


@SETTINGS
@given(seed=st.integers(0, 2**32), commands=st.lists(command, max_size=40))
def test_every_state_comes_back_equal_through_json_text(mini_world, seed, commands):
    g = play(mini_world, seed, commands)
    text = json.dumps(to_json(g.state))
    back = from_json(json.loads(text))
    assert back == g.state
    assert json.dumps(to_json(back)) == text  # one text for one state


def _kept(mini_world) -> dict:
    from exercise.engine import commands as cmd

    g = play(
        mini_world,
        7,
        [cmd.SubmitDecision("moscow", "t1-moscow", "coop", "", "why"), cmd.PauseClock()],
    )
    return json.loads(json.dumps(to_json(g.state)))


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("codes"),
        lambda d: d.update(extra=1),
        lambda d: d.update(seq="12"),
        lambda d: d.update(seq=True),
        lambda d: d.update(ended=1),
        lambda d: d.update(paused_at="soon"),
        lambda d: d.update(codes={"moscow": 123}),
        lambda d: d.update(reads=[["moscow", "t1", "x"]]),
        lambda d: d.update(flags="abc"),
        lambda d: d.update(indicators={"cohesion": 1.5}),
        lambda d: next(iter(d["decisions"].values())).update(withdrawn="no"),
        lambda d: next(iter(d["decisions"].values())).pop("text"),
        lambda d: d.update(world={"scenario": {}}),
        lambda d: d.update(world=[]),
    ],
)
def test_any_other_shape_is_refused(mini_world, damage):
    data = _kept(mini_world)
    damage(data)
    with pytest.raises((ValueError, TypeError, KeyError)):
        from_json(data)
