"""A team's conversation with the white cell: what it was told, what it asked, whether each was
read; and a box to write to the white cell (a request for information)."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Label, Static, TextArea

from exercise.session.team_view import TeamMessage, TeamView


def _when(m: TeamMessage) -> str:
    return f"turn {m.turn}, {time.strftime('%H:%M', time.localtime(m.at))}"


def message_content(m: TeamMessage, fresh: bool = False) -> Content:
    if m.mine:
        who = "You" + (f" ({m.author})" if m.author else "") + " to the white cell"
        mark = ("read by the white cell", "dim") if m.read else ("not read yet", "italic")
    else:
        who = "The white cell to " + ("every team" if m.to_every_team else "you")
        mark = ("NEW", "bold reverse") if fresh or not m.read else ("read", "dim")
    return Content.assemble((who, "bold"), f" · {_when(m)} · ", mark, "\n", m.text)


def messages_content(view: TeamView, fresh: frozenset[str] = frozenset()) -> Content:
    """Newest first; `fresh`: those that were new when the tab was opened (still marked NEW,
    though opening the tab has read them)."""
    if not view.messages:
        return Content("No messages yet. The white cell's messages to your team appear here.")
    return Content("\n\n").join(
        message_content(m, m.message_id in fresh) for m in reversed(view.messages)
    )


class TeamMessages(Vertical):
    DEFAULT_CSS = """
    TeamMessages { height: 1fr; padding: 0 1; }
    TeamMessages #messages-scroll { height: 1fr; }
    TeamMessages #message-text { height: 4; }
    TeamMessages Horizontal { height: 3; }
    """

    class Send(Message):
        """The team asks to send `text` to the white cell."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="messages-scroll"):
            yield Static("", id="messages-list", markup=False)
        yield Label("Write to the white cell (a question, a request for information)")
        yield TextArea(id="message-text")
        with Horizontal():
            yield Button("Send to the white cell", variant="primary", id="send-message")

    def show(self, view: TeamView, fresh: frozenset[str] = frozenset()) -> None:
        self.query_one("#messages-list", Static).update(messages_content(view, fresh))

    def sent(self) -> None:
        """The message is on disk: the box is cleared for the next one."""
        self.query_one("#message-text", TextArea).clear()

    @on(Button.Pressed, "#send-message")
    def _send(self) -> None:
        text = self.query_one("#message-text", TextArea).text.strip()
        if not text:
            self.app.notify("Write the message first.", severity="warning", markup=False)
            return
        self.post_message(self.Send(text))
