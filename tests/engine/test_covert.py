"""Covert moves, options on conditions and conditional effects: pure engine, seeded."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.autoplay import rules_ruling
from exercise.engine.decide import Refused, public_summary
from exercise.engine.state_json import from_json, to_json
from tests.engine.helpers import Game

EXPOSED = {
    "kind": "inject",
    "id": "exposed",
    "title": "The quiet move comes out",
    "date": "2015-09",
    "from": "control",
    "medium": "intelligence report",
    "visibility": "private",
    "audience": ["tehran", "moscow"],
    "body": "What Moscow did quietly is now known in Tehran.",
    "sources": [{"key": "doc", "quote": "one wanted a negotiated settlement"}],
}


def covert_world(mini_world, chance: float = 0.5, on=None) -> dict:
    """mini, with t1-news offering Moscow a quiet deal kept from Tehran."""
    world = copy.deepcopy(mini_world)
    news = next(d for d in world["injects"] if d["id"] == "t1-news")
    covert = {
        "hidden_from": ["tehran"],
        "discovery": chance,
        "inject": "exposed",
        "effects": {"cohesion": -3},
        "sets": ["deal-exposed"],
    }
    if on:
        covert["when"] = on
    news["options"].append(
        {
            "id": "quiet-deal",
            "label": "A quiet deal behind Tehran's back",
            "roles": ["moscow"],
            "tags": ["covert"],
            "effects": {"cohesion": 1},
            "covert": covert,
        }
    )
    world["injects"].append(copy.deepcopy(EXPOSED))
    return world


def _make_move(g: Game) -> None:
    g.run(cmd.SubmitDecision("moscow", "t1-news", "quiet-deal"))
    g.run(cmd.Adjudicate(("moscow:t1-news",), "ruled", (("cohesion", 1),)))


def _next_turn(g: Game) -> list:
    events = []
    while g.state.turn == 1:
        events += g.run(cmd.AdvancePhase(force=True))
    return events


def test_a_ruled_covert_move_is_hidden_and_left_out_of_the_public_summary(mini_world):
    g = Game(covert_world(mini_world))
    g.run(cmd.SubmitDecision("moscow", "t1-news", "quiet-deal"))
    g.run(cmd.SubmitDecision("tehran", "t1-news", "coop"))
    draft = public_summary(g.state, ["moscow:t1-news", "tehran:t1-news"])
    assert "quiet deal" not in draft.lower() and "1 decision taken in private" in draft
    g.run(cmd.Adjudicate(("moscow:t1-news",), "ruled"))
    [move] = g.state.covert.values()
    assert move.hidden and move.hidden_from == ("tehran",) and move.turn == 1
    assert move.chance == 0.5


def test_a_certain_discovery_at_the_next_turn_releases_moves_and_sets(mini_world):
    g = Game(covert_world(mini_world, chance=1.0))
    _make_move(g)
    cohesion = g.state.indicators["cohesion"]
    events = _next_turn(g)
    [rolled] = [e for e in events if isinstance(e, ev.CovertRolled)]
    assert rolled.discovered and rolled.cause == "roll" and rolled.draw >= 0
    assert 0 <= rolled.roll < 1 and rolled.applied == {"cohesion": cohesion - 3}
    released = [e for e in events if isinstance(e, ev.InjectReleased) and e.how == "discovery"]
    assert [e.inject_id for e in released] == ["exposed"]
    assert "deal-exposed" in g.state.flags and g.state.indicators["cohesion"] == cohesion - 3
    assert g.state.covert["moscow:t1-news"].discovered_turn == 2
    assert g.replay() == g.state


def test_a_move_is_never_rolled_for_in_the_turn_it_was_made(mini_world):
    g = Game(covert_world(mini_world, chance=1.0))
    _make_move(g)
    assert not any(isinstance(e, ev.CovertRolled) for e in g.events)


def test_a_named_trigger_finds_the_move_at_once_without_a_roll(mini_world):
    on = [{"indicator": "escalation", "op": ">=", "value": 3}]
    g = Game(covert_world(mini_world, chance=0.01, on=on))
    _make_move(g)
    assert g.state.covert["moscow:t1-news"].hidden
    g.run(cmd.SubmitDecision("tehran", "t1-news", "push"))
    events = g.run(cmd.Adjudicate(("tehran:t1-news",), "escalates", (("escalation", 2),)))
    [rolled] = [e for e in events if isinstance(e, ev.CovertRolled)]
    assert rolled.cause == "trigger" and rolled.discovered and rolled.draw == -1
    assert "exposed" in g.state.released


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), chance=st.sampled_from([0.1, 0.5, 0.9]))
def test_each_roll_is_recorded_and_a_replay_draws_the_same(mini_world, seed, chance):
    g = Game(covert_world(mini_world, chance=chance), seed=seed)
    _make_move(g)
    _next_turn(g)
    [rolled] = [e for e in g.events if isinstance(e, ev.CovertRolled)]
    assert rolled.discovered == (rolled.roll < chance)
    assert g.state.rng_draws > rolled.draw
    assert g.replay() == g.state
    assert from_json(to_json(g.state)) == g.state


def test_discovery_comes_about_as_often_as_its_chance(mini_world):
    world = covert_world(mini_world, chance=0.3)
    found = 0
    for seed in range(300):
        g = Game(world, seed=seed)
        _make_move(g)
        _next_turn(g)
        found += not g.state.covert["moscow:t1-news"].hidden
    assert abs(found / 300 - 0.3) < 0.07


def test_an_option_is_on_offer_only_while_its_conditions_hold(mini_world):
    world = copy.deepcopy(mini_world)
    t2 = next(d for d in world["injects"] if d["id"] == "t2-moscow")
    t2["options"][0]["requires"] = [{"flag": "t1-moscow-coop"}]
    g = Game(world)
    g.run(cmd.SubmitDecision("moscow", "t1-moscow", "push"))
    g.run(cmd.Adjudicate(("moscow:t1-moscow",), "pushed"))
    _next_turn(g)
    blocked = t2["options"][0]["id"]
    with pytest.raises(Refused, match="not on offer now"):
        g.run(cmd.SubmitDecision("moscow", "t2-moscow", blocked))
    for seed in range(20):
        bot = Game(world, seed=seed)
        bot.run(cmd.SubmitDecision("moscow", "t1-moscow", "push"))
        bot.run(cmd.Adjudicate(("moscow:t1-moscow",), "pushed"))
        _next_turn(bot)
        [e] = bot.run(cmd.BotDecide("moscow", "t2-moscow"))
        assert e.option_id != blocked


def test_extra_effects_apply_when_their_conditions_hold(mini_world):
    world = copy.deepcopy(mini_world)
    t2 = next(d for d in world["injects"] if d["id"] == "t2-moscow")
    first = t2["options"][0]
    first["effects_if"] = [{"when": [{"flag": "t1-moscow-coop"}], "effects": {"escalation": 2}}]
    plain = dict(first.get("effects", {}))
    for earlier, extra in (("coop", 2), ("push", 0)):
        g = Game(world)
        g.run(cmd.SubmitDecision("moscow", "t1-moscow", earlier))
        by_the_book = rules_ruling(g.state)
        assert by_the_book is not None
        g.run(by_the_book)  # sets t1-moscow-coop when Moscow cooperated
        _next_turn(g)
        g.run(cmd.SubmitDecision("moscow", "t2-moscow", first["id"]))
        ruling = rules_ruling(g.state)
        assert ruling is not None
        assert dict(ruling.deltas).get("escalation", 0) == plain.get("escalation", 0) + extra


def test_extra_effects_can_answer_a_choice_ruled_on_in_the_same_ruling(mini_world):
    world = copy.deepcopy(mini_world)
    news = next(d for d in world["injects"] if d["id"] == "t1-news")
    coop = next(o for o in news["options"] if o["id"] == "coop")
    coop["effects_if"] = [
        {"when": [{"decision": "t1-news/push", "role": "moscow"}], "effects": {"escalation": 3}}
    ]
    for moscow, extra in (("push", 3), ("coop", 0)):
        g = Game(world)
        g.run(cmd.SubmitDecision("moscow", "t1-news", moscow))
        g.run(cmd.SubmitDecision("tehran", "t1-news", "coop"))
        ruling = rules_ruling(g.state)  # both choices in one ruling
        assert ruling is not None
        escalation = dict(ruling.deltas).get("escalation", 0)
        pushed = 1 if moscow == "push" else 0  # push's own +1
        assert escalation == pushed + extra
