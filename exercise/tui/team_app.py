"""`ttx team FILE --role ROLE`: one team's console."""

from __future__ import annotations

import time
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from exercise.tui.commands import ScreenActions
from exercise.tui.team_gateway import TeamGateway


class TeamApp(App):
    TITLE = "exercise"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit")]

    def __init__(self, path: Path, role: str, role_name: str, clock=None):
        super().__init__()
        self.clock = clock or time.time
        self.gateway = TeamGateway(path, role, self.clock)
        self.role_name = role_name
        self.sub_title = role_name

    def on_mount(self) -> None:
        from exercise.tui.screens.join import JoinScreen

        self.push_screen(JoinScreen(self.gateway, self.role_name))

    def joined(self, author: str) -> None:
        from exercise.tui.screens.team import TeamScreen

        self.switch_screen(TeamScreen(self.gateway, author))

    def on_unmount(self) -> None:
        self.gateway.close()
