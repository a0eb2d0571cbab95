"""Snapshots of the teams' judgement in the consoles, at 80x24 and 120x40: the ruling dialog by the
estimative method (the estimates, their mean, the d100 rolled), a team's estimate form under the
line that says what is asked, and the feedback form once the session has ended.

Stable as tests/tui/test_snapshots.py's are: a fixed seed and clock, each picture taken once what
it shows is on screen."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.estimate import EstimateDialog
from exercise.tui.screens.feedback import FeedbackDialog
from exercise.tui.team_app import TeamApp
from tests.conftest import wait_for_screen, wait_for_text
from tests.tui.test_snapshots import _joined, _loaded, settled, sizes

ACTION = "moscow:t1-news"


def _asked(session_file, clock, *estimates: tuple[str, int, str]) -> None:
    with Session.open(session_file, clock) as s:
        s.execute(cmd.SubmitDecision("moscow", "t1-news", "coop", rationale="keep them close"))
        s.execute(cmd.AskEstimates((ACTION,)))
        for role, percent, reasoning in estimates:
            s.execute(cmd.GiveEstimate("e1", role, percent, reasoning))


@sizes
def test_estimative_ruling_dialog(snap_compare, session_file, clock, size):
    _asked(session_file, clock, ("damascus", 60, "air cover [matters]"), ("tehran", 20, "too far"))

    async def run_before(pilot):
        await _loaded(pilot)
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, AdjudicateDialog)
        dialog.query_one("#roll-d100").press()
        await wait_for_text(pilot, "#rolled-d100", "vs odds of 40%")
        dialog.query_one("#estimative").scroll_visible(top=True, animate=False)
        await settled(pilot)

    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@sizes
def test_team_estimate_dialog(snap_compare, session_file, clock, size):
    _asked(session_file, clock)

    async def run_before(pilot):
        await _joined(pilot)
        await wait_for_text(pilot, "#asks", "Press e to answer.")
        await pilot.press("e")
        await wait_for_screen(pilot, EstimateDialog)
        await settled(pilot)

    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@sizes
def test_team_feedback_dialog(snap_compare, session_file, clock, size):
    with Session.open(session_file, clock) as s:
        s.execute(cmd.EndSession())

    async def run_before(pilot):
        await _joined(pilot)
        await wait_for_text(pilot, "#asks", "press f for the feedback form")
        await pilot.press("f")
        await wait_for_screen(pilot, FeedbackDialog)
        await settled(pilot)

    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
