"""The team console: join code, inbox and read events, decide/amend/withdraw, live updates."""

from textual.widgets import DataTable, Input, Select, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.join import JoinScreen
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from tests.conftest import (
    idle,
    kinds,
    log_count,
    screen_text,
    wait_for,
    wait_for_event,
    wait_for_screen,
    widget_text,
)

SIZE = (120, 40)


async def asked(pilot) -> JoinScreen:
    """The console asks for the join code."""
    return await wait_for_screen(pilot, JoinScreen)


async def join(pilot, app, code: str):
    """Enter a code: either the team console opens (its view shown) or the join screen says
    why not."""
    path = app.gateway.path
    answers = log_count(path, "TeamJoined") + log_count(path, "JoinRefused")
    app.screen.query_one("#code", Input).value = code
    await pilot.click("#join")
    await wait_for(
        pilot,
        lambda: log_count(path, "TeamJoined") + log_count(path, "JoinRefused") > answers,
        what="the join (or its refusal) in the log",
    )
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, TeamScreen)
            and app.screen.view is not None
            or "not right" in widget_text(app, "#join-error")
        ),
        what="the team console, or why not",
    )
    await idle(pilot)


async def joined(pilot, app, code: str = "CODE2") -> TeamScreen:
    """The team (Damascus unless told) joins with its code; its console, idle, with the view
    shown."""
    await asked(pilot)
    await join(pilot, app, code)
    await idle(pilot)
    return app.screen


async def fill_decision(pilot, app, inject: str, rationale: str):
    """On the Decide tab: pick the inject, press its first option, write a rationale."""
    await pilot.press("3")
    await wait_for(
        pilot, lambda: app.screen.query_one("#team-tabs").active == "decide", what="the Decide tab"
    )
    app.screen.query_one("#decide-inject", Select).value = inject
    await idle(pilot)
    app.screen.query_one("#options").focus()
    await pilot.press("enter")
    app.screen.query_one("#decide-rationale", TextArea).text = rationale


async def confirmed(pilot, path, kind: str, count: int = 1):
    """Confirm the dialog now open; the command is in the log and the console shows it."""
    await wait_for_screen(pilot, ConfirmDialog)
    await pilot.press("y")
    await wait_for_event(pilot, path, kind, count)
    await wait_for_screen(pilot, TeamScreen)


async def test_wrong_code_is_refused_and_logged(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "nope")
        assert not isinstance(app.screen, TeamScreen)
        assert "not right" in widget_text(app, "#join-error")
        assert kinds(session_file)[-1] == "JoinRefused"
        await join(pilot, app, "code2")  # codes are case-insensitive
        assert isinstance(app.screen, TeamScreen)
        assert kinds(session_file)[-1] == "TeamJoined"


def inbox_ids(inbox: DataTable) -> list[str]:
    return [inbox.coordinate_to_cell_key((r, 0)).row_key.value for r in range(inbox.row_count)]


