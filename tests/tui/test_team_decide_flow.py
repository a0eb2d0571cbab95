"""The team's decision form walks the team through what it owes: the first inject still waiting,
then the next once one is sent, this turn's before older ones; an "(amend)" entry starts from
what was sent, never from a blank form."""

from __future__ import annotations

from textual.widgets import RadioSet, Select, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from tests.conftest import idle, screen_text, wait_for, wait_for_event, wait_for_screen
from tests.tui.test_team import asked, join

SIZE = (120, 40)


async def _decide_tab(pilot, app) -> TeamScreen:
    await asked(pilot)
    await join(pilot, app, "CODE2")
    await idle(pilot)
    await pilot.press("3")
    await idle(pilot)
    return app.screen


def _inject(screen) -> object:
    return screen.query_one("#decide-inject", Select).value


async def _send_first_option(pilot, screen, path, rationale: str, count: int) -> None:
    screen.query_one("#options", RadioSet).focus()
    await pilot.press("enter")
    screen.query_one("#decide-rationale", TextArea).text = rationale
    screen.query_one("#submit").focus()
    await pilot.press("enter")
    await wait_for_screen(pilot, ConfirmDialog)
    assert "your decision on “Test inject" in screen_text(pilot.app)  # names the inject
    await pilot.press("y")
    await wait_for_event(pilot, path, "DecisionSubmitted", count)
    await wait_for_screen(pilot, TeamScreen)
    await idle(pilot)


async def test_the_form_moves_on_to_the_next_inject_and_to_the_new_turns_first(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _decide_tab(pilot, app)
        # released in turn 1 in this order: t1-news, then t1-pair
        assert _inject(screen) == "t1-news"
        await _send_first_option(pilot, screen, session_file, "first", 1)
        await wait_for(pilot, lambda: _inject(screen) == "t1-pair", what="the next inject")
        # and the team goes on from its options, not from the Submit button it last pressed
        await wait_for(pilot, lambda: app.focused is screen.query_one("#options", RadioSet))
        await _send_first_option(pilot, screen, session_file, "second", 2)
        await wait_for(pilot, lambda: _inject(screen) == "__free__", what="a free action")

        with Session.open(session_file, clock) as s:  # the white cell rules and moves on
            s.execute(cmd.Adjudicate(("damascus:t1-news", "damascus:t1-pair"), "ruled"))
            while s.state.turn == 1:
                s.execute(cmd.AdvancePhase(force=True))
            waiting = [i for r, i in _owed(s.state) if r == "damascus"]
        assert waiting, "the fixture gives Damascus a decision in turn 2"
        await wait_for(pilot, lambda: _inject(screen) == waiting[0], what="turn 2's first inject")


def _owed(state):
    from exercise.engine.state import awaiting

    return [(role, inj.id) for role, inj in awaiting(state)]


async def test_choosing_an_amend_entry_starts_from_what_was_sent(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _decide_tab(pilot, app)
        await _send_first_option(pilot, screen, session_file, "keep these reasons", 1)
        screen.query_one("#decide-inject", Select).value = "t1-news"  # "(amend) Test inject…"
        await wait_for(
            pilot,
            lambda: screen.query_one("#decide-rationale", TextArea).text == "keep these reasons",
            what="the rationale sent, loaded to amend",
        )
        pressed = screen.query_one("#options", RadioSet).pressed_button
        assert pressed is not None and getattr(pressed, "option_id", "") == "coop"


async def test_f1_explains_the_team_console_not_the_facilitators(session_file, clock):
    from exercise.tui.screens.help import HelpScreen

    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await _decide_tab(pilot, app)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        text = screen_text(app)
        assert "How your team plays" in text and "Briefing" in text
        assert "Adjudicate (a)" not in text and "record" not in text
