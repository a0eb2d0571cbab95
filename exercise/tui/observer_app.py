"""`ttx observe FILE`: the observer seat; `/observer` under `ttx serve`.

In a terminal it asks for the observer's code and a name. Served, the browser has signed in
with both already, and the server hands them over in the environment (never on the command
line, which `ps` shows to everyone): the seat opens at once, checked with the same code.
"""

from __future__ import annotations

import time
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from exercise.session.observations import author_name
from exercise.tui.commands import ScreenActions
from exercise.tui.observer_gateway import ObserverGateway
from exercise.tui.screens.observer_sign_in import WRONG, ObserverSignInScreen, SignedIn
from exercise.tui.team_app import served_login
from exercise.tui.themes import use_themes


class _Opening(Screen):
    def compose(self) -> ComposeResult:
        yield Static("Opening the observer seat…")


class ObserverApp(App):
    TITLE = "exercise"
    SUB_TITLE = "observer seat"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit")]
    CSS_PATH = Path(__file__).parent / "app.tcss"  # what every screen shares; read before theirs

    def __init__(self, path: Path, clock=None, theme: str | None = None):
        super().__init__()
        use_themes(self, theme)
        self.clock = clock or time.time
        self.path = Path(path)
        self.gateway = ObserverGateway(self.path, self.clock)
        self.served = served_login()

    def on_mount(self) -> None:
        if self.served is None:
            self.push_screen(ObserverSignInScreen(self.gateway))
        else:
            self.push_screen(_Opening())  # what the seat or the sign-in screen replace
            self._sign_in_served(*self.served)

    def ask_code(self, message: str, name: str = "") -> None:
        screen = ObserverSignInScreen(self.gateway, message, name)
        if isinstance(self.screen, _Opening):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @work(thread=True, exit_on_error=False)
    def _sign_in_served(self, code: str, _client: str, typed: str) -> None:
        name, problem = author_name(typed)
        if problem:
            self.call_from_thread(self.ask_code, problem)
            return
        try:
            ok = self.gateway.sign_in(code, name)
        except Exception as exc:
            self.call_from_thread(self.ask_code, f"Could not open the seat: {exc}", name)
            return
        if ok:
            self.post_message(SignedIn(name))
        else:
            self.call_from_thread(self.ask_code, f"{WRONG} Type it again.", name)

    @on(SignedIn)
    def _signed_in(self, message: SignedIn) -> None:
        from exercise.tui.screens.observer import ObserverScreen

        self.switch_screen(ObserverScreen(self.gateway))

    def on_unmount(self) -> None:
        self.gateway.close()
