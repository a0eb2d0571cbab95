"""`ttx screen FILE`: the projector (plenary) view on its own; `/screen` under `ttx serve`."""

from __future__ import annotations

import time
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from exercise.tui.commands import ScreenActions
from exercise.tui.room_gateway import RoomGateway
from exercise.tui.themes import use_themes


class RoomApp(App):
    TITLE = "exercise"
    SUB_TITLE = "the room's screen"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit")]
    CSS_PATH = Path(__file__).parent / "app.tcss"  # what every screen shares; read before theirs

    def __init__(self, path: Path, clock=None, theme: str | None = None):
        super().__init__()
        use_themes(self, theme)
        self.clock = clock or time.time
        self.path = Path(path)
        self.room = RoomGateway(self.path, self.clock)

    def on_mount(self) -> None:
        from exercise.tui.screens.room import RoomScreen

        self.push_screen(RoomScreen(self.room))

    def on_unmount(self) -> None:
        self.room.close()
