"""The observations an author has recorded in a session, for the observer seat to list.

The state keeps only how many observations there are; the observations themselves are events,
so they are read from the log as typed events, each row once: a reader remembers how far it
has read and, on the next look, reads only what was appended since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from exercise.session.service import decode

if TYPE_CHECKING:
    from exercise.engine.events import ObservationAdded
    from exercise.session.service import Session


class Noted(NamedTuple):
    seq: int  # the observation's own event
    event: ObservationAdded


class AuthorsObservations:
    """Every observation `author` recorded, in log order, as of the last `read`."""

    def __init__(self, author: str):
        self.author = author
        self._upto = 0  # every row up to this seq has been looked at
        self._found: list[Noted] = []

    def read(self, session: Session) -> tuple[Noted, ...]:
        """The author's observations, reading only the rows appended since the last call."""
        from exercise.engine.events import ObservationAdded

        head = session.state.seq
        if head > self._upto:
            for row in session.rows(after=self._upto, upto=head):
                event = decode(row)
                if isinstance(event, ObservationAdded) and event.author == self.author:
                    self._found.append(Noted(row.seq, event))
            self._upto = head
        return tuple(self._found)


MAX_NAME = 40  # as a team member's name, in a terminal or a browser


def author_name(typed: str) -> tuple[str, str]:
    """(the name an observer signs with, '') or ('', why it cannot be): required, since it is
    what tells one evaluator's ratings from another's in the report; printable, at most
    MAX_NAME characters; and never the white cell's own signature."""
    name = "".join(ch for ch in typed if ch.isprintable()).strip()[:MAX_NAME].strip()
    if not name:
        return "", "Type your name: it signs your observations."
    if name.casefold() in ("facilitator", "white cell"):
        return "", "That name is the white cell's: type your own."
    return name, ""
