"""`u` voids a ruling from the facilitator's console: the dialog shows what taking it back
changes, asks why, and the correction is an event; the ruling's decision is open again."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.team_view import team_view
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.void_ruling import VoidRulingDialog
from tests.conftest import log_events, screen_text, wait_for, wait_for_screen
from tests.tui.test_console import opened, saved
from tests.tui.test_messages import keys


async def test_u_voids_a_ruling_and_says_what_it_takes_back(session_file, clock):
    with Session.open(session_file, clock) as s:
        s.execute(cmd.SubmitDecision("damascus", "t1-pair", "coop", rationale="hold"))
        s.execute(cmd.Adjudicate(("damascus:t1-pair",), "Damascus holds", (("cohesion", 2),)))
        cohesion = s.state.indicators["cohesion"]
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("u")
        await wait_for_screen(pilot, VoidRulingDialog)
        await wait_for(
            pilot,
            lambda: f"Cohesion: {cohesion} → {cohesion - 2}" in screen_text(app),
            what="the preview of what voiding takes back",
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Say why" in screen_text(app), what="a reason is asked")
        await pilot.press(*keys("the wrong team was named"))
        await pilot.press("ctrl+s")
        await saved(pilot, session_file, "RulingVoided")
    [voided] = log_events(session_file, "RulingVoided")
    assert voided["reason"] == "the wrong team was named" and voided["applied"] == {
        "cohesion": cohesion - 2
    }
    with Session.open(session_file) as s:
        assert s.state.decisions["damascus:t1-pair"].open
        [ruling] = team_view(s.state, "damascus").rulings
        assert ruling.voided == "the wrong team was named"
