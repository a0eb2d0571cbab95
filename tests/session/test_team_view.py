"""A team's view holds what the team may see and nothing more: no hidden field to leak."""

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from exercise.content.model import Expected, History, Inject, Option, Trigger
from exercise.engine.state import Ruling
from exercise.session.team_view import team_view
from tests.engine.test_properties import ROLES, SETTINGS, command, play

HIDDEN = {
    "history",
    "expected",
    "facilitator_notes",
    "effects",
    "sets",
    "clears",
    "trigger",
    "deltas",
    "applied",
    "indicators",
    "codes",
}


def _walk(value):
    """Every object reachable from a view."""
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name))
    elif isinstance(value, tuple) and hasattr(value, "_fields"):
        for name in value._fields:
            yield from _walk(getattr(value, name))
    elif isinstance(value, (tuple, list, frozenset)):
        for v in value:
            yield from _walk(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)


def _field_names(value) -> set[str]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name for f in dataclasses.fields(value)}
    return set(getattr(value, "_fields", ()))


@SETTINGS
@given(seed=st.integers(0, 2**32), commands=st.lists(command, max_size=30))
def test_no_team_view_holds_facilitator_material(mini_world, seed, commands):
    g = play(mini_world, seed, commands)
    for role in ROLES:
        view = team_view(g.state, role)
        for obj in _walk(view.inbox + view.rulings):  # the role's own briefing is its own
            assert not isinstance(obj, (Inject, Option, History, Expected, Trigger, Ruling)), type(
                obj
            )
            assert not _field_names(obj) & HIDDEN, (type(obj).__name__, _field_names(obj) & HIDDEN)
        for item in view.inbox:
            inj = g.state.world.injects[item.inject.id]
            assert [o.id for o in item.inject.options] == [
                o.id for o in inj.options if o.allowed_for(role)
            ]
            text = repr(item)
            if inj.facilitator_notes:
                assert inj.facilitator_notes not in text
            if inj.history:
                assert inj.history.text not in text


def test_options_for_other_roles_and_notes_never_reach_a_team(mini_world):
    import copy

    from exercise.engine import commands as cmd
    from tests.engine.helpers import Game

    world = copy.deepcopy(mini_world)
    pair = next(i for i in world["injects"] if i["id"] == "t1-pair")
    pair["options"][1]["roles"] = ["jerusalem"]
    pair["facilitator_notes"] = "Watch whether Damascus hedges; do not say so."
    g = Game(world)
    g.run(cmd.AdvancePhase(force=True))
    damascus = next(i for i in team_view(g.state, "damascus").inbox if i.inject.id == "t1-pair")
    jerusalem = next(i for i in team_view(g.state, "jerusalem").inbox if i.inject.id == "t1-pair")
    assert [o.id for o in damascus.inject.options] == ["coop"]
    assert [o.id for o in jerusalem.inject.options] == ["coop", "push"]
    for item in (damascus, jerusalem):
        assert "Watch whether" not in repr(item) and "real actor did" not in repr(item)
        assert "Cooperate." not in repr(item)  # the expected action
