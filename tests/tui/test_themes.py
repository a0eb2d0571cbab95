"""The high-contrast theme: every console has it, the command palette's theme switcher offers
it, `--theme NAME` or TTX_THEME chooses it (served consoles too), and a name no console has is
refused on one line with exit code 2."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.widgets import Input

from exercise.cli import main
from exercise.tui.app import FacilitatorApp
from exercise.tui.review_app import ReviewApp
from exercise.tui.room_app import RoomApp
from exercise.tui.screens.join import JoinScreen
from exercise.tui.serve import SCREEN, ConsoleServer
from exercise.tui.team_app import TeamApp
from exercise.tui.themes import ENV, HIGH_CONTRAST, theme_names
from exercise.tui.web_auth import Door
from tests.conftest import idle, wait_for, wait_for_screen

HC = HIGH_CONTRAST.name


@pytest.fixture(autouse=True)
def no_theme_from_the_user(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)


def _apps(session_file, **kwargs):
    return [
        FacilitatorApp(".", **kwargs),
        TeamApp(session_file, "damascus", "Damascus", **kwargs),
        RoomApp(session_file, **kwargs),
        ReviewApp(session_file, **kwargs),
    ]


def test_every_console_has_the_high_contrast_theme(session_file):
    for app in _apps(session_file):
        assert HC in app.available_themes, type(app).__name__
        assert app.theme != HC  # registered, not imposed
    for app in _apps(session_file, theme=HC):
        assert app.theme == HC, type(app).__name__


def test_ttx_theme_in_the_environment_chooses_it(session_file, monkeypatch):
    monkeypatch.setenv(ENV, HC)
    assert {app.theme for app in _apps(session_file)} == {HC}
    # --theme wins over the environment
    assert {app.theme for app in _apps(session_file, theme="nord")} == {"nord"}


async def test_the_command_palette_switches_to_it(session_file):
    app = TeamApp(session_file, "damascus", "Damascus")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, JoinScreen)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: bool(app.screen.query("CommandInput")), what="the palette")
        await pilot.press(*"theme")
        await wait_for(
            pilot, lambda: "Change the current theme" in _palette(app), what="the Theme command"
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: HC in _palette(app), what="the themes listed")
        await pilot.press(*"high-contrast")
        await wait_for(
            pilot, lambda: _palette(app).startswith(HC), what="our theme, alone or first"
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == HC, what="the theme applied")
        await wait_for_screen(pilot, JoinScreen)
        await idle(pilot)
        colours = app.get_css_variables()
        assert Color.parse(colours["background"]) == Color.parse("#000000")
        assert Color.parse(colours["foreground"]) == Color.parse("#FFFFFF")
        assert app.screen.query_one("#code", Input).styles.background == Color.parse("#000000")


def _palette(app) -> str:
    """The command palette's options, one per line, from the first."""
    from textual.widgets import OptionList

    lists = app.screen.query(OptionList)
    if not lists:
        return ""
    options = lists.first()
    return "\n".join(
        str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["play", "--resume", "{file}", "--theme", "nope"],
        ["play", "--theme", "nope"],
        ["team", "{file}", "--role", "damascus", "--theme", "nope"],
        ["screen", "{file}", "--theme", "nope"],
        ["review", "{file}", "--theme", "nope"],
        ["serve", "{file}", "--theme", "nope"],
    ],
    ids=lambda a: a[0] if "--resume" not in a else "play-resume",
)
def test_an_unknown_theme_is_refused_on_one_line(session_file, capsys, argv):
    assert main([a.replace("{file}", str(session_file)) for a in argv]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "--theme nope: no such theme" in err
    assert all(name in err for name in theme_names())
    assert theme_names()[0] == HC


def test_an_unknown_theme_in_the_environment_is_refused_too(session_file, capsys, monkeypatch):
    monkeypatch.setenv(ENV, "nope")
    assert main(["team", str(session_file), "--role", "damascus"]) == 2
    err = capsys.readouterr().err.strip()
    assert f"{ENV} nope: no such theme" in err and HC in err and "\n" not in err


def test_a_served_console_is_started_with_the_servers_theme(tmp_path):
    def server(theme):
        return ConsoleServer(
            tmp_path / "s.ttx",
            [("moscow", "Moscow")],
            "t",
            door=Door("0" * 64, {}),
            host="127.0.0.1",
            port=8000,
            theme=theme,
        )

    themed, plain = server(HC), server(None)
    for role in (None, SCREEN, "moscow"):
        argv = themed._argv(role)
        assert argv[-2:] == ["--theme", HC], argv
        assert "--theme" not in plain._argv(role)
