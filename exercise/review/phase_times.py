"""How long each phase of each turn ran against the scenario's plan, pauses excluded.

The report's scan feeds the clock events in log order; the time of a phase is what its clock
showed when the session left it, as the engine keeps it (state.clock_remaining): from the
event that opened it (TurnStarted for a turn's first phase, PhaseStarted, PhaseUndone) to the
one that opened the next or ended the session, less the time the clock stood paused. A restart
of the clock ('c', after a break or a fork) starts the phase's time again, so the time before
it is not counted; a phase gone back to ('z') adds its second stretch to its first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from exercise.engine import events as ev
from exercise.engine.state import State
from exercise.review.aar_types import PhaseTime, PhaseTimes

Ref = tuple[int, str]  # (event number, time) of a row


@dataclass
class _Stretch:
    """What is known of one phase of one turn so far."""

    seq: int
    at: str
    actual: float = 0.0
    paused: float = 0.0
    restarted: bool = False
    returned: bool = False
    running: bool = False


class PhaseClock:
    """Feed it the clock's events in order (`feed`), then `finish` at the last event's time."""

    def __init__(self) -> None:
        self.stretches: dict[tuple[int, int], _Stretch] = {}
        self._open: tuple[int, int] | None = None
        self._since = 0.0  # when the open stretch's clock last started from full
        self._paused = 0.0  # paused seconds in the open stretch so far
        self._paused_at: float | None = None

    def feed(self, event: ev.Event, ref: Ref) -> None:
        match event:
            case ev.TurnStarted():
                self._enter((event.turn, 0), event.at, ref, returned=False)
            case ev.PhaseStarted():
                self._enter((event.turn, event.phase), event.at, ref, returned=False)
            case ev.PhaseUndone():
                self._enter((event.turn, event.phase), event.at, ref, returned=True)
            case ev.ClockRestarted():
                if self._open is not None:
                    self.stretches[self._open].restarted = True
                self._since, self._paused = event.at, 0.0
                if self._paused_at is not None:
                    self._paused_at = event.at
            case ev.ClockPaused():
                self._paused_at = event.at
            case ev.ClockResumed():
                if self._paused_at is not None:
                    self._paused += event.at - self._paused_at
                self._paused_at = None
            case ev.SessionEnded():
                self._close(event.at)
                self._open = None

    def finish(self, last_at: str | None) -> None:
        """The session has not left its phase: count it up to the last event."""
        if self._open is None or not last_at:
            return
        key = self._open
        self._close(datetime.fromisoformat(last_at).timestamp())
        self.stretches[key].running = True
        self._open = None

    def _enter(self, key: tuple[int, int], at: float, ref: Ref, returned: bool) -> None:
        self._close(at)
        stretch = self.stretches.get(key)
        if stretch is None:
            stretch = self.stretches[key] = _Stretch(seq=ref[0], at=ref[1])
        stretch.returned = stretch.returned or returned
        self._open, self._since, self._paused = key, at, 0.0
        if self._paused_at is not None:  # a clock paused across the change stays paused
            self._paused_at = at

    def _close(self, at: float) -> None:
        if self._open is None:
            return
        paused = self._paused + (at - self._paused_at if self._paused_at is not None else 0.0)
        stretch = self.stretches[self._open]
        stretch.actual += max(0.0, at - self._since - paused)
        stretch.paused += paused


def phase_times(state: State, clock: PhaseClock) -> PhaseTimes:
    """The phases played, turn by turn, beside the minutes the scenario plans for each."""
    sc = state.world.scenario
    rows = []
    for (turn, phase), s in sorted(clock.stretches.items()):
        plan = sc.phases[phase] if phase < len(sc.phases) else None
        rows.append(
            PhaseTime(
                turn=turn,
                phase=phase,
                name=plan.name if plan else f"phase {phase + 1}",
                planned_seconds=plan.minutes * 60 if plan else 0,
                actual_seconds=round(s.actual, 3),
                paused_seconds=round(s.paused, 3),
                seq=s.seq,
                at=s.at,
                restarted=s.restarted,
                returned=s.returned,
                running=s.running,
            )
        )
    return PhaseTimes(
        scenario_minutes=sc.minutes,
        rows=tuple(rows),
        planned_seconds=sum(r.planned_seconds for r in rows),
        actual_seconds=round(sum(r.actual_seconds for r in rows), 3),
        paused_seconds=round(sum(r.paused_seconds for r in rows), 3),
    )
