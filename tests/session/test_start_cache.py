"""The facilitator console's start cache: a shortcut the log can always overrule."""

import json
import os
import sqlite3

import pytest

from exercise.engine import commands as cmd
from exercise.session import Session, start_cache
from exercise.tui.gateway import Gateway


def _play(path, clock, *commands):
    with Session.open(path, clock) as s:
        for c in commands:
            s.execute(c)


def _replayed(path):
    with Session.open(path, readonly=True) as s:
        return s.state


def _kept(path, clock):
    """Keep the state now, then mark the kept copy so a test can tell whether a start used it."""
    with Session.open(path, clock) as s:
        assert s.keep_start()
        seq = s.state.seq
    cache = start_cache.cache_path(path)
    data = json.loads(cache.read_text())
    data["state"]["observations"] = 999  # a value no replay of this log reaches
    cache.write_text(json.dumps(data))
    return seq


def _start(path, clock):
    with Session.open(path, clock, cached=True) as s:
        return s.state


def test_a_start_uses_the_kept_state_and_folds_what_came_after(session_file, clock):
    _play(session_file, clock, cmd.AdvancePhase(), cmd.PauseClock())
    seq = _kept(session_file, clock)
    assert _start(session_file, clock).observations == 999  # it was used
    _play(
        session_file,
        clock,
        cmd.ResumeClock(),
        cmd.SubmitDecision("moscow", None, None, "free action", "why"),
    )
    state = _start(session_file, clock)
    assert state.seq == seq + 2 and state.observations == 999
    replayed = _replayed(session_file)
    assert state.paused_at == replayed.paused_at and state.decisions == replayed.decisions


def test_without_the_marker_a_cached_start_equals_a_replay(session_file, clock):
    _play(
        session_file, clock, cmd.AdvancePhase(), cmd.SubmitDecision("moscow", None, None, "a", "b")
    )
    with Session.open(session_file, clock) as s:
        s.keep_start()
    _play(session_file, clock, cmd.PauseClock())
    assert _start(session_file, clock) == _replayed(session_file)


def _rewrite_chain(path, clock, mini_world):
    path.unlink()
    Session.create(path, mini_world, seed=99, participants=(), clock=clock).close()
    _play(path, clock, cmd.AdvancePhase(), cmd.PauseClock())


def _cut_tail(path, clock, mini_world):
    db = sqlite3.connect(path)
    db.execute("DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)")
    db.commit()
    db.close()


def _foreign_format(path, clock, mini_world):
    cache = start_cache.cache_path(path)
    data = json.loads(cache.read_text())
    cache.write_text(json.dumps({**data, "format": "ttx-start-cache/0"}))


def _other_session(path, clock, mini_world):
    cache = start_cache.cache_path(path)
    data = json.loads(cache.read_text())
    cache.write_text(json.dumps({**data, "session": str(path.with_name("other.ttx"))}))


def _damaged(path, clock, mini_world):
    cache = start_cache.cache_path(path)
    cache.write_bytes(cache.read_bytes()[:500])


def _wrong_type(path, clock, mini_world):
    cache = start_cache.cache_path(path)
    data = json.loads(cache.read_text())
    data["state"]["codes"] = {"moscow": 123456}
    cache.write_text(json.dumps(data))


def _writable_by_others(path, clock, mini_world):
    os.chmod(start_cache.cache_path(path), 0o666)


def _open_folder(path, clock, mini_world):
    os.chmod(start_cache.cache_path(path).parent, 0o777)


def _a_folder(path, clock, mini_world):
    cache = start_cache.cache_path(path)
    cache.unlink()
    cache.mkdir()


def _oversized(path, clock, mini_world):
    cache = start_cache.cache_path(path)
    with open(cache, "ab") as fh:
        fh.truncate(start_cache.MAX_BYTES + 1)


def _not_a_file(path, clock, mini_world):
    cache = start_cache.cache_path(path)
    cache.unlink()
    os.symlink("/dev/zero", cache)


@pytest.mark.parametrize(
    "doubt",
    [
        _oversized,
        _not_a_file,
        _rewrite_chain,
        _cut_tail,
        _foreign_format,
        _other_session,
        _damaged,
        _wrong_type,
        _writable_by_others,
        _open_folder,
        _a_folder,
    ],
)
def test_any_doubt_means_a_replay(session_file, clock, mini_world, doubt):
    _play(session_file, clock, cmd.AdvancePhase(), cmd.PauseClock())
    _kept(session_file, clock)
    doubt(session_file, clock, mini_world)
    state = _start(session_file, clock)
    assert state.observations != 999
    assert state == _replayed(session_file)


def test_read_only_opens_and_verify_never_use_it(session_file, clock):
    from exercise.cli import main

    _kept(session_file, clock)
    assert _replayed(session_file).observations == 0
    assert main(["verify", str(session_file)]) == 0


def test_the_facilitator_console_keeps_it_when_it_attaches_and_closes(
    session_file, clock, own_state_folder
):
    cache = start_cache.cache_path(session_file)
    gateway = Gateway(session_file, clock)
    gateway.load()
    assert not cache.exists()
    gateway.attach()
    assert json.loads(cache.read_text())["seq"] == gateway.load().seq
    gateway.execute(cmd.AdvancePhase())
    gateway.close()
    data = json.loads(cache.read_text())
    assert data["seq"] == _replayed(session_file).seq
    assert (
        oct(cache.stat().st_mode & 0o777) == "0o600"
        and oct(cache.parent.stat().st_mode & 0o777) == "0o700"
    )
    assert str(cache).startswith(
        str(own_state_folder)
    )  # the user's state folder, not beside the session
    assert os.listdir(session_file.parent) == [session_file.name]


def test_an_unwritable_state_folder_never_stops_a_console(session_file, clock, own_state_folder):
    (own_state_folder / "ttx").write_text("a file where the folder should be")
    gateway = Gateway(session_file, clock)
    gateway.load()
    gateway.attach()
    gateway.execute(cmd.AdvancePhase())
    gateway.close()
    assert _replayed(session_file).phase == 1


def test_a_start_from_the_head_loads_no_event_machinery(session_file, clock, own_state_folder):
    """What the cache is for: at the head, nothing is folded, so events and evolve never load."""
    import subprocess
    import sys

    with Session.open(session_file, clock) as s:
        assert s.keep_start()
    probe = (
        "import sys; from exercise.session import Session; "
        f"s = Session.open({str(session_file)!r}, cached=True); "
        "print(s.state.seq, 'exercise.engine.events' in sys.modules, "
        "'exercise.engine.evolve' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[1:] == ["False", "False"]
    assert int(out[0]) == _replayed(session_file).seq


def test_a_console_started_from_the_kept_state_does_not_write_it_again(session_file, clock):
    with Session.open(session_file, clock) as s:
        assert s.keep_start()
    cache = start_cache.cache_path(session_file)
    before = cache.stat().st_mtime_ns
    with Session.open(session_file, clock, cached=True) as s:
        assert s.keep_start()  # nothing new since the kept state
        assert cache.stat().st_mtime_ns == before
        s.execute(cmd.AdvancePhase())
        assert s.keep_start()
    assert json.loads(cache.read_text())["seq"] == _replayed(session_file).seq
