"""Bots and headless play: bots decide for every role they hold, the control cell rules by the book.

`bots_decide` is the one bot runner: a durable session (session/service.py) and the in-memory
driver both call it after every command, so a session with bots moves on the same whether a
facilitator console is open in a terminal, in a browser, or not at all. The rest works on any
driver with `.state` and `.execute(command)`: an in-memory fold (fast, for many runs) or a
durable session (for `ttx simulate --session`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused, decide, option_effects, public_summary
from exercise.engine.evolve import evolve, fold
from exercise.engine.state import UNSTARTED, State, awaiting


class Driver(Protocol):
    state: State

    def execute(self, command) -> list: ...


class MemoryDriver:
    """Runs commands through the engine with no log: for many fast playthroughs."""

    def __init__(self, start: cmd.StartSession):
        self.events: list = decide(UNSTARTED, start)
        self.state: State = fold(self.events)
        self._bots = BotRunner()
        # _execute_one keeps the bots' events
        self._bots(lambda: self.state, self._execute_one, start.at)

    def execute(self, command) -> list:
        events = self._execute_one(command)
        return events + self._bots(
            lambda: self.state, self._execute_one, getattr(command, "at", 0.0)
        )

    def _execute_one(self, command) -> list:
        events = decide(self.state, command)
        for e in events:
            self.state = evolve(self.state, e)
        self.events.extend(events)
        return events


def pending_bot_choices(state: State, roles=None) -> list[tuple[str, str]]:
    """(role, inject) pairs a bot still has to decide, in release order."""
    bots = roles if roles is not None else [r for r, m in state.participants.items() if m == "bot"]
    return [
        (role, inj.id)
        for role, inj in awaiting(state, this_turn_only=False)
        if role in bots and any(o.allowed_for(role) for o in inj.options)
    ]


# What bots' work reads: who plays each role, what is out and what is decided this turn, the end,
# and what an option's conditions read (indicators, flags, ruled decisions). Evolving an event
# replaces only the fields it changes, so while each of these is the same object as when the
# bots last had nothing left to do (or were refused), they still have nothing.
BOT_INPUTS = (
    "world",
    "participants",
    "releases",
    "released",
    "turn",
    "decisions",
    "indicators",
    "flags",
    "ended",
)


def bot_inputs(state: State) -> tuple:
    return tuple(getattr(state, name) for name in BOT_INPUTS)


class BotRunner:
    """`bots_decide` for one driver, skipped while nothing the bots read has changed since they
    last ran: a note, a read or a clock pause (most of a session's events) costs them no look."""

    def __init__(self) -> None:
        self._settled: tuple | None = None

    def __call__(
        self, state: Callable[[], State], execute_one: Callable[[cmd.BotDecide], list], at=0.0
    ) -> list:
        settled = self._settled
        if settled is not None and all(
            a is b for a, b in zip(bot_inputs(state()), settled, strict=True)
        ):
            return []
        events = bots_decide(state, execute_one, at)
        self._settled = bot_inputs(state())
        return events


def bots_decide(
    state: Callable[[], State], execute_one: Callable[[cmd.BotDecide], list], at: float = 0.0
) -> list:
    """Every bot decides what it still has to, through `execute_one` (which must not run bots
    itself); the events. A choice the rules refuse is left for the facilitator."""
    events: list = []
    refused: set[tuple[str, str]] = set()
    for _ in range(100):  # a bot's decision never releases more, but a bound costs nothing
        pending = [p for p in pending_bot_choices(state()) if p not in refused]
        if not pending or state().ended:
            return events
        for role, inject_id in pending:
            try:
                events += execute_one(cmd.BotDecide(role, inject_id, at=at))
            except Refused:
                refused.add((role, inject_id))
    return events


def rules_ruling(state: State, at: float = 0.0) -> cmd.Adjudicate | None:
    """The control cell's by-the-book ruling on every open decision, or None when there is none."""
    open_ids = [d.decision_id for d in state.decisions.values() if d.open]
    if not open_ids:
        return None
    deltas, sets, clears = option_effects(state, open_ids)
    narrative = "By the book: the effects of the options chosen apply. " + public_summary(
        state, open_ids
    )
    return cmd.Adjudicate(
        tuple(open_ids),
        narrative,
        tuple(deltas.items()),
        tuple(sets),
        tuple(clears),
        method="rules",
        reason="headless adjudication by option effects",
        at=at,
    )


def play_turn(driver: Driver, at: float = 0.0) -> None:
    """Bots decide, control rules, until nothing is left open; then move to the next turn."""
    for _ in range(50):  # triggers can release more injects after a ruling
        if driver.state.ended:
            return
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
