"""Files that appear whole or not at all (store/atomic.py)."""

import os
import stat
import subprocess
import sys

import pytest

from exercise.store import SessionLog
from exercise.store.atomic import WriteFailed, remove_stale, staged_session, write_atomic


def names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_write_replaces_keeps_the_mode_and_leaves_nothing_else(tmp_path):
    out = tmp_path / "r.md"
    write_atomic(out, "new ✓")
    assert out.read_text("utf-8") == "new ✓"
    out.chmod(0o640)
    write_atomic(out, b"again")
    assert out.read_bytes() == b"again" and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert names(tmp_path) == ["r.md"]


def test_write_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_device_is_written_to_not_replaced():
    write_atomic("/dev/null", "nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    if os.path.exists("/dev/full"):
        with pytest.raises(OSError) as err:
            write_atomic("/dev/full", "x" * 100_000)
        assert err.value.strerror == os.strerror(28)  # ENOSPC
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_stale_temp_files_of_dead_processes_are_removed(tmp_path):
    target = tmp_path / "r.md"
    dead, live = f".r.md.tmp-{dead_pid()}-abcd", f".r.md.tmp-{os.getppid()}-abcd"
    for n in (dead, dead + "-wal", live, ".other.md.tmp-1-x"):
        (tmp_path / n).write_text("")
    remove_stale(target)
    assert names(tmp_path) == sorted([live, ".other.md.tmp-1-x"])


def test_a_session_appears_only_when_complete(tmp_path):
    target = tmp_path / "s.ttx"
    with staged_session(target) as temp:
        assert temp.parent == tmp_path and temp.name.startswith(".s.ttx.tmp-")
        with SessionLog(temp, create=True) as log:
            log.set_meta("k", "v")
        assert not target.exists()
    assert names(tmp_path) == ["s.ttx"]
    with SessionLog(target) as log:
        assert log.meta("k") == "v"


def test_a_failed_build_leaves_nothing(tmp_path):
    target = tmp_path / "s.ttx"
    with pytest.raises(KeyError), staged_session(target) as temp:
        log = SessionLog(temp, create=True)
        log.set_meta("k", "v")
        assert any(p.name.endswith("-wal") for p in tmp_path.iterdir())
        log.close()
        raise KeyError("boom")
    assert names(tmp_path) == []


def test_a_sqlite_error_names_the_target_not_the_temp(tmp_path):
    target = tmp_path / "s.ttx"
    with pytest.raises(WriteFailed) as err, staged_session(target) as temp:
        log = SessionLog(temp, create=True)
        try:
            log.db.execute("INSERT INTO nowhere VALUES (1)")
        finally:
            log.close()
    assert str(err.value).startswith(f"{target}: ") and ".tmp-" not in str(err.value)
    assert names(tmp_path) == []


def test_never_replaces_a_file_that_appeared_meanwhile(tmp_path):
    target = tmp_path / "s.ttx"
    with pytest.raises(FileExistsError, match="already exists"), staged_session(target) as temp:
        SessionLog(temp, create=True).close()
        target.write_text("someone else's")
    assert target.read_text() == "someone else's" and names(tmp_path) == ["s.ttx"]


def test_refuses_an_old_wal_of_the_same_name(tmp_path):
    target = tmp_path / "s.ttx"
    (tmp_path / "s.ttx-wal").write_bytes(b"frames of another file")
    with (
        pytest.raises(FileExistsError, match="s.ttx-wal: left over"),
        staged_session(target) as temp,
    ):
        SessionLog(temp, create=True).close()
    assert names(tmp_path) == ["s.ttx-wal"]
    (tmp_path / "s.ttx-wal").write_bytes(b"")  # an empty one holds nothing: no reason to refuse
    with staged_session(target) as temp:
        SessionLog(temp, create=True).close()
    assert (tmp_path / "s.ttx").exists()


def test_an_open_connection_is_not_published(tmp_path):
    target = tmp_path / "s.ttx"
    with pytest.raises(RuntimeError, match="still open"), staged_session(target) as temp:
        log = SessionLog(temp, create=True)
        log.set_meta("k", "v")
    log.close()
    assert names(tmp_path) == []
