"""Estimates before an estimative ruling, as the consoles make them: the white cell asks from the
ruling dialog (ctrl+t, listed by ctrl+p); a team console says so as it comes, the team answers
(percent and a line of reasoning, `e`) and revises until the ruling, then sees the others'
estimates and the odds; the ruling dialog shows the estimates as they come, their mean as the
odds, and the d100 before it is recorded. Every step is in the log before a screen says so."""

from __future__ import annotations

from textual.widgets import Input, SelectionList, Static

from exercise.engine import commands as cmd
from exercise.engine.judgement import next_d100
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.console import FacilitatorScreen
from exercise.tui.screens.estimate import EstimateDialog
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from exercise.tui.widgets.chance import ChanceInput
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
    widget_text,
)
from tests.tui.test_console import opened, saved
from tests.tui.test_team import asked, join

SIZE = (120, 40)
ACTION = "moscow:t1-news"


def _moscow_decides(session_file, clock) -> None:
    with Session.open(session_file, clock) as s:
        s.execute(cmd.SubmitDecision("moscow", "t1-news", "coop", rationale="keep them close"))


def _run(session_file, clock, command) -> None:
    with Session.open(session_file, clock) as s:  # another console, as it writes
        s.execute(command)


async def join_as(pilot, app, code: str, name: str) -> None:
    """Join with a code and a participant's name."""
    await asked(pilot)
    app.screen.query_one("#name", Input).value = name
    await join(pilot, app, code)


async def _ruling_dialog(pilot) -> AdjudicateDialog:
    await opened(pilot)
    await pilot.press("a")
    return await wait_for_screen(pilot, AdjudicateDialog)


def _estimates(dialog) -> str:
    return str(dialog.query_one("#estimates", Static).render())


async def test_the_white_cell_asks_the_teams_from_the_ruling_dialog(session_file, clock):
    _moscow_decides(session_file, clock)
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _ruling_dialog(pilot)
        ticked = dialog.query_one("#decisions", SelectionList)
        ticked.deselect_all()
        ticked.select(ACTION)
        dialog.query_one("#method-estimative").value = True
        await wait_for(
            pilot,
            lambda: "have not been asked about exactly these decisions" in _estimates(dialog),
            what="the panel saying the teams are not asked yet",
        )
        await pilot.press("ctrl+p")  # the palette lists it on the dialog
        await pilot.press(*"estimates")
        await wait_for(
            pilot,
            lambda: "Ask the teams for their estimates" in screen_text(app),
            what="the palette's entry",
        )
        await pilot.press("escape")
        await wait_for_screen(pilot, AdjudicateDialog)
        await pilot.press("ctrl+t")
        await saved(pilot, session_file, "EstimatesAsked")
        [asked_] = log_events(session_file, "EstimatesAsked")
        assert asked_["decision_ids"] == [ACTION] and asked_["request_id"] == "e1"
        await wait_for(
            pilot,
            lambda: any("asked every team for its estimate (e1)" in n for n in notifications(app)),
            what="the console saying it is saved",
        )

        # Opened again: estimative, on the decisions asked about, and asking twice is refused.
        dialog = await _ruling_dialog(pilot)
        assert dialog.method() == "estimative"
        assert list(dialog.query_one("#decisions", SelectionList).selected) == [ACTION]
        assert "Request e1: 0 of 4 teams have answered." in _estimates(dialog)
        assert not dialog.query_one("#ask-estimates").display
        await pilot.press("ctrl+t")
        await wait_for_text(pilot, "#error", "already asked about these decisions (e1)")
        assert log_count(session_file, "EstimatesAsked") == 1


