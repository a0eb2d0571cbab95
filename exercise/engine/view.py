"""What a viewer may see. `FACILITATOR` sees everything; a role sees only its own.

Information asymmetry is the point of the game, so every query that leaves the session for a
console goes through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from exercise.content.model import Inject
from exercise.engine.state import Decision, Release, Ruling, State, decision_id

FACILITATOR = "facilitator"


def team_name(role: str) -> str:
    """A team as the room says it: "Damascus", not the id "damascus"."""
    return role[:1].upper() + role[1:]


@dataclass(frozen=True)
class InboxItem:
    release: Release
    inject: Inject
    read: bool
    decision: Decision | None
    must_decide: bool


def choice_text(inject, decision: Decision) -> str:
    """What a decision chose: its option's label, or its free text."""
    opt = inject.option(decision.option_id) if inject is not None and decision.option_id else None
    return opt.label if opt else decision.text


def can_see_inject(state: State, viewer: str, inject_id: str) -> bool:
    if inject_id not in state.released:
        return False
    if viewer == FACILITATOR:
        return True
    return state.world.injects[inject_id].visible_to(viewer)


def inbox(state: State, viewer: str) -> list[InboxItem]:
    """Released injects the viewer may see, newest first."""
    out = []
    played = state.world.played
    for rel in reversed(state.releases):
        if not can_see_inject(state, viewer, rel.inject_id):
            continue
        inj = state.world.injects[rel.inject_id]
        d = (
            state.decisions.get(decision_id(state.turn, viewer, inj.id))
            if viewer != FACILITATOR
            else None
        )
        out.append(
            InboxItem(
                rel, inj, (viewer, inj.id) in state.reads, d, viewer in inj.deciders_in(played)
            )
        )
    return out


def decisions(state: State, viewer: str) -> list[Decision]:
    """Facilitator: every decision. A role: only its own."""
    ds = list(state.decisions.values())
    if viewer == FACILITATOR:
        return ds
    return [d for d in ds if d.role == viewer]


def rulings(state: State, viewer: str) -> list[Ruling]:
    if viewer == FACILITATOR:
        return list(state.rulings)
    return [r for r in state.rulings if r.public or viewer in r.audience]


# The room: what the projector shows, which every team may see at once.
def public_releases(state: State) -> list[tuple[Release, Inject]]:
    """Released injects every team may see, newest first."""
    injects = state.world.injects
    return [
        (rel, injects[rel.inject_id])
        for rel in reversed(state.releases)
        if injects[rel.inject_id].visibility == "public"
    ]


def public_rulings(state: State) -> list[Ruling]:
    """Rulings told to every team, newest first."""
    return [r for r in reversed(state.rulings) if r.public]
