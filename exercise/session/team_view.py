"""What one team may see, and nothing more: the only shape in which a team console gets data.

Built from the engine's viewer-filtered queries, so information asymmetry is enforced here in
the session layer, not by hiding widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from exercise.content.model import Inject, Role
from exercise.engine import view
from exercise.engine.state import Decision, Ruling, State


@dataclass(frozen=True)
class TeamView:
    role: Role
    scenario_title: str
    turn: int
    turns: int
    turn_name: str
    turn_date: str
    phase: int
    phases: int
    phase_name: str
    phase_minutes: int
    phase_started_at: float
    paused_at: float | None
    paused_total: float
    ended: bool
    inbox: tuple[view.InboxItem, ...]
    decisions: tuple[Decision, ...]
    rulings: tuple[Ruling, ...]
    seq: int

    def clock_remaining(self, now: float) -> float:
        end = self.paused_at if self.paused_at is not None else now
        return self.phase_minutes * 60 - (end - self.phase_started_at - self.paused_total)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def pending(self) -> list[Inject]:
        """Injects this team is asked to decide on and has not (or withdrew)."""
        return [i.inject for i in self.inbox
                if i.must_decide and (i.decision is None or i.decision.withdrawn)]

    def open_decisions(self) -> list[Decision]:
        return [d for d in self.decisions if d.open]

    def unread(self) -> int:
        return sum(1 for i in self.inbox if not i.read)


def team_view(state: State, role: str) -> TeamView:
    if role not in state.world.played:
        raise KeyError(role)
    sc = state.world.scenario
    turn = sc.turns[state.turn - 1]
    phase = sc.phases[state.phase]
    return TeamView(
        role=state.world.roles[role], scenario_title=sc.title, turn=state.turn, turns=len(sc.turns),
        turn_name=turn.name, turn_date=turn.date, phase=state.phase, phases=len(sc.phases),
        phase_name=phase.name, phase_minutes=phase.minutes, phase_started_at=state.phase_started_at,
        paused_at=state.paused_at, paused_total=state.paused_total, ended=state.ended,
        inbox=tuple(view.inbox(state, role)), decisions=tuple(view.decisions(state, role)),
        rulings=tuple(view.rulings(state, role)),  # indicators stay with the white cell
        seq=state.seq,
    )
