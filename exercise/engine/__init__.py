"""The pure engine: decide(state, command) -> events; evolve(state, event) -> state.

No I/O, no clock, no global randomness: wall times arrive inside commands and every random
draw comes from the session's seed and is written into the event that used it.
"""

from exercise.engine.decide import Refused, decide, option_effects, undecided
from exercise.engine.evolve import evolve, fold
from exercise.engine.state import Decision, Release, Ruling, State, decision_id

__all__ = [
    "Decision", "Refused", "Release", "Ruling", "State", "decide", "decision_id", "evolve", "fold",
    "option_effects", "undecided",
]
