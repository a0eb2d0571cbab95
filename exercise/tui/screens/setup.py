"""Before a session starts: who plays each role, the seed, and where the session is saved."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from exercise.engine.constants import PLAY_MODE_LABELS, PLAY_MODES
from exercise.tui.screens.form import Dialog

MODES = [(PLAY_MODE_LABELS[mode], mode) for mode in PLAY_MODES]


@dataclass(frozen=True)
class Setup:
    participants: dict[str, str]
    seed: int
    path: str


class SetupDialog(Dialog[Setup | None]):
    CSS_PATH = "setup.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="setup.cancel"),
        Binding("ctrl+s", "start", "Start", id="setup.start"),
    ]

    def __init__(self, title: str, roles: list[tuple[str, str]], seed: int, path: str):
        super().__init__()
        self.title_text, self.roles, self.seed, self.path = title, roles, seed, path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"New session: {self.title_text}", style="bold"))
            yield Static(
                "Who plays each role? A role no team staffs is played by a bot.", markup=False
            )
            with VerticalScroll(), Grid():
                for role, name in self.roles:
                    yield Label(Text(name))
                    yield Select(MODES, value="team", allow_blank=False, id=f"mode-{role}")
            # One row for both, so that four roles, the file and the buttons fit in 24 lines.
            with Horizontal(id="file-row"):
                yield Label("Seed")
                yield Input(str(self.seed), type="integer", id="seed")
                yield Label("Session file")
                yield Input(self.path, id="path")
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Start (ctrl+s)", variant="primary", id="start")

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        try:
            seed = int(self.query_one("#seed", Input).value)
        except ValueError:
            self.query_one("#error", Static).update("The seed must be a whole number.")
            return
        if not path.endswith(".ttx"):
            self.query_one("#error", Static).update("The session file name must end in .ttx.")
            return
        modes = {role: str(self.query_one(f"#mode-{role}", Select).value) for role, _ in self.roles}
        self.dismiss(Setup(modes, seed, path))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
