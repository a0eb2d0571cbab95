"""The review's view of a log: every event described, and the state at any event, fast.

States are kept at checkpoints so that "the state after event N" replays at most a few hundred
events, even in a session of 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass

from exercise.engine import events as ev
from exercise.engine.evolve import evolve
from exercise.engine.state import State
from exercise.session.narrate import describe
from exercise.session.service import Session, decode

CHECKPOINT_EVERY = 500


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    kind: str
    actor: str
    turn: int
    text: str
    roles: tuple[str, ...]  # the teams an entry concerns (for filtering)


def _roles_of(event: ev.Event, state: State) -> tuple[str, ...]:
    role = getattr(event, "role", "")
    if role:
        return (role,)
    if isinstance(event, ev.InjectReleased) and state.world:
        inj = state.world.injects[event.inject_id]
        return state.world.played if inj.visibility == "public" else tuple(inj.audience)
    if isinstance(event, ev.DecisionAmended | ev.DecisionWithdrawn):
        d = state.decisions.get(event.decision_id)
        return (d.role,) if d else ()
    if isinstance(event, ev.Adjudicated) and state.world:
        return tuple(event.audience) or state.world.played
    return ()


class Timeline:
    def __init__(self, session: Session):
        self.session = session
        self.entries: list[Entry] = []
        self._checkpoints: dict[int, State] = {0: State()}
        self._events: list[ev.Event] = []
        state = State()
        for row in session.rows():
            e = decode(row)
            state = evolve(state, e)
            self._events.append(e)
            self.entries.append(Entry(row.seq, row.at, row.kind, row.actor, state.turn, describe(e, state),
                                      _roles_of(e, state)))
            if row.seq % CHECKPOINT_EVERY == 0:
                self._checkpoints[row.seq] = state
        self.final = state

    def state_at(self, seq: int) -> State:
        base = max(k for k in self._checkpoints if k <= seq)
        state = self._checkpoints[base]
        for e in self._events[base:seq]:
            state = evolve(state, e)
        return state

    def kinds(self) -> list[str]:
        return sorted({e.kind for e in self.entries})

    def filtered(self, role: str = "", turn: int = 0, kind: str = "") -> list[Entry]:
        return [e for e in self.entries
                if (not role or role in e.roles) and (not turn or e.turn == turn) and (not kind or e.kind == kind)]
