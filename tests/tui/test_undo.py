"""`z` undoes the last release or the last phase change from the facilitator's console; `k` keeps
the citations from the teams until the hot wash, or gives them back."""

from __future__ import annotations

from textual.widgets import OptionList

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.choice import ChoiceDialog
from tests.conftest import log_events, wait_for_screen
from tests.tui.test_console import opened, saved


async def test_z_withdraws_the_last_release_then_goes_back_a_phase(session_file, clock):
    with Session.open(session_file, clock) as s:
        s.execute(cmd.ReleaseInject("manual-1"))
        s.execute(cmd.AdvancePhase())
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("z")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        ids = [o.id for o in dialog.query_one(OptionList).options]
        assert ids == ["release:manual-1", "phase"]
        await pilot.press("enter")  # the first: withdraw the release
        await saved(pilot, session_file, "ReleaseWithdrawn")
        await pilot.press("z")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "phase" in [o.id for o in dialog.query_one(OptionList).options]
        dialog.query_one(OptionList).highlighted = len(dialog.query_one(OptionList).options) - 1
        await pilot.press("enter")
        await saved(pilot, session_file, "PhaseUndone")
    assert log_events(session_file, "ReleaseWithdrawn")[0]["inject_id"] == "manual-1"
    with Session.open(session_file) as s:
        assert s.state.phase == 0 and "manual-1" not in s.state.released


async def test_k_keeps_the_citations_from_the_teams_then_gives_them_back(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("k")
        await saved(pilot, session_file, "SourcesShown")
        await pilot.press("k")
        await saved(pilot, session_file, "SourcesShown", count=2)
    assert [e["shown"] for e in log_events(session_file, "SourcesShown")] == [False, True]
