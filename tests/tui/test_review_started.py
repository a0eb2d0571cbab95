"""The review opened from a state the console already holds: the timeline shows at once, a step
back before that state waits for the checkpoints (folded in the worker, never in the screen),
and a damaged row found only then is named on screen."""

from __future__ import annotations

import sqlite3
import threading

from textual.widgets import DataTable, Static

from exercise.session import Session
from exercise.session.simulate import simulate_session
from exercise.session.timeline import Timeline
from exercise.tui.review_app import ReviewApp
from exercise.tui.screens.review import ReviewScreen, state_content
from tests.conftest import wait_for, wait_for_screen, wait_for_text


def _moment(pilot) -> str:
    return str(pilot.app.screen.query_one("#moment-text", Static).render())


async def test_a_step_back_waits_for_the_checkpoints_not_the_screen(
    tmp_path, mini_world, monkeypatch
):
    path = tmp_path / "s.ttx"
    simulate_session(mini_world, 7, path).close()
    with Session.open(path, readonly=True) as s:
        held, early = s.state, s.state_at(3)
    release = threading.Event()
    fill = Timeline.fill_marks

    def held_back(self: Timeline, stop: threading.Event | None = None) -> bool:
        release.wait(30)
        return fill(self, stop)

    monkeypatch.setattr(Timeline, "fill_marks", held_back)
    app = ReviewApp(path, start=held)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, ReviewScreen)
        await wait_for_text(pilot, "#review-title", "Review: ")
        events = screen.query_one("#events", DataTable)
        await wait_for(pilot, lambda: events.row_count == held.seq, what="every event")
        expected_last = str(state_content(held))
        await wait_for(pilot, lambda: _moment(pilot) == expected_last, what="the last moment")
        events.move_cursor(row=2)  # event 3: before the held state, its checkpoints unfolded
        await wait_for(pilot, lambda: "Reading the log" in _moment(pilot), what="a wait")
        release.set()
        expected = str(state_content(early))
        await wait_for(pilot, lambda: _moment(pilot) == expected, what="the state after 3")


async def test_a_damaged_row_before_the_held_state_is_named(tmp_path, mini_world):
    path = tmp_path / "bad.ttx"
    simulate_session(mini_world, 7, path).close()
    with Session.open(path, readonly=True) as s:
        held = s.state
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET payload = '{\"nope\": 1}' WHERE seq = 3")
    db.commit()
    db.close()
    app = ReviewApp(path, start=held)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, ReviewScreen)
        await wait_for_text(pilot, "#review-title", "event 3")
        title = str(pilot.app.screen.query_one("#review-title", Static).render())
        assert "bad.ttx: event 3" in title and "cannot be read" in title
