"""A team console started by `ttx serve` joins with the code in its environment; a terminal asks."""

import os

from exercise.session import Session
from exercise.tui.screens.join import JoinScreen
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from tests.conftest import idle, kinds, wait_for, wait_for_screen, widget_text

SIZE = (120, 40)


async def test_a_served_console_joins_without_asking(session_file, clock, monkeypatch):
    monkeypatch.setenv("TTX_JOIN_CODE", "code2")
    monkeypatch.setenv("TTX_JOIN_CLIENT", "browser 192.0.2.7")
    monkeypatch.setenv("TTX_JOIN_NAME", "Rana")
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    assert "TTX_JOIN_CODE" not in os.environ  # no child of the console inherits it
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, TeamScreen)
        await wait_for(pilot, lambda: screen.view is not None, what="the team's view")
        await idle(pilot)
        assert app.screen.author == "Rana"
        assert not app.screen_stack[-1].query(JoinScreen)
    with Session.open(session_file) as s:
        last = list(s.rows())[-1]
    assert last.kind == "TeamJoined" and last.data()["client"] == "Rana (browser 192.0.2.7)"


async def test_a_served_console_with_a_stale_code_asks_for_it(session_file, clock, monkeypatch):
    monkeypatch.setenv("TTX_JOIN_CODE", "NOPE")
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, JoinScreen)
        assert "no longer right" in widget_text(app, "#join-error")
    assert kinds(session_file)[-1] == "JoinRefused"


async def test_a_terminal_console_asks_for_the_code(session_file, clock, monkeypatch):
    monkeypatch.delenv("TTX_JOIN_CODE", raising=False)
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, JoinScreen)
    assert "TeamJoined" not in kinds(session_file)
