"""The header line: scenario, turn N of M with its in-world date, phase, and the phase clock."""

from __future__ import annotations

import time

from textual.content import Content
from textual.widgets import Static

from exercise.engine.state import State


def clock_text(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


class StatusBar(Static):
    """Shows the session's position; the owning screen calls `show(state)` and ticks it."""

    DEFAULT_CSS = """
    StatusBar { height: 2; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusBar.-warning { background: $warning 40%; }
    StatusBar.-overrun { background: $error 50%; }
    StatusBar.-paused { background: $secondary 30%; }
    """

    def __init__(self, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self.state: State | None = None

    def show(self, state: State) -> None:
        self.state = state
        self.tick()

    def tick(self, now: float | None = None) -> None:
        s = self.state
        if s is None or not s.started:
            return
        sc = s.world.scenario
        turn = sc.turns[s.turn - 1]
        remaining = s.clock_remaining(getattr(self.app, "clock", time.time)() if now is None else now)
        phase = sc.phases[s.phase]
        if s.ended:
            clock = "session ended"
        elif s.paused:
            clock = f"⏸ {clock_text(remaining)} paused"
        else:
            clock = f"⏱ {clock_text(remaining)}"
        # The line that matters most comes first, so a narrow terminal still shows it whole.
        line1 = Content.assemble((clock, "bold"), "   ", (f"Turn {s.turn} of {len(sc.turns)}", "bold"),
                                 f" · Phase {s.phase + 1} of {len(sc.phases)}: ", (phase.name, "bold"),
                                 f" ({phase.minutes} min)")
        line2 = Content.assemble((sc.title, "italic"), f"  ·  {turn.name} ({turn.date})")
        self.update(Content("\n").join([line1, line2]))
        self.set_class(s.paused and not s.ended, "-paused")
        self.set_class(not s.paused and not s.ended and 0 <= remaining < 60, "-warning")
        self.set_class(not s.paused and not s.ended and remaining < 0, "-overrun")