async def test_inbox_decide_amend_withdraw_and_live(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE2")
        screen = app.screen
        inbox = screen.query_one("#inbox-table", DataTable)
        ids = inbox_ids(inbox)
        assert set(ids) == {"t1-news", "t1-pair"}  # never moscow's or tehran's private injects
        assert "2 unread" in str(screen.query_one("#team-tabs").get_tab("inbox").label)

        # Opening a message logs a read event.
        inbox.focus()
        inbox.move_cursor(row=ids.index("t1-pair"))
        await pilot.press("enter")
        await wait_for_event(
            pilot, session_file, "InjectRead", where=lambda d: d["role"] == "damascus"
        )
        await idle(pilot)
        s = Session.open(session_file)
        assert ("damascus", "t1-pair") in s.state.reads and (
            "damascus",
            "t1-news",
        ) not in s.state.reads
        s.close()

        # Decide: choose an option, give a rationale, confirm.
        await fill_decision(pilot, app, "t1-pair", "Stay close to [Moscow]")
        await pilot.click("#submit")
        await confirmed(pilot, session_file, "DecisionSubmitted", 3)  # the bot's two came first
        s = Session.open(session_file)
        d = s.state.decision_for("damascus", "t1-pair")
        assert (d.option_id, d.rationale, d.author) == (
            "coop",
            "Stay close to [Moscow]",
            "damascus",
        )
        s.close()

        # Amend, then withdraw.
        await wait_for(
            pilot,
            lambda: screen.query_one("#open-table", DataTable).row_count == 1,
            what="the open decision listed",
        )
        screen.query_one("#open-table", DataTable).focus()
        await pilot.click("#amend")
        await wait_for(
            pilot,
            lambda: screen.query_one("#decide-rationale", TextArea).text == d.rationale,
            what="the decision loaded into the form",
        )
        await idle(pilot)
        screen.query_one("#options").focus()
        await pilot.press("down", "enter")
        await pilot.click("#submit")
        await confirmed(pilot, session_file, "DecisionAmended")
        s = Session.open(session_file)
        assert s.state.decision_for("damascus", "t1-pair").option_id == "push"
        s.close()
        await pilot.click("#withdraw")
        await confirmed(pilot, session_file, "DecisionWithdrawn")
        s = Session.open(session_file)
        assert s.state.decision_for("damascus", "t1-pair").withdrawn
        # Live: the facilitator releases an inject; the team's console shows it without a key press.
        s.execute(cmd.ReleaseInject("manual-1"))
        s.close()
        await wait_for(
            pilot, lambda: "manual-1" in inbox_ids(inbox), what="manual-1 in the team's inbox"
        )


async def test_a_half_filled_decision_survives_other_teams_acting(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE2")
        screen = app.screen
        await fill_decision(pilot, app, "t1-pair", "still thinking")
        radio_before = screen.query_one("#options")
        s = Session.open(session_file)
        s.execute(cmd.AddObservation("the facilitator writes meanwhile"))
        s.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
        s.execute(cmd.PauseClock())  # the one of the three that this team sees
        seq = s.state.seq
        s.close()
        # The console has polled and shown the view with all three events in it.
        await wait_for(
            pilot, lambda: screen.view.seq >= seq, what=f"the team's view at event {seq}"
        )
        await idle(pilot)
        assert screen.view.paused
        assert (
            screen.query_one("#options") is radio_before and radio_before.pressed_button is not None
        )
        assert screen.query_one("#decide-rationale", TextArea).text == "still thinking"


async def test_events_a_team_cannot_see_cost_its_console_no_new_view(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await joined(pilot, app)
        shown = screen.view
        s = Session.open(session_file)
        s.execute(cmd.AddObservation("the facilitator's note"))
        s.execute(cmd.MarkRead("moscow", "t1-news"))
        s.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
        unseen = s.state.seq
        s.close()
        # The console's own session has read all three (its poll ran)...
        await wait_for(
            pilot,
            lambda: screen.gateway.load().seq >= unseen,
            what="the poll to read the three events",
        )
        await idle(pilot)
        # ...and built no view for them: the one on screen is the one from before.
        assert screen.view is shown


async def test_tabs_not_yet_opened_are_built_on_first_opening_as_things_stand(session_file, clock):
    """A team joins on its inbox; Decide, History and Messages are built when first opened
    (a room of consoles joins at once) and show then what happened before they were opened."""
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await joined(pilot, app)
        assert not screen.query("#decide-form, #history-table, #messages-list")
        s = Session.open(session_file)
        s.execute(cmd.SubmitDecision("damascus", "t1-pair", "coop", rationale="hold both"))
        s.execute(cmd.SendMessage("control", "damascus", "Keep the corridor open"))
        seq = s.state.seq
        s.close()
        await wait_for(pilot, lambda: screen.view.seq >= seq, what=f"the view at event {seq}")
        assert "5 Messages (1 new)" in str(screen.query_one("#team-tabs").get_tab("messages").label)

        for key, table, focus in (
            ("4", "#history-table", "#history-table"),
            ("3", "#open-table", "#decide-inject"),
        ):
            await pilot.press(key)
            await wait_for(
                pilot,
                lambda t=table: screen.query(t) and screen.query_one(t, DataTable).row_count == 1,
                what=f"{table} in its tab, with the decision sent before the tab was opened",
            )
            assert screen.focused is screen.query_one(focus)  # the tab's own focus
        await pilot.press("5")
        await wait_for(
            pilot,
            lambda: "Keep the corridor open" in widget_text(app, "#messages-list"),
            what="the message that came before the tab was opened",
        )
        await wait_for_event(pilot, session_file, "MessageRead")  # opening the tab read it

        # A built tab out of sight is not redrawn as the view changes; it is when next opened.
        history = screen.query_one("#history-table", DataTable)
        await pilot.press("2")
        s = Session.open(session_file)
        s.execute(cmd.WithdrawDecision("damascus", "t1-pair"))
        seq = s.state.seq
        s.close()
        await wait_for(pilot, lambda: screen.view.seq >= seq, what=f"the view at event {seq}")
        await idle(pilot)
        assert "open" in str(history.get_row_at(0)[-1])  # (hidden: as it was)
        await pilot.press("4")
        await wait_for(
            pilot,
            lambda: "withdrawn" in str(history.get_row_at(0)[-1]),
            what="the withdrawal shown once History is opened",
        )


async def test_a_tab_chosen_while_another_is_still_being_built_stays_chosen(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        tabs = app.screen.query_one("#team-tabs")
        for chosen in (("decide", "inbox"), ("history", "messages", "briefing")):
            for tab in chosen:  # as keys 3 then 2 pressed at once: no wait for a tab's build
                await app.screen.run_action(f"tab('{tab}')")
            last = chosen[-1]
            await idle(pilot)
            assert tabs.active == last
            assert app.screen.focused is app.screen.query_one(TeamScreen.FOCUS_IN_TAB[last])


async def test_an_inject_left_undecided_in_an_earlier_turn_is_offered_with_its_turn(
    session_file, clock
):
    """This turn's injects come first in the form's list; one still waiting from an earlier
    turn is offered after them, and says which turn it came in."""
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await joined(pilot, app)
        with Session.open(session_file, clock) as s:
            while s.state.turn == 1:
                s.execute(cmd.AdvancePhase(force=True))
        await wait_for(pilot, lambda: screen.view is not None and screen.view.turn == 2)
        await pilot.press("3")
        await wait_for(pilot, lambda: bool(screen.query("#decide-inject")), what="Decide built")
        select = screen.query_one("#decide-inject", Select)
        await wait_for(pilot, lambda: select.value == "t2-tehran", what="this turn's first")
        select.value = "t1-pair"
        await wait_for(
            pilot,
            lambda: "(turn 1) Test inject t1-pair" in screen_text(app),
            what="the older inject labelled with its turn",
        )
