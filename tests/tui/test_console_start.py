"""Opening the console: the session is in its first frame, tabs switch, bad files never open."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher

from exercise.cli import main
from exercise.tui.app import FacilitatorApp
from exercise.tui.gateway import Gateway
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.console import FacilitatorScreen
from exercise.tui.widgets.tab_bar import TabBar
from exercise.tui.widgets.teams import TeamsTable
from tests.conftest import idle, wait_for, wait_for_screen
from tests.tui.test_console import opened

SIZE = (120, 40)
ACTIONS = {"n", "r", "d", "e", "a", "o", "p", "x", "v"}


async def test_a_preloaded_session_is_on_the_first_frame(session_file: Path, clock, monkeypatch):
    gateway = Gateway(session_file, clock).preload().opened()
    # Without the console's own loading worker, only the preload can have put the session there.
    monkeypatch.setattr(FacilitatorScreen, "_load", lambda self: None)
    app = FacilitatorApp(".", gateway=gateway, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen) and screen.state is not None
        assert screen.query_one(TeamsTable).row_count == 4
        await idle(pilot)
        assert "Moscow" in str(screen.query_one(TeamsTable).get_row_at(0)[0])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_tabs_switch_by_key_and_by_click(session_file: Path, clock, size):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        switcher = app.screen.query_one("#tabs", ContentSwitcher)
        bar = app.screen.query_one(TabBar)

        async def shown(tab: str, focus: str) -> None:
            """The tab is built, switched to and has the focus its arrows need."""
            await wait_for(
                pilot,
                lambda: (
                    switcher.current == tab
                    and bar.active == tab
                    and getattr(app.focused, "id", None) == focus
                ),
                what=lambda: (
                    f"tab {tab} with {focus} focused (now {switcher.current}, "
                    f"{getattr(app.focused, 'id', None)})"
                ),
            )
            await idle(pilot)

        await pilot.press("5")
        await shown("log", "log-table")
        assert app.screen.query("#event-log")  # built when first shown
        start, _, _ = next(span for span in bar._spans() if span[2] == "injects")
        await pilot.click(TabBar, offset=(bar.styles.padding.left + start + 2, 0))
        await shown("injects", "inject-table")
        await pilot.press(
            "3"
        )  # the table takes the arrows; the highlighted decision is shown whole
        await shown("decisions", "all-decisions")
        detail = app.screen.query_one("#decision-detail")
        text = str(detail.render())
        assert (
            text.startswith("Turn 1 · jerusalem")
            and "Choice: " in text
            and "Rationale: bot" in text
        )
        assert (
            detail.region.bottom <= size[1] - 1 and detail.region.right <= size[0]
        )  # above the footer, in sight
        await pilot.press("5")
        await shown("log", "log-table")  # not the filter: the number keys still switch tabs
        await pilot.press("1")
        await shown("board", "teams")


async def footer_shows(pilot, keys: set[str]) -> None:
    def shown() -> set[str]:
        return {k.key for k in pilot.app.screen.query("FooterKey")}

    await wait_for(
        pilot,
        lambda: shown() == keys,
        what=lambda: f"the footer's keys {sorted(keys)} (it shows {sorted(shown())})",
    )
    await idle(pilot)


@pytest.mark.parametrize(
    "content, message", [(None, "no such session file"), (b"hello", "not a session file")]
)
def test_resuming_a_bad_file_is_one_line_and_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "x.ttx"
    if content is not None:
        path.write_bytes(content)
    assert main(["play", "--resume", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_action_is_in_the_footer_and_the_global_keys_in_the_tab_bar(
    session_file, clock, size
):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        await footer_shows(pilot, ACTIONS)
        shown = {k.key: k for k in app.screen.query("FooterKey")}
        assert all(k.region.right <= size[0] for k in shown.values())  # none scrolled out of sight
        bar = app.screen.query_one(TabBar).render().plain
        assert "F1 help" in bar and "^q quit" in bar and len(bar) <= size[0] - 2


async def test_the_footer_is_not_rebuilt_when_only_the_focus_moves(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await footer_shows(pilot, ACTIONS)
        before = set(map(id, app.screen.query("FooterKey")))
        for key, focus in ("3", "all-decisions"), ("5", "log-table"), ("1", "teams"):
            await pilot.press(key)
            await wait_for(
                pilot,
                lambda f=focus: getattr(app.focused, "id", None) == f,
                what=f"{focus} focused",
            )
            await idle(pilot)
        assert set(map(id, app.screen.query("FooterKey"))) == before
        await pilot.press("a")  # a dialog's keys replace them, and the console's come back after
        await wait_for_screen(pilot, AdjudicateDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, FacilitatorScreen)
        await footer_shows(pilot, ACTIONS)


async def test_the_footer_shows_its_keys_when_the_app_starts_unfocused(session_file, clock):
    """As in a browser tab that opens in the background (ttx serve)."""
    from textual.app import App

    app = FacilitatorApp(".", session=session_file, clock=clock)
    app.set_reactive(App.app_focus, False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert not app.app_focus
        await footer_shows(pilot, ACTIONS)
