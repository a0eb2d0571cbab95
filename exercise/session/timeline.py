"""The review's view of a log: every event described, and the state at any event, fast.

States are kept at checkpoints so that "the state after event N" replays at most a few hundred
events, even in a session of 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass

from exercise.engine import events as ev
from exercise.engine.evolve import evolve
from exercise.engine.state import UNSTARTED, State, Unstarted
from exercise.session.narrate import describe
from exercise.session.service import Session, decode
from exercise.store import NotASession

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
    match event:
        case (
            ev.DecisionSubmitted()
            | ev.ObservationAdded()
            | ev.TeamJoined()
            | ev.TeamSeen()
            | ev.JoinRefused()
            | ev.InjectRead()
            | ev.ParticipantChanged()
        ) if event.role:
            return (event.role,)
        case ev.InjectReleased():
            inj = state.world.injects[event.inject_id]
            return state.world.played if inj.visibility == "public" else tuple(inj.audience)
        case ev.DecisionAmended() | ev.DecisionWithdrawn():
            d = state.decisions.get(event.decision_id)
            return (d.role,) if d else ()
        case ev.Adjudicated():
            return tuple(event.audience) or state.world.played
    return ()


class Timeline:
    def __init__(self, session: Session):
        self.session = session
        self.entries: list[Entry] = []
        self._checkpoints: dict[int, State | Unstarted] = {0: UNSTARTED}
        self._events: list[ev.Event] = []
        state: State | Unstarted = UNSTARTED
        for row in session.rows():
            e = decode(row)
            state = evolve(state, e)
            self._events.append(e)
            self.entries.append(
                Entry(
                    row.seq,
                    row.at,
                    row.kind,
                    row.actor,
                    state.turn,
                    describe(e, state),
                    _roles_of(e, state),
                )
            )
            if row.seq % CHECKPOINT_EVERY == 0:
                self._checkpoints[row.seq] = state
        if isinstance(
            state, Unstarted
        ):  # Session.open refuses an empty log; this one emptied since
            raise NotASession(f"{session.path}: the session log is empty")
        self.final: State = state

    def state_at(self, seq: int) -> State:
        """The state right after event `seq` (1 or later: the first event starts the session)."""
        base = max(k for k in self._checkpoints if k <= max(seq, 1))
        state = self._checkpoints[base]
        for e in self._events[base : max(seq, 1)]:
            state = evolve(state, e)
        assert isinstance(state, State)  # seq >= 1 folds at least the start
        return state

    def kinds(self) -> list[str]:
        return sorted({e.kind for e in self.entries})

    def filtered(self, role: str = "", turn: int = 0, kind: str = "") -> list[Entry]:
        return [
            e
            for e in self.entries
            if (not role or role in e.roles)
            and (not turn or e.turn == turn)
            and (not kind or e.kind == kind)
        ]
