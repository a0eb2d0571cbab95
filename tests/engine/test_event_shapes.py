"""Events read back from their payloads are the events written: the fast fill in from_payload
(the instance's dict overlaid, no __init__) gives what the dataclass would, defaults included."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.autoplay import MemoryDriver


def test_no_event_computes_anything_on_construction():
    """The fast fill skips __init__: sound only while no event has a __post_init__ or a field
    whose default is built per instance."""
    for cls in ev.EVENT_TYPES.values():
        assert not hasattr(cls, "__post_init__"), cls.__name__
        for f in dataclasses.fields(cls):
            assert f.default_factory is dataclasses.MISSING, (cls.__name__, f.name)


def test_no_command_computes_anything_on_construction():
    """The session stamps a command's time by copying it (no __init__ again): sound only while
    no command has a __post_init__."""
    import inspect

    commands = [c for _, c in inspect.getmembers(cmd, dataclasses.is_dataclass)]
    assert len(commands) > 20
    for cls in commands:
        assert not hasattr(cls, "__post_init__"), cls.__name__


def _played(world: dict, seed: int) -> list:
    participants = tuple((r, "bot") for r in world["scenario"]["roles"])
    codes = tuple((r, "X") for r in world["scenario"]["roles"])
    game = MemoryDriver(cmd.StartSession(world, seed, participants, codes))
    while not game.state.ended:
        game.execute(cmd.AdvancePhase(force=True))
    game.execute(cmd.AddObservation("about the room", about=3))
    return game.events


def _read_back(e):
    return ev.from_payload(ev.kind(e), json.loads(json.dumps(ev.to_payload(e))))


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_a_playthrough_reads_back_equal_field_for_field(mini_world, seed):
    events = _played(mini_world, seed)
    assert len({type(e) for e in events}) >= 5
    for e in events:
        back = _read_back(e)
        assert type(back) is type(e)
        assert back == e
        assert back.__dict__ == e.__dict__  # no field missing (a default not filled) or extra


def test_a_later_field_left_out_of_the_payload_reads_back_as_its_default():
    e = ev.DecisionSubmitted(
        **{
            f.name: (0 if f.type in ("int", "float") else "x")
            for f in dataclasses.fields(ev.DecisionSubmitted)
            if f.default is dataclasses.MISSING
        }
    )
    payload = ev.to_payload(e)
    assert "confidence" not in payload  # left out while it holds its default
    back = ev.from_payload("DecisionSubmitted", payload)
    assert back.confidence == -1
    assert back == e


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.pop("turn"),
        lambda p: p.update(nonsense=1),
    ],
    ids=["missing", "unknown"],
)
def test_a_payload_of_the_wrong_shape_is_refused_by_the_dataclass(change):
    payload = {"turn": 2, "at": 1.0}
    change(payload)
    with pytest.raises(TypeError):
        ev.from_payload("TurnStarted", payload)
