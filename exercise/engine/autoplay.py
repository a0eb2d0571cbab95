"""Headless play: bots decide for every role they hold and the control cell rules by the book.

Works on any driver with `.state` and `.execute(command)`: an in-memory fold (fast, for many
runs) or a durable session (for `ttx simulate --session`).
"""

from __future__ import annotations

from typing import Protocol

from exercise.engine import commands as cmd
from exercise.engine.decide import decide, option_effects, public_summary
from exercise.engine.evolve import evolve
from exercise.engine.state import State, awaiting


class Driver(Protocol):
    state: State

    def execute(self, command) -> list: ...


class MemoryDriver:
    """Runs commands through the engine with no log: for many fast playthroughs."""

    def __init__(self, state: State | None = None):
        self.state = state or State()
        self.events: list = []

    def execute(self, command) -> list:
        events = decide(self.state, command)
        for e in events:
            self.state = evolve(self.state, e)
        self.events.extend(events)
        return events


def pending_bot_choices(state: State, roles=None) -> list[tuple[str, str]]:
    """(role, inject) pairs a bot still has to decide, in release order."""
    bots = roles if roles is not None else [r for r, m in state.participants.items() if m == "bot"]
    return [(role, inj.id) for role, inj in awaiting(state, this_turn_only=False)
            if role in bots and any(o.allowed_for(role) for o in inj.options)]


def run_bots(driver: Driver, at: float = 0.0, roles=None) -> int:
    n = 0
    for role, inject_id in pending_bot_choices(driver.state, roles):
        driver.execute(cmd.BotDecide(role, inject_id, at=at))
        n += 1
    return n


def rules_ruling(state: State, at: float = 0.0) -> cmd.Adjudicate | None:
    """The control cell's by-the-book ruling on every open decision, or None when there is none."""
    open_ids = [d.decision_id for d in state.decisions.values() if d.open]
    if not open_ids:
        return None
    deltas, sets, clears = option_effects(state, open_ids)
    narrative = "By the book: the effects of the options chosen apply. " + public_summary(state, open_ids)
    return cmd.Adjudicate(tuple(open_ids), narrative, tuple(deltas.items()), tuple(sets), tuple(clears),
                          method="rules", reason="headless adjudication by option effects", at=at)


def play_turn(driver: Driver, at: float = 0.0) -> None:
    """Bots decide, control rules, until nothing is left open; then move to the next turn."""
    for _ in range(50):  # triggers can release more injects after a ruling
        if driver.state.ended:
            return
        run_bots(driver, at)
        ruling = rules_ruling(driver.state, at)
        if ruling is None:
            break
        driver.execute(ruling)
    start_turn = driver.state.turn
    while not driver.state.ended and driver.state.turn == start_turn:
        driver.execute(cmd.AdvancePhase(at=at, force=True))


def play_all(driver: Driver, clock=None) -> None:
    while not driver.state.ended:
        play_turn(driver, clock() if clock else 0.0)
