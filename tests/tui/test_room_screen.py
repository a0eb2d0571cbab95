"""The projector view (`ttx screen`): the room's news as the facilitator's console makes it, and
the indicators the facilitator chooses to show with `s`, on the wall and on the team consoles."""

from __future__ import annotations

from textual.widgets import SelectionList

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.room_app import RoomApp
from exercise.tui.screens.room import RoomScreen
from exercise.tui.screens.show_indicators import ShowIndicatorsDialog
from exercise.tui.team_app import TeamApp
from exercise.tui.widgets.room_parts import RoomHeader
from tests.conftest import (
    idle,
    log_events,
    screen_text,
    wait_for,
    wait_for_screen,
    widget_text,
)
from tests.tui.test_console import opened, saved
from tests.tui.test_team import asked, join

SIZE = (120, 40)


def room(app) -> str:
    return " ".join(
        widget_text(app, s) for s in ("RoomHeader", "#indicators", "#injects", "#rulings")
    )


async def test_the_wall_follows_the_session_and_shows_nothing_private(session_file, clock):
    app = RoomApp(session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, RoomScreen)
        await wait_for(pilot, lambda: "TURN 1 OF 2" in room(app), what="the turn")
        with Session.open(session_file, clock) as s:
            injects = s.state.world.injects
            released = {r.inject_id for r in s.state.releases}
            assert {"t1-news", "t1-moscow"} <= released  # turn 1 opened with both
            s.execute(cmd.AddObservation("Moscow hedged: raise it at the hot wash."))
            s.execute(cmd.PauseClock())
        public, private = injects["t1-news"].title, injects["t1-moscow"].title
        await wait_for(pilot, lambda: public in room(app), what="the public inject")
        await wait_for(pilot, lambda: "PAUSED" in widget_text(app, "#state"), what="PAUSED")
        assert "paused the clock" in app.screen.query_one(RoomHeader).banner
        assert private not in room(app) and "hot wash" not in room(app)
        with Session.open(session_file, clock) as s:
            s.execute(
                cmd.Adjudicate((), "Every team hears that the talks went on.", method="matrix")
            )
            s.execute(cmd.Adjudicate((), "Only Damascus hears this.", audience=("damascus",)))
        await wait_for(pilot, lambda: "talks went on" in room(app), what="the public ruling")
        assert "Dice: 2d6" in room(app)  # a matrix ruling's roll, as the table saw it
        await idle(pilot)
        assert "Only Damascus" not in room(app)
        assert not app.screen.query_one("#indicators").display  # none shown yet


async def test_s_chooses_the_indicators_the_room_and_the_teams_see(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("s")
        dialog = await wait_for_screen(pilot, ShowIndicatorsDialog)
        assert [o.value for o in dialog.query_one(SelectionList).options] == [
            "cohesion",
            "escalation",
        ]
        await pilot.press("space")  # ticks the first: cohesion
        await pilot.press("ctrl+s")
        await saved(pilot, session_file, "IndicatorsShown")
        assert log_events(session_file, "IndicatorsShown")[-1]["ids"] == ["cohesion"]
        await wait_for(pilot, lambda: "Cohesion · on screen" in screen_text(app), what="the mark")
    wall = RoomApp(session_file, clock=clock)
    async with wall.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Cohesion" in widget_text(wall, "#indicators"), what="it")
        shown = widget_text(wall, "#indicators")
        assert "5 of 0–10" in shown and "Escalation" not in shown
    team = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with team.run_test(size=(80, 24)) as pilot:
        await asked(pilot)
        await join(pilot, team, "CODE2")
        await wait_for(
            pilot,
            lambda: "The room sees: Cohesion 5/10" in widget_text(team, "#room-indicators"),
            what="the indicator on the team console",
        )
