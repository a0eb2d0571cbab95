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

TEAM_GUIDE = """How your team plays
  1. Briefing (1): who you are, and what you know as the scenario opens.
  2. Inbox (2): the messages that reach your team; Enter opens one (the white cell
     sees who has read what). Other teams get their own, and some of yours are yours alone.
  3. Decide (3): the form offers the first message still waiting for your decision;
     choose an option (or write a free action), give your reasons, Submit. Until the
     white cell rules you can amend or withdraw it.
  4. History (4): your decisions and the rulings you are told of.
  5. Messages (5): what the white cell writes to your team, and your questions to it
     (it sees when you have read one, and you see when it has read yours).
The clock at the top is the phase's; the white cell moves the session on.
Every decision is saved before the screen confirms it; if this window closes,
open it again and sign in with the same code: nothing is lost."""


class HelpScreen(Dialog[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(
        self,
        bindings: list[tuple[str, str]],
        title: str = "Facilitator console — keys",
        guide: str = GUIDE,
    ):
        super().__init__()
        self.keys = bindings
        self.title_text = title
        self.guide = guide

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
                yield Static(self.guide, markup=False)
            yield Static(Content.assemble(("escape", "bold"), " closes this help"))
