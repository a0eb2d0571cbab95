"""The white cell's messages: the conversation with the teams (newest first, each with who has
read it) and a message to write, to one team or to every team."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Select, Static, TextArea

from exercise.engine import commands as cmd
from exercise.engine.messages import EVERY_TEAM, WHITE_CELL, addressed_to, is_read
from exercise.engine.state import Message, State
from exercise.tui.screens.form import FormDialog


def _name(state: State, who: str) -> str:
    if who == WHITE_CELL:
        return "White cell"
    if who == EVERY_TEAM:
        return "every team"
    role = state.world.roles.get(who)
    return role.name if role is not None else who


def _read_by(state: State, m: Message) -> str:
    readers = [WHITE_CELL] if m.to == WHITE_CELL else [m.to]
    if m.to == EVERY_TEAM:
        readers = list(state.world.played)
    done = [_name(state, r) for r in readers if is_read(state, m, r)]
    if len(done) == len(readers):
        return "read" if len(readers) == 1 else "read by every team"
    return f"read by {', '.join(done)}" if done else "not read yet"


def thread_content(state: State) -> Content:
    if not state.messages:
        return Content("No messages yet.")
    parts = []
    for m in reversed(state.messages):
        when = time.strftime("%H:%M", time.localtime(m.at))
        by = f" ({m.author})" if m.author and m.sender != WHITE_CELL else ""
        incoming = addressed_to(m, WHITE_CELL)
        parts.append(
            Content.assemble(
                (f"{_name(state, m.sender)}{by} → {_name(state, m.to)}", "bold"),
                f" · turn {m.turn}, {when} · ",
                ("from a team" if incoming else _read_by(state, m), "italic"),
                "\n",
                m.text,
            )
        )
    return Content("\n\n").join(parts)


class MessagesDialog(FormDialog[cmd.SendMessage | None]):
    CSS_PATH = "messages.tcss"

    def __init__(self, state: State, to: str = EVERY_TEAM):
        super().__init__()
        self.state = state
        self.to = to

    def compose(self) -> ComposeResult:
        w = self.state.world
        teams = [(Text("Every team"), EVERY_TEAM)] + [
            (Text(w.roles[r].name if r in w.roles else r), r) for r in w.played
        ]
        with Vertical():
            yield Static("Messages between the white cell and the teams", classes="title")
            with VerticalScroll(id="thread"):
                yield Static(thread_content(self.state), id="thread-text", markup=False)
            with Grid(id="fields"):
                yield Label("To")
                yield Select(teams, value=self.to, allow_blank=False, id="to")
            yield TextArea(id="text")
            yield from self.form_buttons("Send")

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()

    def show(self, state: State) -> None:
        """The conversation as it now stands, when the console opens this dialog again."""
        self.state = state
        if self.is_mounted:
            self.query_one("#thread-text", Static).update(thread_content(state))
            self.query_one("#text", TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one("#text", TextArea).text.strip()
        if not text:
            self.error("Write the message first.")
            return
        to = self.query_one("#to", Select).value
        self.query_one("#text", TextArea).clear()  # the dialog is kept: sent, it starts empty
        self.error("")
        self.dismiss(cmd.SendMessage(WHITE_CELL, str(to), text, author="facilitator"))
