"""The header line: scenario, turn N of M with its in-world date, phase, and the phase clock."""

from __future__ import annotations

import time

from textual.content import Content
from textual.widgets import Static

from exercise.engine.state import State


def position(s) -> dict:
    """Where the session stands, from a State or a TeamView."""
    if isinstance(s, State):
        sc = s.world.scenario
        turn, phase = sc.turns[s.turn - 1], sc.phases[s.phase]
        return dict(
            title=sc.title,
            turns=len(sc.turns),
            phases=len(sc.phases),
            phase_name=phase.name,
            phase_minutes=phase.minutes,
            turn_name=turn.name,
            turn_date=turn.date,
        )
    return dict(
        title=s.scenario_title,
        turns=s.turns,
        phases=s.phases,
        phase_name=s.phase_name,
        phase_minutes=s.phase_minutes,
        turn_name=s.turn_name,
        turn_date=s.turn_date,
    )


def clock_text(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


class StatusBar(Static):
    """Shows the session's position; the owning screen calls `show(state)` and ticks it."""

    DEFAULT_CSS = """
    StatusBar {
        height: 2; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
    }
    StatusBar.-warning { background: $warning 40%; }
    StatusBar.-overrun { background: $error 50%; }
    StatusBar.-paused { background: $secondary 30%; }
    """

    def __init__(self, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self.state: State | None = None

    def show(self, state) -> None:
        """`state`: the engine State (facilitator) or a TeamView (team console)."""
        self.state = state
        self.tick()

    def tick(self, now: float | None = None) -> None:
        s = self.state
        if s is None:
            return
        p = position(s)
        remaining = s.clock_remaining(
            getattr(self.app, "clock", time.time)() if now is None else now
        )
        if s.ended:
            clock = "session ended"
        elif s.paused:
            clock = f"⏸ {clock_text(remaining)} paused"
        else:
            clock = f"⏱ {clock_text(remaining)}"
        # The line that matters most comes first, so a narrow terminal still shows it whole.
        line1 = Content.assemble(
            (clock, "bold"),
            "   ",
            (f"Turn {s.turn} of {p['turns']}", "bold"),
            f" · Phase {s.phase + 1} of {p['phases']}: ",
            (p["phase_name"], "bold"),
            f" ({p['phase_minutes']} min)",
        )
        line2 = Content.assemble(
            (p["title"], "italic"), f"  ·  {p['turn_name']} ({p['turn_date']})"
        )
        self.update(Content("\n").join([line1, line2]))
        self.set_class(s.paused and not s.ended, "-paused")
        self.set_class(not s.paused and not s.ended and 0 <= remaining < 60, "-warning")
        self.set_class(not s.paused and not s.ended and remaining < 0, "-overrun")
