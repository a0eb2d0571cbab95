from exercise.engine import commands as cmd
from exercise.engine.decide import decide
from exercise.engine.evolve import evolve, fold
from exercise.engine.state import UNSTARTED, State, Unstarted


class Game:
    """A live engine state plus every event, for tests."""

    def __init__(self, world: dict, seed: int = 1, participants=()):
        self.state: State | Unstarted = UNSTARTED
        self.events: list = []
        self.run(
            cmd.StartSession(world, seed, tuple(participants), (("moscow", "ABC123"),), at=1000.0)
        )

    def run(self, command):
        events = decide(self.state, command)
        for e in events:
            self.state = evolve(self.state, e)
        self.events.extend(events)
        return events

    def replay(self) -> State:
        return fold(self.events)
