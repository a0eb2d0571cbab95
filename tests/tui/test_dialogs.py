"""Dialogs: the frame they share (tui/app.tcss) with each one's own rules on top, their buttons,
and where escape leads from the review console."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Button, Input, Static, TextArea

from exercise.engine import commands as cmd
from exercise.tui.app import FacilitatorApp
from exercise.tui.review_app import ReviewApp
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.choice import ChoiceDialog
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.console import FacilitatorScreen
from exercise.tui.screens.form import Dialog
from exercise.tui.screens.help import HelpScreen
from exercise.tui.screens.join import JoinScreen
from exercise.tui.screens.observation import ObservationDialog
from exercise.tui.screens.review import ReviewScreen
from exercise.tui.screens.setup import Setup, SetupDialog
from exercise.tui.team_app import TeamApp
from tests.conftest import idle, wait_for, wait_for_screen, wait_for_text

SIZE = (120, 40)


async def _open(pilot, dialog: Dialog) -> tuple[Dialog, list]:
    """Push `dialog`; returns it, on screen, and the list its result is put in."""
    results: list = []
    pilot.app.push_screen(dialog, results.append)
    await wait_for_screen(pilot, type(dialog))
    return dialog, results


async def _press(pilot, selector: str) -> None:
    """Press a button of the active screen as a click would (a toast may lie over where it is)."""
    pilot.app.screen.query_one(selector, Button).press()
    await idle(pilot)


def _frame(dialog: Dialog) -> tuple[str, Color]:
    return dialog.query_one(Vertical).styles.border_top


async def test_every_dialog_has_the_shared_frame_and_its_own_rules_win(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, FacilitatorScreen)
        theme = app.get_css_variables()
        primary, warning, accent = (
            Color.parse(theme[name]) for name in ("primary", "warning", "accent")
        )

        help_screen, _ = await _open(pilot, HelpScreen([("n", "Next")]))
        box = help_screen.query_one(Vertical)
        assert _frame(help_screen) == ("thick", primary)  # the shared frame
        assert box.region.width == 90 and box.styles.background == Color.parse(theme["surface"])
        assert box.region.x == (SIZE[0] - 90) // 2  # in the middle
        await pilot.press("escape")

        confirm, _ = await _open(pilot, ConfirmDialog("Sure?"))
        assert _frame(confirm) == ("thick", warning)  # its own colour beats the shared one
        assert tuple(confirm.query_one(Vertical).styles.padding) == (1, 2, 1, 2)
        buttons = confirm.query_one("#buttons")
        assert buttons.region.height == 3 and buttons.query_one("#yes").styles.margin.left == 2
        await pilot.press("escape")

        adjudicate, _ = await _open(pilot, AdjudicateDialog(app.screen.state))
        assert _frame(adjudicate) == ("thick", accent)
        assert adjudicate.query_one(".title").styles.text_style.bold
        assert adjudicate.query_one("#error").styles.color == Color.parse(theme["error"])


@pytest.mark.parametrize("button, answer", [("#yes", True), ("#no", False)])
async def test_the_confirm_buttons_answer(session_file, clock, button, answer):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, FacilitatorScreen)
        _, results = await _open(pilot, ConfirmDialog("Sure?"))
        await _press(pilot, button)
        await wait_for(pilot, lambda: results, what="the dialog's answer")
        assert results == [answer]


@pytest.mark.parametrize("button, answer", [("#choose", "b"), ("#cancel", None)])
async def test_the_choice_buttons_choose_the_highlighted_item_or_nothing(
    session_file, clock, button, answer
):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, FacilitatorScreen)
        _, results = await _open(pilot, ChoiceDialog("Pick", [("a", "first"), ("b", "second")]))
        await pilot.press("down")
        await idle(pilot)
        await _press(pilot, button)
        await wait_for(pilot, lambda: results, what="the dialog's answer")
        assert results == [answer]


async def test_a_form_dialog_saves_or_cancels_by_its_buttons(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, FacilitatorScreen)
        dialog, results = await _open(pilot, ObservationDialog(app.screen.state))
        await _press(pilot, "#save")  # nothing written yet: it says so and stays open
        await wait_for_text(pilot, "#error", "Write the observation first.")
        assert app.screen is dialog and results == []
        dialog.query_one("#text", TextArea).text = "calm"
        await _press(pilot, "#save")
        await wait_for(pilot, lambda: results, what="the saved observation")
        assert isinstance(results[0], cmd.AddObservation) and results[0].text == "calm"

        _, results = await _open(pilot, ObservationDialog(app.screen.state))
        await _press(pilot, "#cancel")
        await wait_for(pilot, lambda: results, what="the cancelled dialog's result")
        assert results == [None]


@pytest.mark.parametrize("button", ["#start", "#cancel"])
async def test_the_setup_buttons_start_or_cancel(session_file, clock, tmp_path, button):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, FacilitatorScreen)
        path = str(tmp_path / "new.ttx")
        _, results = await _open(pilot, SetupDialog("Mini", [("moscow", "Moscow")], 7, path))
        await _press(pilot, button)
        await wait_for(pilot, lambda: results, what="the set-up dialog's result")
        expected = Setup({"moscow": "team"}, 7, path) if button == "#start" else None
        assert results == [expected]


async def test_the_join_button_and_enter_in_the_last_field_try_the_code(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, JoinScreen)
        await _press(pilot, "#join")
        await wait_for_text(pilot, "#join-error", "Type the join code first.")
        app.screen.query_one("#join-error", Static).update("")
        await pilot.press("enter")  # in the code field: on to the name
        await wait_for(
            pilot,
            lambda: app.focused is app.screen.query_one("#name", Input),
            what="the name field",
        )
        await pilot.press("enter")
        await wait_for_text(pilot, "#join-error", "Type the join code first.")
        assert not app.screen.query_one("#join", Button).disabled


async def test_escape_in_the_review_goes_back_to_the_console_it_was_opened_from(
    session_file, clock
):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        console = await wait_for_screen(pilot, FacilitatorScreen)
        await pilot.press("v")
        await wait_for_screen(pilot, ReviewScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is console, what="the console back on top")
        assert app.return_code is None  # still running


async def test_escape_in_ttx_review_leaves_the_app(session_file):
    app = ReviewApp(session_file)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, ReviewScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.return_code is not None, what="the app to exit")