async def test_a_team_answers_as_the_request_comes_and_revises_until_the_ruling(
    session_file, clock
):
    _moscow_decides(session_file, clock)
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await join_as(pilot, app, "CODE2", "Rana")
        screen = app.screen
        assert not screen.query_one("#asks").display  # nothing asked yet
        _run(session_file, clock, cmd.AskEstimates((ACTION,)))
        await wait_for_text(pilot, "#asks", "Moscow on “Test inject t1-news”: Cooperate")
        assert "press e to answer" in notifications(app)[-1]
        assert "Press e to answer." in widget_text(app, "#asks")

        await pilot.press("e")
        dialog = await wait_for_screen(pilot, EstimateDialog)
        assert "Moscow on “Test inject t1-news”: Cooperate with the partner" in screen_text(app)
        await pilot.press("enter")  # no chance typed: on to the reasoning, nothing sent
        await pilot.press("enter")
        await wait_for_text(pilot, "#error", "Give the chance you see")
        dialog.query_one("#percent", ChanceInput).value = "60"
        dialog.query_one("#reasoning", Input).value = "Tehran needs [Russian] air cover"
        await pilot.press("ctrl+s")
        await wait_for_event(pilot, session_file, "EstimateGiven")
        await wait_for_screen(pilot, TeamScreen)
        [given] = log_events(session_file, "EstimateGiven")
        assert (given["role"], given["percent"], given["author"]) == ("damascus", 60, "Rana")
        assert given["reasoning"] == "Tehran needs [Russian] air cover"  # brackets literal
        await wait_for_text(pilot, "#asks", "Your estimate: 60%")
        assert any("Estimate sent to the white cell" in n for n in notifications(app))

        # Revised: the form starts from the estimate sent.
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, EstimateDialog)
        assert dialog.query_one("#percent", ChanceInput).value == "60"
        dialog.query_one("#percent", ChanceInput).value = "65"
        await pilot.press("ctrl+s")
        await wait_for_event(pilot, session_file, "EstimateGiven", 2)
        await wait_for_text(pilot, "#asks", "Your estimate: 65%")

        # Another team's estimate stays with the white cell until the ruling...
        _run(session_file, clock, cmd.GiveEstimate("e1", "tehran", 35, "Ankara will object"))
        await pilot.press("4")
        await wait_for_text(pilot, "#estimates-text", "Your estimate: 65%")
        await idle(pilot)
        assert "Ankara will object" not in screen_text(app)

        # ...and comes with it, with the odds; nothing is asked any more.
        _run(
            session_file,
            clock,
            cmd.Adjudicate((ACTION,), "Moscow holds its partner", method="estimative"),
        )
        await wait_for_text(pilot, "#estimates-text", "Odds rolled against: 50%")
        history = widget_text(app, "#estimates-text")
        assert "Tehran: 35% — Ankara will object" in history and "d100 " in history
        await wait_for(pilot, lambda: not screen.query_one("#asks").display, what="line gone")
        await pilot.press("e")  # no longer asked: the key does nothing
        await idle(pilot)
        assert isinstance(app.screen, TeamScreen)


async def test_the_ruling_dialog_shows_estimates_as_they_come_and_rolls_first(session_file, clock):
    _moscow_decides(session_file, clock)
    _run(session_file, clock, cmd.AskEstimates((ACTION,)))
    _run(session_file, clock, cmd.GiveEstimate("e1", "damascus", 60, "air cover", author="Rana"))
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _ruling_dialog(pilot)
        shown = _estimates(dialog)
        assert "Damascus (Rana): 60% — air cover" in shown and "The teams' mean: 60%" in shown
        assert "Jerusalem: not yet (a bot: it gives none)" in shown
        assert "Tehran: not yet (played in the room" in shown

        # An estimate given while the dialog is open shows, and the mean with it.
        _run(session_file, clock, cmd.GiveEstimate("e1", "tehran", 20, "too far"))
        await wait_for(
            pilot, lambda: "The teams' mean: 40%" in _estimates(dialog), what="the new mean"
        )
        assert "Tehran: 20% — too far" in _estimates(dialog)
        assert dialog.query_one("#odds-percent", ChanceInput).placeholder == "40"

        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "#error", "Roll the d100 first")
        with Session.open(session_file) as s:
            d100 = next_d100(s.state)
        dialog.query_one("#roll-d100").press()
        rolled = await wait_for_text(pilot, "#rolled-d100", f"d100 {d100} vs odds of 40%: ")
        assert ("SUCCESS" if d100 <= 40 else "FAILURE") in rolled
        preview = str(dialog.query_one("#preview", Static).render())
        assert f"d100 {d100} vs odds of 40%" in preview
        assert "each team sees the other teams' estimates and the odds" in preview

        # Odds of its own after the roll: roll again first.
        dialog.query_one("#odds-percent", ChanceInput).value = "75"
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "#error", "The odds changed since the roll")
        await pilot.press("ctrl+r")  # the roll from the keyboard, wherever the focus is
        await wait_for_text(pilot, "#rolled-d100", f"d100 {d100} vs odds of 75%: ")
        await pilot.press("ctrl+s")
        await saved(pilot, session_file, "Adjudicated")
        assert isinstance(app.screen, FacilitatorScreen)
    [ruling] = log_events(session_file, "Adjudicated")
    assert ruling["method"] == "estimative" and ruling["decision_ids"] == [ACTION]
    m = ruling["matrix"]
    assert (m["odds"], m["roll"], m["success"], m["request_id"]) == (75, d100, d100 <= 75, "e1")
    assert m["estimates"] == {"damascus": 60, "tehran": 20}
