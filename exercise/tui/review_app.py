"""`ttx review FILE`: the review console on its own."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from exercise.tui.commands import ScreenActions
from exercise.tui.themes import use_themes

if TYPE_CHECKING:
    from exercise.engine.state import State


class ReviewApp(App):
    TITLE = "exercise"
    SUB_TITLE = "after-action review"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit")]
    CSS_PATH = Path(__file__).parent / "app.tcss"  # what every screen shares; read before theirs

    def __init__(
        self,
        path: Path,
        theme: str | None = None,
        roads: str | None = None,
        start: State | None = None,
    ):
        super().__init__()
        use_themes(self, theme)
        self.path = path
        self.start = start  # the state the command line's check of the file reached
        self.roads = roads  # a `ttx whatif` result; None: the one beside the session, if any

    def on_mount(self) -> None:
        from exercise.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.path, self.roads, self.start))
