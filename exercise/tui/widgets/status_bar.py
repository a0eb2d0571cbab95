"""The header line: scenario, turn N of M with its in-world date, phase, and the phase clock."""

from __future__ import annotations

import math
import time

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from exercise.engine.state import State
from exercise.session.announce import Moment, TimeUpWatch, announcements, moment
from exercise.tui.widgets.banner import Banner


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


def minutes_text(seconds: float) -> str | None:
    """The clock to the minute ("3 min left", "2 min over"); None in the minute either side of
    time up, which is counted to the second."""
    if seconds > 60:
        return f"{math.ceil(seconds / 60)} min left"  # at most that long: never more than said
    if seconds <= -60:
        return f"{int(-seconds // 60)} min over"
    return None


def clock_line(s, now: float, seconds: bool = True) -> tuple[str, float]:
    """The phase clock as shown ("Time 12:34", paused, ended) and the seconds left. Words, not
    the ⏱/⏸ glyphs: the browser's terminal font draws those as empty boxes. Without `seconds`
    a running clock is told to the minute until its last one."""
    remaining = s.clock_remaining(now)
    if s.ended:
        return "session ended", remaining
    if s.paused:
        return f"Paused {clock_text(remaining)}", remaining
    rough = None if seconds else minutes_text(remaining)
    return f"Time {rough or clock_text(remaining)}", remaining


class PhaseClock(Static):
    """The phase clock alone: it changes every second, the rest of the header only with the
    session, so a tick repaints this and nothing else."""

    DEFAULT_CSS = "PhaseClock { width: auto; text-style: bold; padding-right: 3; }"

    def __init__(self, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self._shown = ""
        self._width = 0  # the widest text shown so far

    def show(self, text: str) -> None:
        if text != self._shown:
            # A text no longer than the widest shown so far is padded to it: a redraw, not a
            # layout, and the position beside it does not jump left and back as the clock runs.
            grows = len(text) > self._width
            self._width = max(self._width, len(text))
            self.update(text.ljust(self._width), layout=grows)
            self._shown = text


class StatusBar(Widget):
    """Shows the session's position; the owning screen calls `show(state)` and ticks it."""

    DEFAULT_CSS = """
    StatusBar { height: auto; padding: 0 1; background: $panel; }
    StatusBar Horizontal { height: 1; }
    StatusBar Static { text-wrap: nowrap; text-overflow: ellipsis; }
    StatusBar #position { width: 1fr; height: 1; }
    StatusBar.-warning { background: $warning 40%; }
    StatusBar.-overrun { background: $error 50%; }
    StatusBar.-paused { background: $secondary 30%; }
    """

    BANNER_SECONDS = 15.0  # long enough to be read from the back of the room

    def __init__(self, seconds: bool = True, **kwargs):
        """`seconds`: the clock counts every second; False, to the minute until the last one
        (a team's console: a room of them then draws nothing between minutes)."""
        super().__init__(**kwargs)
        self.seconds = seconds
        self.state: State | None = None
        self._moment: Moment | None = None
        self._time_up = TimeUpWatch()
        self._position: tuple[object, ...] = ()  # what the position lines were drawn from

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield PhaseClock(id="clock")
            yield Static("", id="position", markup=False)
        yield Banner(self.BANNER_SECONDS, resting=True, id="banner")  # over the scenario line

    def announce(self, text: str, bell: bool = False) -> None:
        """Say `text` in a banner under the header for a while (a new one replaces it)."""
        self.query_one(Banner).say(text, bell)

    @property
    def banner(self) -> str:
        return self.query_one(Banner).said

    @property
    def text(self) -> str:
        """Both lines as plain text (what a reader sees)."""
        return "\n".join(
            [
                f"{self.query_one(PhaseClock).render()}{self.query_one('#position').render()}",
                self.query_one(Banner).resting_line,
            ]
        )

    def show(self, state) -> None:
        """`state`: the engine State (facilitator) or a TeamView (team console)."""
        self.state = state
        p = position(state)
        key = (state.turn, state.phase, *p.values())
        if key != self._position:  # unchanged, neither line is laid out and drawn again
            self._position = key
            # Both lines are one line high whatever they say: drawn again, not laid out.
            self.query_one("#position", Static).update(
                Content.assemble(
                    (f"Turn {state.turn} of {p['turns']}", "bold"),
                    f" · Phase {state.phase + 1} of {p['phases']}: ",
                    (p["phase_name"], "bold"),
                    f" ({p['phase_minutes']} min)",
                ),
                layout=False,
            )
            self.query_one(Banner).rest(
                Content.assemble(
                    (p["title"], "italic"), f"  ·  {p['turn_name']} ({p['turn_date']})"
                )
            )
        now = moment(state)
        said = announcements(self._moment, now)
        self._moment = now
        if said:
            self.announce("  ".join(said), bell=now.ended)
        self.tick()

    def tick(self, now: float | None = None) -> None:
        s = self.state
        if s is None:
            return
        now = getattr(self.app, "clock", time.time)() if now is None else now
        clock, remaining = clock_line(s, now, self.seconds)
        self.query_one(PhaseClock).show(clock)
        running = not s.paused and not s.ended
        self.set_class(s.paused and not s.ended, "-paused")
        self.set_class(running and 0 <= remaining < 60, "-warning")
        self.set_class(running and remaining < 0, "-overrun")
        said = self._time_up.check(self._moment, running, remaining)
        if said:
            self.announce(said, bell=True)
