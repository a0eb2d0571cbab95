"""A team console draws only what changed for its team: an event it cannot see redraws nothing,
one it can see redraws the sections that show it, and its clock is drawn once a minute until the
phase's last minute (a room of 30 consoles then draws nothing between minutes)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from exercise.engine import commands as cmd
from exercise.engine.messages import WHITE_CELL
from exercise.session import Session
from exercise.tui.screens import team as team_module
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from exercise.tui.widgets.status_bar import PhaseClock, StatusBar, minutes_text
from tests.conftest import idle, wait_for
from tests.tui.test_team import SIZE, asked, join

SECTIONS = ("_show_inbox", "_show_decide", "_show_history", "_show_messages", "show_judgement")


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (300, "5 min left"),
        (240.5, "5 min left"),  # never more time than it says
        (61, "2 min left"),
        (60, None),  # the last minute is counted to the second
        (0, None),
        (-59, None),
        (-60, "1 min over"),
        (-185, "3 min over"),
    ],
)
def test_the_clock_to_the_minute(seconds, said):
    assert minutes_text(seconds) == said


def _counting(monkeypatch, painted: Counter) -> None:
    for name in SECTIONS:
        original = getattr(TeamScreen, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            painted[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(TeamScreen, name, counted)
    original_update = PhaseClock.update

    def update(self, *args, **kwargs):
        painted["clock"] += 1
        return original_update(self, *args, **kwargs)

    monkeypatch.setattr(PhaseClock, "update", update)


async def _joined(pilot, app) -> TeamScreen:
    await asked(pilot)
    await join(pilot, app, "CODE2")
    await wait_for(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.view)
    await idle(pilot)
    return app.screen


async def test_an_event_the_team_cannot_see_redraws_nothing(session_file, clock, monkeypatch):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    painted: Counter = Counter()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _joined(pilot, app)
        _counting(monkeypatch, painted)
        with Session.open(session_file, clock) as s:
            s.execute(cmd.AddObservation("a note the white cell keeps"))
            s.execute(cmd.MarkRead("moscow", "t1-news"))  # another team's read
            s.execute(cmd.SendMessage(WHITE_CELL, "damascus", "Your envoy is waiting."))
            seq = s.state.seq
        await wait_for(pilot, lambda: screen.view.seq >= seq, what="the message")
        await idle(pilot)
        # The message reaches the Messages tab, and nothing else is drawn again.
        assert painted["_show_messages"] == 1
        assert painted["_show_inbox"] == painted["_show_history"] == painted["clock"] == 0


async def test_the_teams_clock_is_drawn_once_a_minute_until_its_last(
    session_file, clock, monkeypatch
):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    painted: Counter = Counter()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _joined(pilot, app)
        bar = screen.query_one(StatusBar)
        left = screen.view.clock_remaining(clock.now)
        _counting(monkeypatch, painted)
        clock.now += left - 125  # 2:05 left: "3 min left" is on screen
        bar.tick()
        drawn = painted["clock"]
        assert "3 min left" in bar.text
        for _ in range(4):  # to 2:01: the same words, nothing drawn
            clock.now += 1
            bar.tick()
        assert painted["clock"] == drawn and "3 min left" in bar.text
        clock.now += 1
        bar.tick()
        assert painted["clock"] == drawn + 1 and "2 min left" in bar.text
        clock.now += 61  # 0:59: every second now
        bar.tick()
        for step in range(1, 4):
            clock.now += 1
            bar.tick()
            assert painted["clock"] == drawn + 2 + step
        assert "Time 00:56" in bar.text


async def test_another_processs_move_wakes_the_console_at_once(session_file, clock, monkeypatch):
    """Only the file's bell can bring the message in time: the console's own look is an hour
    away. The message is written by another process, as the facilitator's console would."""
    monkeypatch.setattr(team_module, "POLL_SECONDS", 3600.0)
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _joined(pilot, app)
        script = (
            "import sys; from exercise.session import Session; "
            "from exercise.engine import commands as cmd; "
            "s = Session.open(sys.argv[1]); "
            "s.execute(cmd.SendMessage('control', 'damascus', 'Rung, not polled.')); s.close()"
        )
        subprocess.run([sys.executable, "-c", script, str(session_file)], check=True)
        await wait_for(
            pilot,
            lambda: any(m.text == "Rung, not polled." for m in screen.view.messages),
            what="the message, woken by the bell",
        )


def test_a_lookout_without_descriptors_left_looks_on_its_timer(tmp_path, monkeypatch):
    from exercise.tui import watch

    def no_descriptors(path):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(watch, "Bell", no_descriptors)
    lookout = watch.Lookout()
    assert lookout.bell(tmp_path / "s.ttx") is None  # no bell: keep_watch waits on the stop
    lookout.set()
    assert lookout.is_set() and lookout.wait(0)


def test_a_file_rung_without_pause_is_looked_at_with_a_gap_between(monkeypatch):
    """A burst of appends, or a process touching the file in a loop, costs a console at most a
    look every RUNG_GAP, not a core."""
    from exercise.tui import watch

    lookout = watch.Lookout()
    rings = [True] * 5

    class Rung:
        def wait(self, timeout):
            if not rings:
                lookout.set()
                return False
            return rings.pop()

        def close(self):
            pass

    gaps: list[float] = []
    looks: list[int] = []
    monkeypatch.setattr(watch, "get_current_worker", lambda: type("W", (), {"is_cancelled": 0}))
    monkeypatch.setattr(lookout, "bell", lambda path: Rung())
    monkeypatch.setattr(lookout, "wait", lambda timeout: gaps.append(timeout) or False)
    watch.keep_watch(lookout, lambda: looks.append(1), lambda found: None, 0.5, Path("s.ttx"))
    assert len(looks) == 5 and gaps == [watch.RUNG_GAP] * 5
