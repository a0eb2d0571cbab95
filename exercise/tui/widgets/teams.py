"""Each team: who plays it, its decision status this turn, what it has read, when last seen."""

from __future__ import annotations

import time

from rich.text import Text

from exercise.engine.constants import PLAY_MODE_SHORT
from exercise.engine.state import State, undecided
from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.tables import refill


def ago(seconds: float | None) -> str:
    """When a team was last seen, to the minute: its consoles say so every 30 s, so anything
    under a minute is "now" (and the column is not redrawn every second)."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m ago"
    return f"{int(seconds // 3600)}h ago"


def seen_text(state: State, role: str, now: float, last_seen: dict[str, float] | None) -> str:
    """The "Seen" cell: when a team console last showed a sign of life ("—" for a bot)."""
    seen = (state.seen if last_seen is None else last_seen).get(role)
    return ago(now - seen) if seen and state.participants.get(role, "bot") == "team" else "—"


def team_rows(state: State, now: float, last_seen: dict[str, float] | None = None) -> list[tuple]:
    waiting = undecided(state)
    rows = []
    for role in state.world.played:
        name = state.world.roles[role].name if role in state.world.roles else role
        asked = [
            rel.inject_id
            for rel in state.released_in(state.turn)
            if role in state.world.injects[rel.inject_id].deciders_in(state.world.played)
        ]
        missing = len(waiting.get(role, []))
        done = len(asked) - missing
        if not asked:
            status = Text("nothing to decide", style="dim")
        elif missing:
            status = Text(f"{done}/{len(asked)} decided", style="bold yellow")
        else:
            status = Text(f"{done}/{len(asked)} decided ✓", style="bold green")
        visible = [
            r.inject_id for r in state.releases if state.world.injects[r.inject_id].visible_to(role)
        ]
        read = sum(1 for i in visible if (role, i) in state.reads)
        mode = state.participants.get(role, "bot")
        rows.append(
            (
                Text(name.split(" (")[0]),
                Text(PLAY_MODE_SHORT.get(mode, mode)),
                status,
                Text(f"{read}/{len(visible)}"),
                Text(seen_text(state, role, now, last_seen)),
                role,
            )
        )
    return rows


class TeamsTable(DataTable):
    DEFAULT_CSS = "TeamsTable { height: auto; max-height: 8; }"
    _ages: tuple[str, ...] = ()  # the "Seen" cells as last drawn

    def on_mount(self) -> None:
        self.cursor_type = "row"
        # Fixed widths for what changes as teams act ("2/2 decided ✓", "12m ago"): the columns
        # do not shift, nor wait for the table to re-measure them.
        self.add_column("Team")
        for label, width in (("Played by", 12), ("This turn", 17), ("Read", 5), ("Seen", 7)):
            self.add_column(label, width=width)

    def show(
        self, state: State, now: float | None = None, last_seen: dict[str, float] | None = None
    ) -> None:
        now = getattr(self.app, "clock", time.time)() if now is None else now
        self._ages = self._ages_at(state, now, last_seen)
        refill(self, ((tuple(cells), role) for *cells, role in team_rows(state, now, last_seen)))

    def age(self, state: State, now: float, last_seen: dict[str, float]) -> None:
        """The clock moved on: redrawn only when a "Seen" cell now reads otherwise (at most once
        a minute per team), not rebuilt every second."""
        if self._ages_at(state, now, last_seen) != self._ages:
            self.show(state, now, last_seen)

    @staticmethod
    def _ages_at(state: State, now: float, last_seen: dict[str, float] | None) -> tuple[str, ...]:
        return tuple(seen_text(state, role, now, last_seen) for role in state.world.played)
