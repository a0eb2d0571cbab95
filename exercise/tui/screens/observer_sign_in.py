"""The observer seat starts here: the observer's code, from the facilitator, and a name, which
signs every observation recorded from this seat."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from exercise.session.observations import MAX_NAME, author_name
from exercise.tui.observer_gateway import ObserverGateway

WRONG = "That code is not the observer's for this session."


class SignedIn(Message):
    """The observer's code was right: the seat opens, its observations signed `author`."""

    def __init__(self, author: str) -> None:
        super().__init__()
        self.author = author


class ObserverSignInScreen(Screen):
    CSS_PATH = "observer_sign_in.tcss"
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="observer-sign-in.quit")]

    def __init__(self, gateway: ObserverGateway, message: str = "", name: str = ""):
        super().__init__()
        self.gateway = gateway
        self.message = message  # why the code is asked for (again): a served sign-in failed
        self.typed_name = name

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="sign-in-box"):
            yield Static(
                Content.assemble(("exercise", "bold"), " — observer seat"), id="sign-in-title"
            )
            yield Static(
                "You see the whole session, as the white cell does, and record observations: "
                "tied to a team, an objective and an event, rated P/S/M/U.",
                id="sign-in-about",
            )
            yield Label("Observer code (from the facilitator)")
            yield Input(placeholder="e.g. K7QX2M", id="code", max_length=12)
            yield Label("Your name (signs your observations)")
            yield Input(self.typed_name, placeholder="name", id="name", max_length=MAX_NAME)
            yield Button("Open the seat", variant="primary", id="sign-in")
            yield Static(self.message, id="sign-in-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#code")
    def _code_entered(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#sign-in")
    def _try(self) -> None:
        code = self.query_one("#code", Input).value.strip()
        name, problem = author_name(self.query_one("#name", Input).value)
        if not code:
            problem = "Type the observer's code first."
        if problem:
            self.query_one("#sign-in-error", Static).update(problem)
            return
        self.query_one("#sign-in", Button).disabled = True
        self._sign_in(code, name)

    @work(thread=True, exit_on_error=False)
    def _sign_in(self, code: str, name: str) -> None:
        try:
            ok = self.gateway.sign_in(code, name)
        except Exception as exc:
            self.app.call_from_thread(self._refused, f"Could not open the seat: {exc}")
            return
        if ok:
            self.post_message(SignedIn(name))
        else:
            self.app.call_from_thread(self._refused, WRONG)

    def _refused(self, message: str) -> None:
        self.query_one("#sign-in-error", Static).update(message)
        self.query_one("#sign-in", Button).disabled = False
        code = self.query_one("#code", Input)
        code.value = ""
        code.focus()
