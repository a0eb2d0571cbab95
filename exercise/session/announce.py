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
    )


def announcements(old: Moment | None, new: Moment) -> list[str]:
    """What changed from `old` to `new` that everyone in the room should be told."""
    if old is None:
        return []
    said = []
    if new.ended and not old.ended:
        said.append(f"The session has ended: {new.end_reason or 'ended by the white cell'}.")
    elif new.turn != old.turn:
        said.append(
            f"Turn {new.turn} of {new.turns} begins: {new.turn_name} ({new.turn_date}). "
            f"Phase: {new.phase_name}."
        )
    elif new.phase != old.phase:
        said.append(f"Phase {new.phase + 1}: {new.phase_name} begins.")
    if not new.ended and new.paused != old.paused:
        said.append(
            "The white cell has paused the clock." if new.paused else "The clock runs again."
        )
    return said


def time_up(m: Moment) -> str:
    return f"Time is up for {m.phase_name} (turn {m.turn}): the white cell moves on when ready."
