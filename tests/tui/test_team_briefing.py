"""The team's briefing: reachable with `1` from the inbox, the scenario's opening situation above
the role's standing briefing, scrolled from the keyboard."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import TabbedContent

from exercise.content.library import scenario_world
from exercise.session import Session
from exercise.tui.team_app import TeamApp
from tests.conftest import idle, screen_text, wait_for
from tests.tui.test_team import joined

ROOT = Path(__file__).resolve().parents[2]


def shipped_session(tmp_path: Path, clock) -> Path:
    """A session of the shipped aleppo-astana, every role a team, codes CODE0 (moscow) on."""
    world = scenario_world(ROOT, "aleppo-astana")
    roles = world["scenario"]["roles"]
    path = tmp_path / "alp.ttx"
    Session.create(
        path,
        world,
        seed=3,
        participants=tuple((r, "team") for r in roles),
        codes=tuple((r, f"CODE{i}") for i, r in enumerate(roles)),
        clock=clock,
    ).close()
    return path


async def test_key_1_opens_the_briefing_with_what_the_team_knows_as_the_scenario_opens(
    tmp_path, clock
):
    path = shipped_session(tmp_path, clock)
    app = TeamApp(path, "tehran", "Tehran", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, app, "CODE1")
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "inbox"
        await pilot.press("1")
        await wait_for(pilot, lambda: tabs.active == "briefing", what="the briefing tab")
        await idle(pilot)
        assert tabs.active == "briefing"  # and it stays there once the view has come in
        assert "As Aleppo and Astana (2016 – 2017) opens" in screen_text(app)
        scroll = app.screen.query_one("#briefing-scroll", VerticalScroll)
        assert scroll.has_focus
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: scroll.scroll_y > 0, what="the briefing scrolled down")
        await pilot.press("home")
        await wait_for(pilot, lambda: scroll.scroll_y == 0, what="the briefing back at its top")
