"""The pure engine: decide(state, command) -> events; evolve(state, event) -> state.

No I/O, no clock, no global randomness: wall times arrive inside commands and every random
draw comes from the session's seed and is written into the event that used it.

Import the modules themselves (`exercise.engine.decide`, `.evolve`, `.state`, ...): this package
loads nothing eagerly, so a console that only reads a state does not pay for the rest.
"""
