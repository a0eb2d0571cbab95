"""`ttx serve --theme NAME`: every console it starts, cold or forked warm, is in that theme."""

import asyncio

import pytest

from exercise.tui.themes import HIGH_CONTRAST
from tests.web.served import console_output, start_server, stop_server

pytestmark = pytest.mark.slow
TEAM_SCREEN = b"Select a message"  # the inbox preview of the team screen
BLACK_GROUND = b"48;2;0;0;0m"  # the high-contrast theme's background, in truecolor
DARK_GROUND = b"48;2;18;18;18m"  # textual-dark's (#121212)


@pytest.fixture
def served(session_file):
    server = start_server(session_file, "--theme", HIGH_CONTRAST.name)
    yield server
    stop_server(server)


def test_served_consoles_are_started_in_the_servers_theme(served):
    cookies = served.login("/team/damascus", "CODE2", "Rana")
    for _ in range(2):  # the first may start cold, the next is forked by the warm process
        seen: list[list[str]] = []
        out = asyncio.run(
            console_output(
                served.ws_base + "/ws/team/damascus?width=100&height=30",
                TEAM_SCREEN,
                cookies=cookies,
                hold=lambda seen=seen: seen.append(served.consoles()),
            )
        )
        assert TEAM_SCREEN in out
        assert BLACK_GROUND in out and DARK_GROUND not in out
        [console] = seen[0]
        assert f"--theme {HIGH_CONTRAST.name}" in console
