"""`ttx team FILE --role ROLE`: one team's console.

In a terminal it asks for the join code. Served by `ttx serve`, the browser has already signed
in with it, and the server hands it over in the environment: the console joins at once (still a
TeamJoined event, naming the browser's address) and shows no join prompt.

Nothing of the session layer is imported before the first screen: a room of browsers connecting
at once waits on every console's imports, and the "Joining as" screen needs none of them (the
gateway and its session, store and engine load in the join worker).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from exercise.tui.commands import ScreenActions
from exercise.tui.layout import AFTER_A_FRAME
from exercise.tui.messages import Joined
from exercise.tui.themes import use_themes
from exercise.tui.web_auth import JOIN_CLIENT, JOIN_CODE, JOIN_NAME

if TYPE_CHECKING:
    from exercise.tui.team_gateway import TeamGateway


def served_login() -> tuple[str, str, str] | None:
    """(code, client, name) from `ttx serve`, taken out of the environment so no child
    inherits it."""
    code, client, name = (os.environ.pop(n, "") for n in (JOIN_CODE, JOIN_CLIENT, JOIN_NAME))
    return (code, client or "browser", name) if code else None


BROWSER_NICE = 10  # below the server's and the facilitator's; a first screen's priority


def _yield() -> None:
    """A served team console joins, and runs, at a lower priority than the server, the
    facilitator's console and any console still drawing its first screen: a room connecting at
    once sees every join prompt before any console has built its team screen, and the server
    that relays every key stays ahead of the consoles' redraws. Linux gives each thread its
    own: this one's (the app's), and the threads it starts from now on (the join's worker)."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, BROWSER_NICE)


class _Joining(Screen):
    def __init__(self, role_name: str):
        super().__init__()
        self.role_name = role_name

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble("Joining as ", (self.role_name, "bold"), "…"))


class TeamApp(App):
    TITLE = "exercise"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit")]
    CSS_PATH = Path(__file__).parent / "app.tcss"  # what every screen shares; read before theirs

    def __init__(self, path: Path, role: str, role_name: str, clock=None, theme: str | None = None):
        super().__init__()
        use_themes(self, theme)
        self.clock = clock or time.time
        self.path, self.role = Path(path), role
        self._gateway: TeamGateway | None = None
        self.role_name = role_name
        self.sub_title = role_name
        self.served = served_login()

    @property
    def gateway(self) -> TeamGateway:
        if self._gateway is None:
            from exercise.tui.team_gateway import TeamGateway

            self._gateway = TeamGateway(self.path, self.role, self.clock)
        return self._gateway

    def on_mount(self) -> None:
        if self.served is None:
            self.ask_code()
        else:
            self.push_screen(_Joining(self.role_name))  # what joined() or ask_code() replace
            # Its frame goes out first; then the join, at a lower priority (see `_yield`).
            self.set_timer(AFTER_A_FRAME, self._join_after_first_screen)

    def _join_after_first_screen(self) -> None:
        if self.served is not None:
            _yield()
            self._join_served(*self.served)

    def ask_code(self, message: str = "") -> None:
        from exercise.tui.screens.join import JoinScreen

        screen = JoinScreen(self.gateway, self.role_name, message)
        if isinstance(self.screen, _Joining):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @work(thread=True, exit_on_error=False)
    def _join_served(self, code: str, client: str, name: str) -> None:
        try:
            ok = self.gateway.join(code, f"{name} ({client})" if name else client)
        except Exception as exc:
            self.call_from_thread(self.ask_code, f"Could not join: {exc}")
            return
        if ok:
            self.post_message(Joined(name))
        else:
            self.call_from_thread(
                self.ask_code,
                "The code this page signed in with is no longer right; type your team's join code.",
            )

    @on(Joined)
    def _joined(self, message: Joined) -> None:
        from exercise.tui.screens.team import TeamScreen

        self.switch_screen(TeamScreen(self.gateway, message.author))

    def on_unmount(self) -> None:
        if self._gateway is not None:  # a console quit at its first screen opened nothing
            self._gateway.close()
