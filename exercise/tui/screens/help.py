"""Every key of the console, and how a session runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from exercise.tui.screens.form import Dialog

GUIDE = """How a session runs
  1. Each turn opens with its scheduled injects released to their audiences.
  2. Teams read and deliberate; team consoles decide for themselves, you record
     decisions for teams in the room (e), bots decide for unstaffed roles.
  3. Adjudicate (a): the ruling applies indicator changes; triggered injects may follow.
  4. Advance (n) through the phases; the last phase opens the next turn.
Every action is saved to the session file before the screen confirms it;
after a crash, `ttx play --resume FILE` brings the session back exactly."""


class HelpScreen(Dialog[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, bindings: list[tuple[str, str]], title: str = "Facilitator console — keys"):
        super().__init__()
        self.keys = bindings
        self.title_text = title

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=4) + 2
        keys = Content.assemble(
            *[
                part
                for key, desc in self.keys
                for part in ((key.ljust(width), "bold $accent"), desc, "\n")
            ]
        )
        with Vertical():
            yield Static(Content.assemble((self.title_text, "bold underline")))
            with VerticalScroll():
                yield Static(keys)
                yield Static(GUIDE, markup=False)
            yield Static(Content.assemble(("escape", "bold"), " closes this help"))
