"""The team console: join code, inbox and read events, decide/amend/withdraw, live updates."""

import asyncio

from textual.widgets import DataTable, Input, Select, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from tests.conftest import kinds

SIZE = (120, 40)


async def settle(pilot, app, seconds=0.3):
    await pilot.pause(seconds)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def join(pilot, app, code: str):
    app.screen.query_one("#code", Input).value = code
    await pilot.click("#join")
    await settle(pilot, app)


async def fill_decision(pilot, app, inject: str, rationale: str):
    """On the Decide tab: pick the inject, press its first option, write a rationale."""
    await pilot.press("3")
    await settle(pilot, app)
    app.screen.query_one("#decide-inject", Select).value = inject
    await settle(pilot, app)
    app.screen.query_one("#options").focus()
    await pilot.press("enter")
    app.screen.query_one("#decide-rationale", TextArea).text = rationale


async def test_wrong_code_is_refused_and_logged(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await join(pilot, app, "nope")
        assert not isinstance(app.screen, TeamScreen)
        assert "not right" in str(app.screen.query_one("#join-error").render())
        assert kinds(session_file)[-1] == "JoinRefused"
        await join(pilot, app, "code2")  # codes are case-insensitive
        assert isinstance(app.screen, TeamScreen)
        assert kinds(session_file)[-1] == "TeamJoined"


async def test_inbox_decide_amend_withdraw_and_live(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await join(pilot, app, "CODE2")
        screen = app.screen
        inbox = screen.query_one("#inbox-table", DataTable)
        ids = [inbox.coordinate_to_cell_key((r, 0)).row_key.value for r in range(inbox.row_count)]
        assert set(ids) == {"t1-news", "t1-pair"}  # never moscow's or tehran's private injects
        assert "2 unread" in str(screen.query_one("#team-tabs").get_tab("inbox").label)

        # Opening a message logs a read event.
        inbox.focus()
        inbox.move_cursor(row=ids.index("t1-pair"))
        await pilot.press("enter")
        await settle(pilot, app)
        s = Session.open(session_file)
        assert ("damascus", "t1-pair") in s.state.reads and ("damascus", "t1-news") not in s.state.reads
        s.close()

        # Decide: choose an option, give a rationale, confirm.
        await fill_decision(pilot, app, "t1-pair", "Stay close to [Moscow]")
        await pilot.click("#submit")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, app)
        s = Session.open(session_file)
        d = s.state.decision_for("damascus", "t1-pair")
        assert (d.option_id, d.rationale, d.author) == ("coop", "Stay close to [Moscow]", "damascus")
        s.close()

        # Amend, then withdraw.
        screen.query_one("#open-table", DataTable).focus()
        await pilot.click("#amend")
        await settle(pilot, app)
        screen.query_one("#options").focus()
        await pilot.press("down", "enter")
        await pilot.click("#submit")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        s = Session.open(session_file)
        assert s.state.decision_for("damascus", "t1-pair").option_id == "push"
        s.close()
        await pilot.click("#withdraw")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        s = Session.open(session_file)
        assert s.state.decision_for("damascus", "t1-pair").withdrawn
        # Live: the facilitator releases an inject; the team sees it within a second.
        s.execute(cmd.ReleaseInject("manual-1"))
        s.close()
        for _ in range(20):
            await asyncio.sleep(0.1)
            await pilot.pause()
            ids = [inbox.coordinate_to_cell_key((r, 0)).row_key.value for r in range(inbox.row_count)]
            if "manual-1" in ids:
                break
        assert "manual-1" in ids


async def test_a_half_filled_decision_survives_other_teams_acting(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await join(pilot, app, "CODE2")
        screen = app.screen
        await fill_decision(pilot, app, "t1-pair", "still thinking")
        radio_before = screen.query_one("#options")
        s = Session.open(session_file)
        s.execute(cmd.AddObservation("the facilitator writes meanwhile"))
        s.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
        s.close()
        await asyncio.sleep(1.2)  # two polls
        await settle(pilot, app)
        assert screen.query_one("#options") is radio_before and radio_before.pressed_button is not None
        assert screen.query_one("#decide-rationale", TextArea).text == "still thinking"
