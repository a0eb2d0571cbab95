"""A decision's confidence, as the consoles ask for it: "How likely is this to get what you want
this turn?" (0-100%, empty: none) on the team's Decide form, kept on submit and amend and shown
back on its decisions; the facilitator's decision dialog asks the same for a team in the room."""

from __future__ import annotations

from textual.widgets import Button, DataTable, Select, TextArea

from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.decision import DecisionDialog
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
    wait_for_screen,
)
from tests.tui.test_console import opened, saved
from tests.tui.test_team import asked, confirmed, fill_decision, join

SIZE = (120, 40)


async def click_submit(pilot, app) -> None:
    """A click on Submit, once its last press has played out: Textual's Button ignores clicks
    while it shows the press (its `-active` effect), as a person's second click that fast."""
    submit = app.screen.query_one("#submit", Button)
    await wait_for(pilot, lambda: not submit.has_class("-active"), what="Submit ready again")
    await pilot.click("#submit")


def _row(table: DataTable, row: int = 0) -> list[str]:
    return [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(row)]


async def test_a_team_gives_its_decision_a_chance_and_revises_it(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE2")
        screen = app.screen

        # Out of range: said at once, nothing is sent.
        await fill_decision(pilot, app, "t1-pair", "Stay close")
        assert "How likely is this to get what you want this turn?" in screen_text(app)
        chance = screen.query_one("#decide-confidence", ChanceInput)
        chance.value = "150"
        await click_submit(pilot, app)
        await wait_for(
            pilot,
            lambda: any("from 0 to 100%, not 150%" in n for n in notifications(app)),
            what="the refusal of 150%",
        )
        assert isinstance(app.screen, TeamScreen) and not log_count(
            session_file, "DecisionSubmitted", lambda d: d["role"] == "damascus"
        )

        chance.value = "70"
        await click_submit(pilot, app)
        await wait_for(
            pilot,
            lambda: "How likely to get what you want: 70%" in screen_text(app),
            what="the chance quoted in the confirmation",
        )
        await confirmed(pilot, session_file, "DecisionSubmitted", 3)  # the bot's two came first
        [mine] = [
            d for d in log_events(session_file, "DecisionSubmitted") if d["role"] == "damascus"
        ]
        assert mine["confidence"] == 70
        assert chance.value == ""  # sent: the form starts empty again
        table = screen.query_one("#open-table", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1, what="the open decision listed")
        assert "70%" in _row(table)
        await pilot.press("4")  # the History tab is built when first opened, filled as it is
        await wait_for(pilot, lambda: screen.query("#history-table"), what="the History tab")
        history = screen.query_one("#history-table", DataTable)
        await wait_for(pilot, lambda: history.row_count == 1, what="the decision in the history")
        assert "70%" in _row(history)

        # Amend: the chance comes back into the form, and the new one is kept.
        await pilot.press("3")
        table.focus()
        await pilot.click("#amend")
        await wait_for(pilot, lambda: chance.value == "70", what="the chance loaded to amend")
        await idle(pilot)
        chance.value = "40"
        await click_submit(pilot, app)
        await confirmed(pilot, session_file, "DecisionAmended")
        [amended] = log_events(session_file, "DecisionAmended")
        assert amended["confidence"] == 40
        await wait_for(pilot, lambda: "40%" in _row(table), what="the amended chance shown")


async def test_a_decision_without_a_chance_records_none(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE2")
        await fill_decision(pilot, app, "t1-pair", "No view on the odds")
        await click_submit(pilot, app)
        await wait_for(
            pilot,
            lambda: "How likely to get what you want: not said" in screen_text(app),
            what="no chance said in the confirmation",
        )
        await confirmed(pilot, session_file, "DecisionSubmitted", 3)
    [mine] = [d for d in log_events(session_file, "DecisionSubmitted") if d["role"] == "damascus"]
    assert "confidence" not in mine  # the default stays out of the payload: same hash as before


async def test_the_facilitator_records_a_teams_chance(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, DecisionDialog)
        dialog.query_one("#role", Select).value = "moscow"
        await idle(pilot)
        dialog.query_one("#inject", Select).value = "t1-moscow"
        await idle(pilot)
        dialog.query_one("#options").focus()
        await pilot.press("enter")
        dialog.query_one("#rationale", TextArea).text = "Keep Tehran close"
        dialog.query_one("#confidence", ChanceInput).value = "abc"  # typed by hand, not by keys
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: "whole number from 0 to 100" in str(dialog.query_one("#error").render()),
            what="the dialog's error",
        )
        dialog.query_one("#confidence", ChanceInput).value = "55"
        await pilot.press("ctrl+s")
        await saved(pilot, session_file, "DecisionSubmitted", where=lambda d: d["role"] == "moscow")
        [moscow] = [
            d for d in log_events(session_file, "DecisionSubmitted") if d["role"] == "moscow"
        ]
        assert moscow["confidence"] == 55

        # Opened again on the same decision: the chance is there to amend.
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, DecisionDialog)
        dialog.query_one("#role", Select).value = "moscow"
        await idle(pilot)
        dialog.query_one("#inject", Select).value = "t1-moscow"
        await wait_for(
            pilot,
            lambda: dialog.query_one("#confidence", ChanceInput).value == "55",
            what="the chance loaded",
        )


async def test_a_long_choice_and_rationale_leave_the_chance_in_view(session_file, clock):
    # The rows are cut (Amend shows them whole), so the chance is on screen even at 80 columns.
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE2")
        reason = "We keep both patrons close and give neither the last word on the ground " * 3
        await fill_decision(pilot, app, "t1-pair", reason)
        app.screen.query_one("#decide-confidence", ChanceInput).value = "65"
        app.screen.query_one("#submit", Button).press()  # below the fold at 80x24
        await confirmed(pilot, session_file, "DecisionSubmitted", 3)
        table = app.screen.query_one("#open-table", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1, what="the open decision listed")
        await idle(pilot)
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        assert sum(widths[:3]) <= 80, widths  # inject, choice and chance fit the screen
        assert _row(table)[3].endswith("…") and len(_row(table)[3]) <= 40


async def test_the_decision_dialog_opens_on_the_teams_next_undecided_inject(tmp_path, clock):
    # In the demo Moscow decides on two injects in turn 1: once the first is recorded, `e` for
    # Moscow opens on the second, not on the one just done.
    from exercise.content.library import scenario_world
    from exercise.engine import commands as cmd
    from exercise.engine.queries import decidable
    from exercise.session import Session
    from tests.conftest import ROOT

    path = tmp_path / "demo.ttx"
    world = scenario_world(ROOT, "demo")
    participants = tuple((r, "facilitator") for r in ("moscow", "tehran", "damascus", "jerusalem"))
    s = Session.create(path, world, seed=3, participants=participants, clock=clock)
    first, second = decidable(s.state, "moscow")[:2]
    option = s.state.world.injects[first].options[0].id
    s.execute(cmd.SubmitDecision(role="moscow", inject_id=first, option_id=option))
    s.close()
    app = FacilitatorApp(".", session=path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, DecisionDialog)
        assert dialog.query_one("#role", Select).value == "moscow"
        assert dialog.query_one("#inject", Select).value == second
