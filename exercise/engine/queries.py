"""Questions the consoles, the simulator and the rules ask of a state: each answered here, once.

A screen shows these answers and asks the user; it never works them out itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from exercise.content.model import Scenario
from exercise.engine.state import Decision, State, decision_id

if TYPE_CHECKING:  # the commands load with the first command, not with the console's first frame
    from exercise.engine import commands as cmd

Origin = Literal["scheduled", "triggered", "deck", "manual"]


def not_decided(waiting: dict[str, list[str]]) -> str:
    """'moscow has not decided on 2 injects this turn, tehran on 1': the refusal and the
    console's question. The count, not only the names: a team that decided one of four injects
    has decided something, and the white cell needs to know how much is still open."""
    roles = sorted(waiting)
    counts = [len(waiting[r]) for r in roles]
    first = f"{counts[0]} inject{'' if counts[0] == 1 else 's'}"
    rest = "".join(f", {r} on {n}" for r, n in zip(roles[1:], counts[1:], strict=True))
    return f"{roles[0]} has not decided on {first} this turn{rest}"


def cards_left(state: State, deck_id: str) -> tuple[str, ...]:
    """The injects of a deck not yet out, whatever their dates."""
    return tuple(i for i in state.deck_left.get(deck_id, ()) if i not in state.released)


def drawable(state: State, deck_id: str) -> tuple[str, ...]:
    """The cards of a deck that may come out now: not yet out, and dated for this turn (a card
    outside its window is skipped, not drawn and put back)."""
    date = state.world.scenario.turns[state.turn - 1].date
    injects = state.world.injects
    return tuple(
        i
        for i in cards_left(state, deck_id)
        if i not in injects or injects[i].release_window().contains(date)
    )


def deck_count(state: State, deck_id: str) -> str:
    """ "3 card(s) left", or "3 card(s) left, 1 dated for this turn" when some must wait."""
    left, now = len(cards_left(state, deck_id)), len(drawable(state, deck_id))
    return f"{left} card(s) left" + (f", {now} dated for this turn" if now != left else "")


def unreleased(state: State) -> tuple[str, ...]:
    """Injects not yet out: the scenario's in its order, then those written in session (one
    whose release was undone)."""
    ids = state.world.scenario.all_inject_ids()
    written = (i for i, inj in state.world.injects.items() if inj.written_by)
    return tuple(i for i in (*ids, *written) if i not in state.released)


def origin(scenario: Scenario, inject_id: str) -> Origin:
    """How an inject of the scenario can come out, if the facilitator does not release it."""
    if any(inject_id in ids for _, ids in scenario.schedule):
        return "scheduled"
    if inject_id in scenario.triggered:
        return "triggered"
    if any(inject_id in d.injects for d in scenario.decks):
        return "deck"
    return "manual"


class InjectStatus(NamedTuple):
    state: Literal["released", "scheduled", "waiting for trigger", "in deck", "manual"]
    turn: int | None  # the turn it came out (released) or is due (scheduled)
    detail: str = ""  # how it was released, or which deck holds it

    def label(self) -> str:
        if self.state == "released":
            return "written in session" if self.detail == "written" else f"released ({self.detail})"
        return f"in deck {self.detail}" if self.state == "in deck" else self.state


def inject_status(state: State, inject_id: str) -> InjectStatus:
    sc = state.world.scenario
    release = next((r for r in state.releases if r.inject_id == inject_id), None)
    if release is not None:
        return InjectStatus("released", release.turn, release.how)
    how = origin(sc, inject_id)
    if state.world.injects[inject_id].written_by:  # its release undone: out again by hand
        return InjectStatus("manual", None)
    if how == "scheduled":
        return InjectStatus("scheduled", next(t for t, ids in sc.schedule if inject_id in ids))
    if how == "triggered":
        return InjectStatus("waiting for trigger", None)
    if how == "deck":
        return InjectStatus("in deck", None, next(d.id for d in sc.decks if inject_id in d.injects))
    return InjectStatus("manual", None)


def open_decision(state: State, role: str, inject_id: str | None) -> Decision | None:
    """The role's decision on the inject this turn, while it can still be amended."""
    d = state.decisions.get(decision_id(state.turn, role, inject_id))
    return d if d is not None and d.open else None


def decide_command(
    current: Decision | None,
    role: str,
    inject_id: str | None,
    option_id: str | None,
    text: str,
    rationale: str,
    author: str,
) -> cmd.SubmitDecision | cmd.AmendDecision:
    """A first decision is submitted; one still open (`current`, from `open_decision` or a team's
    view) is amended. A chosen option leaves no free text."""
    from exercise.engine import commands as cmd

    kind = cmd.AmendDecision if current is not None and current.open else cmd.SubmitDecision
    return kind(role, inject_id, option_id, text if option_id is None else "", rationale, author)


def decidable(state: State, role: str) -> list[str]:
    """Injects released so far on which `role` is asked to decide and has no adjudicated
    decision: what the facilitator may still record or amend for it."""
    out = []
    for rel in state.releases:
        inj = state.world.injects[rel.inject_id]
        if role in inj.deciders_in(state.world.played):
            d = state.decisions.get(decision_id(state.turn, role, inj.id))
            if d is None or d.withdrawn or not d.ruling_id:
                out.append(inj.id)
    return out
