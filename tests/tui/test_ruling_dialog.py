"""The ruling dialog: the narrative box starts empty with the draft offered, a preview says what
the teams will read and who, and Escape asks before it throws away what was written."""

from __future__ import annotations

from textual.widgets import SelectionList, Static, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.console import FacilitatorScreen
from tests.conftest import idle, kinds, wait_for, wait_for_screen
from tests.tui.test_console import opened

SIZE = (120, 40)


def _decided(session_file, clock) -> None:
    with Session.open(session_file, clock) as s:
        s.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop", rationale="close"))


async def _dialog(pilot) -> AdjudicateDialog:
    await opened(pilot)
    await pilot.press("a")
    dialog = await wait_for_screen(pilot, AdjudicateDialog)
    await idle(pilot)
    return dialog


def _preview(dialog) -> str:
    return str(dialog.query_one("#preview", Static).render())


async def test_the_draft_is_offered_and_the_preview_says_who_reads_what(session_file, clock):
    _decided(session_file, clock)
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog(pilot)
        area = dialog.query_one("#narrative", TextArea)
        assert area.text == "" and dialog.draft  # empty, the draft offered
        assert "What every team will read:" in _preview(dialog) and dialog.draft in _preview(dialog)
        dialog.query_one("#use-draft").press()
        await wait_for(pilot, lambda: area.text == dialog.draft, what="the draft written in")
        assert area.cursor_location == area.document.end and area.has_focus
        area.text = "Moscow keeps its partner close."
        dialog.query_one("#audience", SelectionList).select("moscow")
        await wait_for(
            pilot,
            lambda: (
                "What only moscow will read:\nMoscow keeps its partner close." in _preview(dialog)
            ),
            what="the preview of a private ruling",
        )


async def test_escape_asks_before_it_throws_a_written_ruling_away(session_file, clock):
    _decided(session_file, clock)
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog(pilot)
        dialog.query_one("#narrative", TextArea).text = "Half a ruling"
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")  # no: back to the ruling, text intact
        await wait_for_screen(pilot, AdjudicateDialog)
        assert dialog.query_one("#narrative", TextArea).text == "Half a ruling"
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, FacilitatorScreen)
        assert "Adjudicated" not in kinds(session_file)


async def test_an_untouched_ruling_closes_at_once_and_saving_it_uses_the_draft(session_file, clock):
    _decided(session_file, clock)
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, FacilitatorScreen)
        dialog = await _dialog(pilot)
        draft = dialog.draft
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Adjudicated" in kinds(session_file), what="the ruling")
        with Session.open(session_file, clock) as s:
            assert s.state.rulings[-1].narrative == draft
