"""A scenario whose phases move on by themselves: when the Brief's time runs out, the facilitator
console says so and starts the next phase, once, as an event in the log; a team console hears the
same words."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from tests.conftest import log_events, wait_for
from tests.tui.test_announcements import banner
from tests.tui.test_console import opened


@pytest.fixture
def auto_file(tmp_path, mini_world, clock) -> Path:
    path = tmp_path / "auto.ttx"
    world = {**mini_world, "scenario": {**mini_world["scenario"], "auto_advance": True}}
    participants = (("moscow", "facilitator"), ("tehran", "team"))
    Session.create(path, world, seed=3, participants=participants, clock=clock).close()
    return path


async def test_the_brief_moves_on_when_its_time_is_up(auto_file, clock):
    app = FacilitatorApp(".", session=auto_file, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = app.screen
        clock.now += 119  # the Brief lasts 2 minutes
        screen._tick()
        assert log_events(auto_file, "PhaseStarted") == []
        clock.now += 2
        screen._tick()
        assert "the next phase starts now" in banner(app)
        await wait_for(pilot, lambda: len(log_events(auto_file, "PhaseStarted")) == 1)
        await wait_for(pilot, lambda: "Phase 2: Decide begins" in banner(app))
        screen._tick()  # the same moment again: nothing more
        clock.now += 10 * 60 + 1  # Decide is the turn's last phase: the white cell ends the turn
        screen._tick()
        await pilot.pause()
        assert "the white cell moves on when ready" in banner(app)
    assert len(log_events(auto_file, "PhaseStarted")) == 1
    with Session.open(auto_file) as s:
        assert (s.state.turn, s.state.phase) == (1, 1)
