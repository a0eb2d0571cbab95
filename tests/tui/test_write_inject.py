"""`w` writes an inject on the spot: the draft is checked, previewed as its audience will see it
(no effects, marked written in session), released as events, and refused with a reason on the
form when it is not complete."""

from __future__ import annotations

from textual.widgets import Input, SelectionList, Static, TextArea

from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.write_inject import PreviewDialog, WriteInjectDialog
from tests.conftest import log_events, notifications, wait_for, wait_for_screen
from tests.tui.test_console import opened, saved


def _screen_text(pilot) -> str:
    return "\n".join(str(w.render()) for w in pilot.app.screen.query(Static))


async def test_write_preview_and_release(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("w")
        dialog = await wait_for_screen(pilot, WriteInjectDialog)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "needs a title" in str(dialog.query_one("#error").render()))
        dialog.query_one("#title", Input).value = "Convoy held at [bold]the border"
        dialog.query_one("#body", TextArea).text = "The convoy waits at the crossing."
        dialog.query_one("#audience", SelectionList).select("tehran")
        dialog.query_one("#options", TextArea).text = "Send it back | cohesion -1\nWait | morale 2"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "option line 2" in str(dialog.query_one("#error").render()))
        dialog.query_one("#options", TextArea).text = "Send it back | cohesion -1\nWait a day"
        await pilot.press("ctrl+s")
        preview = await wait_for_screen(pilot, PreviewDialog)
        text = _screen_text(pilot)
        assert "Convoy held at [bold]the border" in text  # markup stays text
        assert "Written in session by the white cell." in text
        assert "Send it back" in text and "cohesion" not in text  # a team sees no effects
        assert "As Tehran will see it" in text
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: not isinstance(pilot.app.screen, PreviewDialog | WriteInjectDialog)
        )
        await saved(pilot, session_file, "InjectWritten")
        assert preview is not None
    [written] = log_events(session_file, "InjectWritten")
    assert written["inject"]["audience"] == ["tehran"]
    with Session.open(session_file) as s:
        assert "adhoc-1" in s.state.released
        assert s.state.world.injects["adhoc-1"].options[0].effects == (("cohesion", -1),)


async def test_back_to_the_draft_keeps_it(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("w")
        dialog = await wait_for_screen(pilot, WriteInjectDialog)
        dialog.query_one("#title", Input).value = "Statement"
        dialog.query_one("#body", TextArea).text = "Moscow speaks."
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PreviewDialog)
        assert "sent to every team" in _screen_text(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, WriteInjectDialog)
        assert dialog.query_one("#title", Input).value == "Statement"
    assert log_events(session_file, "InjectWritten") == []


async def test_the_console_keeps_the_dialog_a_closed_draft_and_an_empty_form_after_release(
    session_file, clock
):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("w")
        dialog = await wait_for_screen(pilot, WriteInjectDialog)
        dialog.query_one("#title", Input).value = "Half written"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, WriteInjectDialog))
        assert any("draft is kept" in n for n in notifications(pilot.app))
        await pilot.press("w")
        again = await wait_for_screen(pilot, WriteInjectDialog)
        assert again is dialog  # not made again: opening it costs a repaint
        assert again.query_one("#title", Input).value == "Half written"
        again.query_one("#body", TextArea).text = "Now finished."
        again.query_one("#audience", SelectionList).select("tehran")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PreviewDialog)
        await pilot.press("ctrl+s")
        await saved(pilot, session_file, "InjectWritten")
        await pilot.press("w")
        third = await wait_for_screen(pilot, WriteInjectDialog)
        assert third.query_one("#title", Input).value == ""
        assert third.query_one("#body", TextArea).text == ""
        assert third.query_one("#audience", SelectionList).selected == []
        assert third.query_one("#sender", Input).value == "White cell"
        assert third.state.released  # given the console's newest state, not the first one's
        assert "adhoc-1" in third.state.released
