"""The rows of a team's inbox table: unread mark, turn, sender, and the title cut to the room
the table leaves it (the preview beside the table has the whole title)."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text

from exercise.session.team_view import TeamView
from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.tables import room_left, short


def inbox_rows(view: TeamView, table: DataTable) -> Iterator[tuple[tuple[Text, ...], str]]:
    """(cells, inject id) pairs, newest first, for `refill`."""
    senders = max((len(item.inject.sender) for item in view.inbox), default=0)
    room = room_left(table, 1, max(4, len(str(view.turn))), max(4, senders))
    for item in view.inbox:
        title = item.inject.title
        yield (
            (
                Text(" ") if item.read else Text("●", style="bold $accent"),
                Text(str(item.release.turn)),
                Text(item.inject.sender),
                Text(short(title, room) if room else title, style="" if item.read else "bold"),
            ),
            item.inject.id,
        )
