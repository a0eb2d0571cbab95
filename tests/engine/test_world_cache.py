"""The world model is built once per raw content dict, not once per use of it."""

import copy

import pytest

import exercise.engine.world as world_module
from exercise.engine.autoplay import MemoryDriver, play_all
from exercise.engine.commands import StartSession


@pytest.fixture
def builds(monkeypatch) -> list[dict]:
    """The raw dicts a world was built from, in order, from here on."""
    seen: list[dict] = []
    real = world_module._build

    def counting(raw: dict) -> world_module.World:
        seen.append(raw)
        return real(raw)

    monkeypatch.setattr(world_module, "_build", counting)
    monkeypatch.setattr(world_module, "_BUILT", {})
    return seen


def _play(world: dict, seed: int) -> MemoryDriver:
    driver = MemoryDriver(StartSession(world, seed, ()))
    play_all(driver)
    return driver


def test_playthroughs_of_one_world_build_it_once(mini_world, builds):
    first = _play(mini_world, 1)
    second = _play(mini_world, 2)
    assert builds == [mini_world]
    assert first.state.world is second.state.world and first.state.world.raw is mini_world


def test_an_equal_copy_changed_after_is_its_own_world(mini_world, builds):
    changed = copy.deepcopy(mini_world)
    changed["scenario"]["title"] = "Changed"
    a, b = world_module.world_from_raw(mini_world), world_module.world_from_raw(changed)
    assert builds == [mini_world, changed]
    assert b.scenario.title == "Changed" != a.scenario.title and b.raw is changed


def test_the_cache_keeps_a_few_worlds_not_every_one(mini_world, builds):
    copies = [copy.deepcopy(mini_world) for _ in range(3 * world_module._KEEP)]
    for raw in copies:
        world_module.world_from_raw(raw)
    assert len(world_module._BUILT) == world_module._KEEP
    world_module.world_from_raw(copies[-1])  # the newest is still there
    world_module.world_from_raw(copies[0])  # the oldest went, and is built again
    assert builds == [*copies, copies[0]]
