"""Deck draws respect the cards' release windows, with the seeded RNG, automatic and by hand.

The mini world's turns are dated 2015-09-30 and 2016-01; its deck `events` holds deck-a and
deck-b (both dated 2015-09) and draws one card at the start of turn 2.
"""

from __future__ import annotations

import copy

import pytest

from exercise.content.library import scenario_world
from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.autoplay import MemoryDriver, play_all
from exercise.engine.decide import Refused
from exercise.engine.rules import rng
from tests.conftest import ROOT
from tests.engine.helpers import Game

SEEDS = range(40)


def with_cards(world: dict, changes: dict[str, dict]) -> dict:
    """A copy of the raw world with some injects' fields changed (inject id -> fields)."""
    out = copy.deepcopy(world)
    for inj in out["injects"]:
        inj.update(changes.get(inj["id"], {}))
    return out


def deck_draws(game: Game) -> list[ev.InjectReleased]:
    return [e for e in game.events if isinstance(e, ev.InjectReleased) and e.how == "deck"]


def to_turn_two(game: Game) -> None:
    for _ in range(len(game.state.world.scenario.phases)):
        game.run(cmd.AdvancePhase(force=True))
    assert game.state.turn == 2


@pytest.mark.parametrize(
    "card",
    [
        {"window": {"until": "2015-12"}},  # closed before turn 2
        {"window": {"from": "2016-02"}},  # opens after it
        {"date": "2016-02"},  # no window: never before the card's own date
    ],
)
def test_a_card_outside_its_window_is_never_drawn(mini_world, card) -> None:
    world = with_cards(mini_world, {"deck-a": card})
    for seed in SEEDS:
        game = Game(world, seed)
        to_turn_two(game)
        assert [e.inject_id for e in deck_draws(game)] == ["deck-b"], seed


def test_without_windows_the_draw_is_as_before(mini_world) -> None:
    drawn = set()
    for seed in SEEDS:
        game = Game(mini_world, seed)
        to_turn_two(game)
        [e] = deck_draws(game)
        assert e.inject_id == rng(game.state, e.draw).choice(["deck-a", "deck-b"])
        drawn.add(e.inject_id)
    assert drawn == {"deck-a", "deck-b"}


def test_the_seeded_choice_is_among_the_cards_in_their_window(mini_world) -> None:
    world = copy.deepcopy(mini_world)
    world["injects"].append({**_card(world, "deck-b"), "id": "deck-c"})
    world["scenario"]["decks"][0]["injects"].append("deck-c")
    world = with_cards(world, {"deck-a": {"window": {"until": "2015-12"}}})
    seen = set()
    for seed in SEEDS:
        game = Game(world, seed)
        to_turn_two(game)
        [e] = deck_draws(game)
        assert e.inject_id == rng(game.state, e.draw).choice(["deck-b", "deck-c"])
        seen.add(e.inject_id)
        again = Game(world, seed)
        to_turn_two(again)
        assert again.events == game.events  # same seed, same log
    assert seen == {"deck-b", "deck-c"}


def test_drawing_by_hand_is_held_to_the_window_too(mini_world) -> None:
    world = with_cards(mini_world, {"deck-a": {"window": {"from": "2016-01"}}})
    game = Game(world, 3)
    [e] = game.run(cmd.DrawFromDeck("events"))  # turn 1 (2015-09-30): only deck-b fits
    assert e.inject_id == "deck-b" and e.draw == 0
    with pytest.raises(Refused, match=r"no card left in deck 'events' is dated for turn 1 \(2015"):
        game.run(cmd.DrawFromDeck("events"))
    to_turn_two(game)
    assert [e.inject_id for e in deck_draws(game)] == ["deck-b", "deck-a"]
    with pytest.raises(Refused, match="empty"):
        game.run(cmd.DrawFromDeck("events"))


def test_a_turn_with_nothing_in_its_window_draws_nothing_and_rolls_nothing(mini_world) -> None:
    closed = {"window": {"until": "2015-12"}}
    world = with_cards(mini_world, {"deck-a": closed, "deck-b": closed})
    game = Game(world, 5)
    to_turn_two(game)
    assert deck_draws(game) == [] and game.state.rng_draws == 0
    assert game.replay() == game.state


def _card(world: dict, inj_id: str) -> dict:
    return copy.deepcopy(next(i for i in world["injects"] if i["id"] == inj_id))


SHIPPED = ("demo", "intervention", "aleppo-astana", "succession", "southern-front", "collapse")


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_shipped_decks_only_draw_cards_dated_for_the_turn(scenario_id: str) -> None:
    world = scenario_world(ROOT, scenario_id)
    game_world = MemoryDriver(cmd.StartSession(world, 0, ())).state.world
    dates = [t.date for t in game_world.scenario.turns]
    deck_cards = {i for d in game_world.scenario.decks for i in d.injects}
    drawn = set()
    for seed in range(25):
        driver = MemoryDriver(cmd.StartSession(world, seed, ()))
        play_all(driver)
        for e in driver.events:
            if isinstance(e, ev.InjectReleased) and e.how == "deck":
                window = game_world.injects[e.inject_id].release_window()
                assert window.contains(dates[e.turn - 1]), (seed, e.inject_id, e.turn)
                drawn.add(e.inject_id)
            if scenario_id == "demo" and isinstance(e, ev.InjectReleased) and e.turn == 1:
                # the demo's first turn has no public inject: the intervention was secret
                assert game_world.injects[e.inject_id].visibility == "private", e.inject_id
    assert drawn == deck_cards  # and every card does come out in some run
