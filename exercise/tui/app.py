"""The facilitator's app: start screen, console, review. Thin: screens do the work."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from exercise.tui.commands import ScreenActions
from exercise.tui.gateway import Gateway
from exercise.tui.messages import ScenarioChosen, SessionChosen
from exercise.tui.themes import use_themes


class FacilitatorApp(App):
    TITLE = "exercise"
    SUB_TITLE = "facilitator console"
    COMMANDS = App.COMMANDS | {ScreenActions}
    # Not in the footer: the console names it in its tab bar, the start screen in its own footer.
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, show=False, id="app.quit")]
    ENABLE_COMMAND_PALETTE = True
    # What every screen shares comes first (app.tcss), so a screen's own rules win over it.
    # Textual reads a screen's CSS_PATH when the screen is pushed, not for the app's default
    # screen, which the console or the start screen is; the app reads them (once: a screen's own
    # is then skipped). Absolute paths: subclasses of this app may live elsewhere.
    CSS_PATH = [
        Path(__file__).parent / name
        for name in ("app.tcss", "screens/console.tcss", "screens/start.tcss")
    ]

    def __init__(
        self,
        root: Path | str = ".",
        *,
        session: Path | None = None,
        scenario: str | None = None,
        seed: int | None = None,
        session_file: str | None = None,
        clock=None,
        gateway: Gateway | None = None,
        theme: str | None = None,
    ):
        super().__init__()
        use_themes(self, theme)
        self.clock = clock or time.time  # wall time for the phase clock; tests pass a fixed one
        self.root = Path(root)
        self.scenario = scenario
        self.seed = seed
        self.session_file = session_file
        if gateway is None and session is not None:
            gateway = Gateway(session, clock).preload()
        self.gateway = gateway

    def get_default_screen(self) -> Screen:
        """The first screen is the console (a session to resume) or the start screen itself: no
        blank screen to mount and leave."""
        if self.gateway is None:
            from exercise.tui.screens.start import StartScreen

            return StartScreen(self.root, chosen=self.scenario)
        from exercise.tui.screens.console import FacilitatorScreen

        self.sub_title = str(self.gateway.path)
        return FacilitatorScreen(self.gateway)

    def on_mount(self) -> None:
        if self.gateway is not None:
            self.call_after_refresh(self._remember, self.gateway.path)
            return
        if self.scenario:
            self.start_new(self.scenario)

    @work(thread=True, exit_on_error=False)
    def _remember(self, path: Path) -> None:
        from exercise.session.catalog import remember

        if self.gateway is not None and self.gateway.path == path:
            # The console is on screen: now mark the file open by it. Presence is bookkeeping: a
            # busy file must not stop the console.
            with contextlib.suppress(Exception):
                self.gateway.attach()
        remember(path)

    @on(SessionChosen)
    def _session_chosen(self, message: SessionChosen) -> None:
        self.open_session(message.path)

    @on(ScenarioChosen)
    def _scenario_chosen(self, message: ScenarioChosen) -> None:
        self.start_new(message.scenario_id)

    def open_session(self, path: Path) -> None:
        from exercise.tui.screens.console import FacilitatorScreen

        if self.gateway is not None:
            self.gateway.close()
        self.gateway = Gateway(path, self.clock)
        self._remember(path)
        self.sub_title = str(path)
        self.push_screen(FacilitatorScreen(self.gateway))

    @work(thread=True, exit_on_error=False)
    def start_new(self, scenario_id: str) -> None:
        from exercise.session.setup import default_session_path, new_seed, scenario_roles
        from exercise.tui.screens.setup import SetupDialog

        try:
            title, roles = scenario_roles(self.root, scenario_id)
        except Exception as exc:  # content problems: say so on the start screen
            self.call_from_thread(
                self.notify,
                f"Cannot start '{scenario_id}': {exc}",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        path = self.session_file or str(default_session_path(scenario_id))
        seed = self.seed if self.seed is not None else new_seed()
        self.call_from_thread(
            self.push_screen,
            SetupDialog(title, roles, seed, path),
            lambda setup: setup and self._create(scenario_id, setup),
        )

    @work(thread=True, exit_on_error=False)
    def _create(self, scenario_id: str, setup) -> None:
        from exercise.session.setup import create_session

        path = Path(setup.path)
        if path.exists():
            self.call_from_thread(
                self.notify,
                f"{path} already exists; choose another file name.",
                severity="error",
                markup=False,
            )
            self.post_message(ScenarioChosen(scenario_id))
            return
        try:
            create_session(
                self.root, scenario_id, path, seed=setup.seed, participants=setup.participants
            )
        except Exception as exc:
            self.call_from_thread(
                self.notify,
                f"Could not start the session: {exc}",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.post_message(SessionChosen(path))

    def on_unmount(self) -> None:
        if self.gateway is not None:
            self.gateway.close()
