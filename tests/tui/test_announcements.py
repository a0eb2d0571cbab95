"""Announcements on every console: a turn or phase begins, the clock is paused or runs out, the
session ends and why; a banner under the header, with a bell when time is up or it ends."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.team_app import TeamApp
from exercise.tui.widgets.banner import Banner
from exercise.tui.widgets.status_bar import StatusBar
from tests.conftest import idle, notifications, wait_for
from tests.tui.test_console import opened
from tests.tui.test_team import asked, inbox_ids, join, joined

SIZE = (80, 24)


def banner(app) -> str:
    return app.screen.query_one(StatusBar).banner


def _bells(app, monkeypatch) -> list[int]:
    rung: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rung.append(1))
    return rung


async def test_a_team_console_is_told_of_the_pause_the_phase_and_the_end(
    session_file, clock, monkeypatch
):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    rung = _bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE2")
        await idle(pilot)
        assert banner(app) == ""  # nothing to announce on arrival
        with Session.open(session_file, clock) as s:
            s.execute(cmd.PauseClock())
        await wait_for(pilot, lambda: "paused the clock" in banner(app), what="the pause")
        with Session.open(session_file, clock) as s:
            s.execute(cmd.ResumeClock())
            s.execute(cmd.AdvancePhase())
        await wait_for(pilot, lambda: "Phase 2: Decide begins" in banner(app), what="the phase")
        with Session.open(session_file, clock) as s:
            s.execute(cmd.EndSession("the room ran out of time"))
        await wait_for(
            pilot,
            lambda: "The session has ended: the room ran out of time." in banner(app),
            what="the end and its reason",
        )
        assert rung  # the end rings


async def test_the_facilitator_hears_when_the_phases_time_runs_out(
    session_file, clock, monkeypatch
):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    rung = _bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        bar = app.screen.query_one(StatusBar)
        clock.now += 119  # the Brief phase lasts 2 minutes
        bar.tick()
        assert banner(app) == "" and not rung
        clock.now += 2
        bar.tick()
        assert "Time is up for Brief (turn 1)" in banner(app) and len(rung) == 1
        clock.now += 1
        bar.tick()
        assert len(rung) == 1  # once per phase


async def test_the_banner_takes_the_scenario_lines_place_and_nothing_below_moves(
    session_file, clock
):
    """A new turn's banner restates the turn's name and date: it is written over the scenario
    line while it shows, so the tabs and tables under the header keep their place (a room of
    consoles redraws a line, not the screen) and the line comes back when the banner goes."""
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE2")
        await idle(pilot)
        screen = app.screen
        tabs_at = screen.query_one("#team-tabs").region
        line = screen.query_one(Banner)
        line_at, resting = line.region, str(line.render())
        assert "Turn 1" not in resting and resting.strip()
        with Session.open(session_file, clock) as s:
            while s.state.turn == 1:
                s.execute(cmd.AdvancePhase(force=True))
        await wait_for(pilot, lambda: "Turn 2 of" in banner(app), what="the new turn's banner")
        await idle(pilot)
        assert "Turn 2 of" in str(line.render()) and line.region == line_at
        assert screen.query_one("#team-tabs").region == tabs_at
        turn_two = str(line.render())
        line.clear()  # (what its timer does after BANNER_SECONDS)
        await wait_for(pilot, lambda: banner(app) == "", what="the banner gone")
        await idle(pilot)
        back = str(line.render())
        assert back != turn_two and back == screen.query_one(StatusBar).text.splitlines()[1]
        assert line.region == line_at and screen.query_one("#team-tabs").region == tabs_at


async def test_a_new_turns_releases_are_told_by_its_banner_and_a_later_release_by_a_toast(
    session_file, clock
):
    """At a new turn the banner and the inbox's unread count say what came; a toast as well
    would say it twice. A release in the middle of a turn has no banner: a toast tells it."""
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await joined(pilot, app)
        inbox = screen.query_one("#inbox-table")
        with Session.open(session_file, clock) as s:
            while s.state.turn == 1:
                s.execute(cmd.AdvancePhase(force=True))
        await wait_for(pilot, lambda: "t2-tehran" in inbox_ids(inbox), what="turn 2's inject")
        await idle(pilot)
        assert "Turn 2 of 2 begins" in banner(app)
        assert "unread" in str(screen.query_one("#team-tabs").get_tab("inbox").label)
        assert not any("new message" in n for n in notifications(app))
        with Session.open(session_file, clock) as s:
            s.execute(cmd.ReleaseInject("manual-1"))
        await wait_for(
            pilot,
            lambda: any("1 new message in your inbox" in n for n in notifications(app)),
            what="the toast of a release in mid-turn",
        )
