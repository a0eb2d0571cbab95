"""What a console announces when the session moves: a new turn or phase, a pause, the clock
running out, the end and why. The same words on the facilitator's console and every team's,
from a State or a TeamView alike."""

from __future__ import annotations

from typing import NamedTuple

from exercise.engine.state import State


class Moment(NamedTuple):
    turn: int
    turns: int
    turn_name: str
    turn_date: str
    phase: int
    phase_name: str
    paused: bool
    ended: bool
    end_reason: str
    moves_on: bool = False


def moves_on(state: State) -> bool:
    """Whether the phase moves on by itself once its time is up: the scenario says so and
    another phase of this turn follows (a turn ends only when the white cell says so)."""
    sc = state.world.scenario
    return sc.auto_advance and state.phase + 1 < len(sc.phases) and not state.ended


def auto_advance_due(state: State, now: float) -> bool:
    """The facilitator console should move the phase on now: its time is up, the clock runs,
    and the clock is not adrift (a session opened long after is offered a restart instead)."""
    return (
        moves_on(state)
        and not state.paused
        and state.clock_remaining(now) < 0
        and not clock_adrift(state, now)
    )


def moment(s) -> Moment:
    """Where a session stands, from a State (facilitator) or a TeamView (team console)."""
    if isinstance(s, State):
        sc = s.world.scenario
        turn = sc.turns[s.turn - 1]
        return Moment(
            s.turn,
            len(sc.turns),
            turn.name,
            turn.date,
            s.phase,
            sc.phases[s.phase].name,
            s.paused,
            s.ended,
            s.end_reason,
            moves_on(s),
        )
    return Moment(
        s.turn,
        s.turns,
        s.turn_name,
        s.turn_date,
        s.phase,
        s.phase_name,
        s.paused,
        s.ended,
        s.end_reason,
        s.moves_on,
    )


def announcements(old: Moment | None, new: Moment) -> list[str]:
    """What changed from `old` to `new` that everyone in the room should be told."""
    if old is None:
        return []
    said = []
    if new.ended and not old.ended:
        said.append(f"The session has ended: {new.end_reason or 'ended by the white cell'}.")
    elif new.turn != old.turn:
        # Not its first phase as well: the header says it, and a long turn name would push the
        # date past the edge of an 80-column terminal.
        said.append(f"Turn {new.turn} of {new.turns} begins: {new.turn_name} ({new.turn_date}).")
    elif new.phase != old.phase:
        said.append(f"Phase {new.phase + 1}: {new.phase_name} begins.")
    if not new.ended and new.paused != old.paused:
        said.append(
            "The white cell has paused the clock." if new.paused else "The clock runs again."
        )
    return said


def time_up(m: Moment) -> str:
    then = "the next phase starts now" if m.moves_on else "the white cell moves on when ready"
    return f"Time is up for {m.phase_name} (turn {m.turn}): {then}."


TICK_SLACK = 1.5  # seconds: a tick can come late; a phase long over at opening is not news


class TimeUpWatch:
    """Says once per phase that its time has run out, as it runs out: not for a phase long over
    when a console first shows it, and again if time is added back and runs out anew."""

    def __init__(self) -> None:
        self._said_for: tuple[int, int] | None = None  # (turn, phase) already announced

    def check(self, m: Moment | None, running: bool, remaining: float) -> str:
        """The words to announce at this tick, or ""."""
        if m is None or not running:
            return ""
        key = (m.turn, m.phase)
        if remaining >= 0:
            if self._said_for == key:
                self._said_for = None
            return ""
        fresh = self._said_for != key and remaining > -2 * TICK_SLACK
        self._said_for = key
        return time_up(m) if fresh else ""


def clock_adrift(s: State, now: float) -> bool:
    """The phase clock is off by more than its phase's own length, either way: a session opened
    long after it was last played (a break, a fork, a simulated session), or one whose times are
    ahead of this machine's. The facilitator is offered a restart."""
    if s.ended or s.paused:
        return False
    length = s.phase_seconds()
    return not -length <= s.clock_remaining(now) <= length
