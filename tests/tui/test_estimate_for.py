"""The white cell enters the estimate of a team played in the room from the ruling dialog's
estimates (ctrl+o, or the panel's button): a form for the teams it may enter for, the chance and
a line of reasoning read as a team's own form reads them, refusals said in the form, and the
estimate in the log (marked as entered on the team's behalf) before the panel shows it, while
the ruling dialog stays open with what was written in it."""

from __future__ import annotations

from textual.widgets import Input, Select, Static, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.estimate_for import EstimateForDialog
from exercise.tui.widgets.chance import ChanceInput
from tests.conftest import (
    log_count,
    log_events,
    notifications,
    screen_text,
    wait_for,
    wait_for_event,
    wait_for_screen,
    wait_for_text,
)
from tests.tui.test_console import opened

SIZE = (120, 40)
ACTION = "moscow:t1-news"


def _run(session_file, clock, *commands) -> None:
    with Session.open(session_file, clock) as s:  # another console, as it writes
        for command in commands:
            s.execute(command)


def _estimates(app) -> str:
    return str(app.screen.query_one("#estimates", Static).render())


def _entered(data: dict) -> bool:
    return bool(data.get("on_behalf"))


async def test_the_white_cell_enters_the_estimates_of_the_teams_played_in_the_room(
    session_file, clock
):
    # moscow and tehran are played in the room, damascus at its own console, jerusalem by a bot
    _run(
        session_file,
        clock,
        cmd.SubmitDecision("moscow", "t1-news", "coop", rationale="keep them close"),
        cmd.AskEstimates((ACTION,)),
        cmd.GiveEstimate("e1", "damascus", 60, "air cover", author="Rana"),
    )
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        console = await opened(pilot)
        await pilot.press("a")
        ruling = await wait_for_screen(pilot, AdjudicateDialog)
        assert "Tehran: not yet (played in the room: enter its estimate, ctrl+o)" in _estimates(app)
        assert ruling.query_one("#enter-estimate").display
        ruling.query_one("#narrative", TextArea).text = "Moscow holds its partner"

        # The form offers only the teams played in the room, the first not yet heard from.
        await pilot.press("ctrl+o")
        form = await wait_for_screen(pilot, EstimateForDialog)
        offered = [v for _, v in form.query_one("#role", Select)._options]
        assert offered == ["moscow", "tehran"] and form.query_one("#role", Select).value == "moscow"
        shown = screen_text(app)
        assert "An estimate for a team played in the room" in shown
        assert "Request e1 asks about" in shown and "Moscow · Test inject t1-news" in shown
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "#error", "Give the chance the team sees, from 0 to 100%.")
        form.query_one("#percent", ChanceInput).value = "80"
        form.query_one("#reasoning", Input).value = "[Moscow] needs the base"  # literal
        await pilot.press("enter", "enter")  # on to the reasoning, then sent: a team's keys
        await wait_for_event(pilot, session_file, "EstimateGiven", 1, where=_entered)
        assert isinstance(app.screen, AdjudicateDialog)  # the ruling being written stays open
        assert ruling.query_one("#narrative", TextArea).text == "Moscow holds its partner"
        [entered] = [e for e in log_events(session_file, "EstimateGiven") if _entered(e)]
        assert (entered["role"], entered["percent"], entered["author"]) == (
            "moscow",
            80,
            "facilitator",
        )
        assert entered["reasoning"] == "[Moscow] needs the base"
        await wait_for(
            pilot,
            lambda: (
                "Moscow (entered by the white cell): 80% — [Moscow] needs the base"
                in _estimates(app)
            ),
            what="the panel showing the estimate entered",
        )
        assert "Damascus (Rana): 60% — air cover" in _estimates(app)
        assert "The teams' mean: 70%" in _estimates(app)
        assert any(
            "Moscow gives it 80% (e1, entered by the white cell)" in n for n in notifications(app)
        )

        # Opened again: Tehran first (not yet heard from); Moscow's estimate is there to revise.
        await pilot.press("ctrl+o")
        form = await wait_for_screen(pilot, EstimateForDialog)
        role = form.query_one("#role", Select)
        assert role.value == "tehran"
        role.value = "moscow"
        await wait_for_text(pilot, "#asked", "Its estimate so far: 80% (entered by the white cell)")
        assert form.query_one("#percent", ChanceInput).value == "80"
        role.value = "tehran"
        await wait_for(pilot, lambda: form.query_one("#percent", ChanceInput).value == "")
        form.query_one("#percent", ChanceInput).value = "30"

        # The engine's rule, said in the form: Tehran has got a console of its own meanwhile.
        _run(session_file, clock, cmd.SetParticipant("tehran", "team"))
        await wait_for(
            pilot,
            lambda: console.state is not None and console.state.participants["tehran"] == "team",
            what="the console reading that Tehran has a console",
        )
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "#error", "Not entered: Tehran answers from its own console")
        assert isinstance(app.screen, EstimateForDialog)
        assert log_count(session_file, "EstimateGiven", _entered) == 1
        await pilot.press("escape")
        await wait_for_screen(pilot, AdjudicateDialog)
        await wait_for(
            pilot,
            lambda: "  Tehran: not yet\n" in _estimates(app),
            what="the panel no longer offering to enter Tehran's estimate",
        )

        # The estimate entered is one of the teams': their mean is the odds the ruling rolls.
        ruling.query_one("#roll-d100").press()
        await wait_for_text(pilot, "#rolled-d100", "vs odds of 70%")
        await pilot.press("ctrl+s")
        await wait_for_event(pilot, session_file, "Adjudicated")
    [recorded] = log_events(session_file, "Adjudicated")
    assert recorded["matrix"]["estimates"] == {"damascus": 60, "moscow": 80}
    assert recorded["matrix"]["odds"] == 70


async def test_no_estimate_to_enter_before_the_teams_are_asked(session_file, clock):
    _run(
        session_file,
        clock,
        cmd.SubmitDecision("moscow", "t1-news", "coop", rationale="keep them close"),
    )
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("a")
        ruling = await wait_for_screen(pilot, AdjudicateDialog)
        ruling.query_one("#method-estimative").value = True
        await wait_for(pilot, lambda: "have not been asked" in _estimates(app))
        assert not ruling.query_one("#enter-estimate").display
        await pilot.press("ctrl+o")
        await wait_for_text(pilot, "#error", "Ask the teams first (ctrl+t)")
        assert isinstance(app.screen, AdjudicateDialog)
    assert log_count(session_file, "EstimateGiven") == 0
