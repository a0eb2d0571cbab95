"""A team console starts here: the join code the facilitator hands out, and a name."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from exercise.tui.messages import Joined
from exercise.tui.team_gateway import TeamGateway


class JoinScreen(Screen):
    CSS_PATH = "join.tcss"
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="join.quit")]

    def __init__(self, gateway: TeamGateway, role_name: str, message: str = ""):
        super().__init__()
        self.gateway = gateway
        self.role_name = role_name
        self.message = message  # why the code is asked for again (a served console's code failed)

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="join-box"):
            yield Static(Content.assemble(("exercise", "bold"), " — team console"), id="join-title")
            yield Static(
                Content.assemble("You are joining as ", (self.role_name, "bold"), "."),
                id="join-role",
            )
            yield Label("Join code (from the facilitator)")
            yield Input(placeholder="e.g. K7QX2M", id="code", max_length=12)
            yield Label("Your name (optional, shown with your team's decisions)")
            yield Input(placeholder="name", id="name", max_length=40)
            yield Button("Join", variant="primary", id="join")
            yield Static(self.message, id="join-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#code")
    def _code_entered(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#join")
    def _try(self) -> None:
        code = self.query_one("#code", Input).value.strip()
        if not code:
            self.query_one("#join-error", Static).update("Type the join code first.")
            return
        self.query_one("#join", Button).disabled = True
        self._join(code, self.query_one("#name", Input).value.strip())

    @work(thread=True, exit_on_error=False)
    def _join(self, code: str, name: str) -> None:
        try:
            ok = self.gateway.join(code, name)
        except Exception as exc:
            self.app.call_from_thread(self._refused, f"Could not join: {exc}")
            return
        if ok:
            self.post_message(Joined(name))
        else:
            self.app.call_from_thread(
                self._refused, "That code is not right for this team (the attempt is logged)."
            )

    def _refused(self, message: str) -> None:
        self.query_one("#join-error", Static).update(message)
        self.query_one("#join", Button).disabled = False
        code = self.query_one("#code", Input)
        code.value = ""
        code.focus()
