"""The participants' feedback, once the session has ended: each team console offers the form (what
worked, what to improve, realism and learning 1-5, the name it joined with, or anonymous in the
report), and after sending says thanks and shows it was saved; before the end it is not offered."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.screens.feedback import FeedbackDialog
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from tests.conftest import (
    idle,
    log_count,
    log_events,
    notifications,
    screen_text,
    wait_for,
    wait_for_event,
    wait_for_screen,
    wait_for_text,
)
from tests.tui.test_estimates import join_as

SIZE = (120, 40)


def _end(session_file, clock) -> None:
    with Session.open(session_file, clock) as s:  # the facilitator's console, as it writes
        s.execute(cmd.EndSession())


async def _form(pilot) -> FeedbackDialog:
    await pilot.press("f")
    return await wait_for_screen(pilot, FeedbackDialog)


async def test_the_form_is_offered_at_the_end_and_says_it_was_saved(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await join_as(pilot, app, "CODE2", "Rana")
        assert "Feedback" not in screen_text(app)  # not before the end: not in the footer
        await pilot.press("f")
        await idle(pilot)
        assert isinstance(app.screen, TeamScreen)

        _end(session_file, clock)
        await wait_for_text(pilot, "#asks", "press f for the feedback form")
        assert any("The session has ended. Press f" in n for n in notifications(app))
        assert "f Feedback" in screen_text(app)

        dialog = await _form(pilot)
        assert dialog.query_one("#author", Input).value == "Rana"  # who joined
        dialog.query_one("#worked", TextArea).text = "The [cables] felt real"
        dialog.query_one("#improve", TextArea).text = "More time to decide"
        dialog.query_one("#realism-4").value = True
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "#error", "Rate the learning from 1 to 5")
        assert not log_count(session_file, "FeedbackGiven")
        dialog.query_one("#learning-5").value = True
        await pilot.press("ctrl+s")
        await wait_for_event(pilot, session_file, "FeedbackGiven")
        await wait_for_screen(pilot, TeamScreen)
        [given] = log_events(session_file, "FeedbackGiven")
        assert given == {
            "role": "damascus",
            "author": "Rana",
            "worked": "The [cables] felt real",
            "improve": "More time to decide",
            "realism": 4,
            "learning": 5,
            "at": clock.now,
        }
        await wait_for(
            pilot,
            lambda: any("Thank you: your feedback is saved" in n for n in notifications(app)),
            what="the thanks",
        )
        await wait_for_text(pilot, "#asks", "Thank you: feedback saved (Rana")


async def test_an_anonymous_answer_names_only_the_team(session_file, clock):
    _end(session_file, clock)
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await join_as(pilot, app, "CODE2", "Rana")
        await wait_for_text(pilot, "#asks", "press f for the feedback form")  # opened after it
        dialog = await _form(pilot)
        dialog.query_one("#realism-2").value = True
        dialog.query_one("#learning-3").value = True
        box = dialog.query_one("#anonymous", Checkbox)
        assert str(box.render()).startswith("▐ ▌")  # unticked: an empty box, not a grey X
        box.value = True
        await idle(pilot)
        assert str(box.render()).startswith("▐X▌")
        await pilot.press("ctrl+s")
        await wait_for_event(pilot, session_file, "FeedbackGiven")
        shown = await wait_for_text(pilot, "#asks", "feedback saved (anonymous")
        assert "Rana" not in shown
    [given] = log_events(session_file, "FeedbackGiven")
    assert given["author"] == "damascus"  # no name: the engine keeps the team's id
    assert "Rana" not in str(given)


async def test_after_the_end_the_decide_tab_says_so_instead_of_offering_the_form(
    session_file, clock
):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await join_as(pilot, app, "CODE2", "Rana")
        await pilot.press("3")
        submit = app.screen.query_one("#submit")
        assert submit.display and not app.screen.query_one("#decide-ended").display
        _end(session_file, clock)
        note = app.screen.query_one("#decide-ended")
        await wait_for(pilot, lambda: note.display, what="the note that the session has ended")
        assert not submit.display and not app.screen.query_one("#decide-inject").display
        assert "there is nothing more to decide" in screen_text(app)
