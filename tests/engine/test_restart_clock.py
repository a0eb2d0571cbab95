"""The phase clock can be started again at the phase's full time: a session resumed long after,
a fork, a simulated session."""

from __future__ import annotations

import pytest

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.session.narrate import describe
from tests.engine.helpers import Game


def test_a_restarted_clock_runs_from_the_full_phase(mini_world):
    g = Game(mini_world)
    full = g.state.phase_seconds()
    assert g.state.clock_remaining(1000.0 + 10 * 86400) < -full  # ten days on
    [event] = g.run(cmd.RestartClock(at=1000.0 + 10 * 86400))
    assert g.state.clock_remaining(1000.0 + 10 * 86400 + 30) == full - 30
    assert describe(event, g.state) == f"Phase clock restarted at its full {full // 60} min"
    assert g.replay() == g.state


def test_a_paused_clock_stays_paused_at_the_full_phase(mini_world):
    g = Game(mini_world)
    g.run(cmd.PauseClock(at=1500.0))
    g.run(cmd.RestartClock(at=9000.0))
    assert g.state.paused and g.state.clock_remaining(99_999.0) == g.state.phase_seconds()
    g.run(cmd.ResumeClock(at=9100.0))
    assert g.state.clock_remaining(9160.0) == g.state.phase_seconds() - 60


def test_not_after_the_end(mini_world):
    g = Game(mini_world)
    g.run(cmd.EndSession())
    with pytest.raises(Refused, match="ended"):
        g.run(cmd.RestartClock())
