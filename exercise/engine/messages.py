"""Messages between the white cell and the teams: the white cell writes to one team or to all
of them, a team writes to the white cell (a request for information). Each is an event, and so
is each reading of one, so the after-action review can say who was told what, and when they
read it."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.refused import Refused
from exercise.engine.state import Message, State

WHITE_CELL = "control"
EVERY_TEAM = "all"
MAX_TEXT = 2000  # a message, not a document: longer material is an inject


def addressed_to(m: Message, reader: str) -> bool:
    """Whether `reader` (a team, or the white cell) is the message's recipient."""
    return reader == m.to or (m.to == EVERY_TEAM and reader != WHITE_CELL)


def visible_to(m: Message, role: str) -> bool:
    """Whether a team sees the message: it sent it, or it is addressed to it."""
    return m.sender == role or addressed_to(m, role)


def is_read(s: State, m: Message, reader: str) -> bool:
    return (reader, m.message_id) in s.message_reads


def unread_for(s: State, reader: str) -> list[Message]:
    return [m for m in s.messages if addressed_to(m, reader) and not is_read(s, m, reader)]


def clean(text: str) -> str:
    """The text without control characters (a pasted escape sequence must not reach another
    console's terminal); line breaks and tabs stay."""
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()


def send_message(c: cmd.SendMessage, s: State) -> list[ev.Event]:
    text = clean(c.text)
    if not text:
        raise Refused("a message needs a text")
    if len(text) > MAX_TEXT:
        raise Refused(f"a message is at most {MAX_TEXT} characters; longer material is an inject")
    played = s.world.played
    if c.sender == WHITE_CELL:
        if c.to != EVERY_TEAM and c.to not in played:
            raise Refused(f"'{c.to}' is not a team in this session")
    elif c.sender in played:
        if c.to != WHITE_CELL:
            raise Refused("a team writes to the white cell only")
    else:
        raise Refused(f"'{c.sender}' is not a team in this session")
    message_id = f"m{len(s.messages) + 1}"
    return [ev.MessageSent(message_id, c.sender, c.to, text, c.author, s.turn, c.at)]


def read_message(c: cmd.ReadMessage, s: State) -> list[ev.Event]:
    m = s.message(c.message_id)
    if m is None or not addressed_to(m, c.reader):
        raise Refused(f"'{c.reader}' has no message '{c.message_id}'")
    if is_read(s, m, c.reader):
        return []
    return [ev.MessageRead(c.message_id, c.reader, c.at)]
