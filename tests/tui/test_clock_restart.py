"""A session opened long after its phase clock ran out (resumed after a break, a fork, a
simulated session) offers to restart the clock; the restart is an event every console follows."""

from __future__ import annotations

from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.console import FacilitatorScreen
from tests.conftest import FixedClock, log_count, wait_for, wait_for_screen, widget_text


async def test_a_clock_days_overrun_is_offered_a_restart(session_file, clock):
    later = FixedClock(clock.now + 3 * 86400)  # the room meets again three days on
    app = FacilitatorApp(".", session=session_file, clock=later)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        question = widget_text(app, "#question")
        assert "shows -" in question and "Restart the phase clock at the full 2 min" in question
        await pilot.click("#yes")
        await wait_for(pilot, lambda: log_count(session_file, "ClockRestarted") == 1, what="it")
        await wait_for_screen(pilot, FacilitatorScreen)
        await wait_for(pilot, lambda: "02:00" in widget_text(app, "#status"), what="full clock")


async def test_a_clock_in_time_offers_nothing(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "Turn " in widget_text(app, "#status"), what="the console")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        await pilot.press("c")  # by hand, when the facilitator wants it
        await wait_for_screen(pilot, ConfirmDialog)
