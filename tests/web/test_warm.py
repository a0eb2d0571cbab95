"""Served consoles forked from the warm process: what each console is, who may ask for one, and
what happens when the warm process or a launcher dies.

The first console a server admits starts the warm process (and is itself started cold); the
ones after are forked from it. conftest's session: damascus (CODE2) is a team console.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from exercise.tui.launch import ARGV
from exercise.tui.warm import LAUNCHER, SOCKET
from tests.web.served import (
    _descendants,
    console_output,
    start_server,
    stop_server,
    wait_until,
)

pytestmark = pytest.mark.slow
TEAM_SCREEN = b"Select a message"


@pytest.fixture
def served(session_file):
    server = start_server(session_file)
    yield server
    stop_server(server)


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _warm(served) -> int | None:
    found = [p for p, cmd in _descendants(served.proc.pid) if "-m exercise.tui.warm " in cmd]
    return found[0] if found else None


def _socket(pid: int) -> Path:
    folder = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[3].decode()
    return Path(folder) / SOCKET


def _team(served, role: str = "damascus") -> list[int]:
    return [
        p
        for p, cmd in _descendants(served.proc.pid)
        if f" team {served.session} --role {role}" in cmd and not cmd.startswith("/bin/sh")
    ]


def _open(served, cookies, hold, needle=TEAM_SCREEN) -> bytes:
    return asyncio.run(
        console_output(
            served.ws_base + "/ws/team/damascus?width=120&height=40",
            needle,
            cookies=cookies,
            hold=hold,
            seconds=40,
        )
    )


def _warm_up(served) -> tuple[dict[str, str], int]:
    """Sign in and open a first console (cold), until the warm process listens."""
    cookies = served.login("/team/damascus", "CODE2", "Rana")
    assert TEAM_SCREEN in _open(served, cookies, None)
    wait_until(lambda: not _team(served), what="the first console to close")
    warm = wait_until(lambda: _warm(served), what="the warm process")
    wait_until(lambda: _socket(warm).exists(), seconds=30, what="the warm process's socket")
    return cookies, warm


def test_a_console_is_forked_warm_and_is_the_console_it_replaces(served):
    cookies, warm = _warm_up(served)
    seen: dict = {}

    def look():
        [pid] = wait_until(lambda: _team(served), what="the console")
        seen["parent"] = _parent(pid)
        seen["cmdline"] = Path(f"/proc/{pid}/cmdline").read_bytes()
        seen["environ"] = Path(f"/proc/{pid}/environ").read_bytes()

    assert TEAM_SCREEN in _open(served, cookies, look)
    assert seen["parent"] == warm  # forked, not a fresh interpreter
    shown = seen["cmdline"].rstrip(b"\0").split(b"\0")
    assert shown[1:] == [
        b"-m",
        b"exercise",
        b"team",
        str(served.session).encode(),
        b"--role",
        b"damascus",
    ]
    assert b"CODE2" not in seen["cmdline"] and b"CODE2" not in seen["environ"]
    # The warm process holds no session file, no thread and no code, before or after forking.
    fds = [os.readlink(f) for f in Path(f"/proc/{warm}/fd").iterdir()]
    assert not any(str(served.session) in f for f in fds), fds
    assert len(list(Path(f"/proc/{warm}/task").iterdir())) == 1
    for part in ("environ", "cmdline"):
        assert b"CODE2" not in Path(f"/proc/{warm}/{part}").read_bytes()
    assert Path(_socket(warm)).parent.stat().st_mode & 0o777 == 0o700


def test_strays_are_closed_unanswered_and_the_next_console_is_still_warm(served):
    cookies, warm = _warm_up(served)
    path = str(_socket(warm))
    for payload in (b"", b"\x00\x00\x00\x05hello", b"GET / HTTP/1.0\r\n\r\n"):
        with socket.socket(socket.AF_UNIX) as stray:
            stray.settimeout(10)
            stray.connect(path)
            if payload:
                stray.sendall(payload)
            stray.shutdown(socket.SHUT_WR)
            assert stray.recv(1) == b""  # closed, no console
    parents: list[int] = []
    _open(served, cookies, lambda: parents.append(_parent(wait_until(lambda: _team(served))[0])))
    assert parents == [warm]


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to connect as another user")
def test_another_user_gets_no_console_even_through_an_opened_socket(served):
    _, warm = _warm_up(served)
    # The 0700 folder stops other users; open a way past it, so the uid check is what refuses.
    door = Path(tempfile.mkdtemp())
    os.chmod(door, 0o755)
    os.link(_socket(warm), door / SOCKET)
    os.chmod(door / SOCKET, 0o666)
    before = {p for p, _ in _descendants(warm)}
    # A request the warm process would serve from this user: Textual's settings as it has them.
    own = Path(f"/proc/{warm}/environ").read_bytes().decode().split("\0")
    env = dict(v.split("=", 1) for v in own if v.startswith(("TEXTUAL", "ESCDELAY")))
    request = {"argv": ["team"], "env": env, "cwd": "/"}
    probe = (
        "import os, socket, sys\n"
        "os.setgid(65534); os.setuid(65534)\n"
        "s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1])\n"
        "body = sys.argv[2].encode()\n"
        "try:\n"
        "    socket.send_fds(s, [len(body).to_bytes(4, 'big') + body], [0, 1, 2])\n"
        "    print(repr(s.recv(1)))\n"
        "except (BrokenPipeError, ConnectionResetError):\n"
        "    print('closed')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(door / SOCKET), json.dumps(request)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    shutil.rmtree(door)
    assert out.stdout.strip() in ("b''", "closed"), out.stderr  # closed unanswered
    assert not {p for p, _ in _descendants(warm)} - before  # nothing forked for it


def test_a_killed_warm_process_leaves_its_consoles_running_and_new_ones_start_cold(served):
    cookies, warm = _warm_up(served)
    result: dict = {}

    def kill_warm_then_open_another():
        [first] = wait_until(lambda: _team(served), what="a warm console")
        assert _parent(first) == warm
        os.kill(warm, signal.SIGKILL)
        wait_until(lambda: not _alive(warm), what="the warm process to die")
        out = _open(served, cookies, lambda: result.update(second=_team(served)))
        result["out"] = out
        result["first alive"] = _alive(first)
        result["first"] = first

    first_out = _open(served, cookies, kill_warm_then_open_another)
    assert TEAM_SCREEN in first_out and TEAM_SCREEN in result["out"]
    assert result["first alive"]  # the console forked before runs on
    [second] = [p for p in result["second"] if p != result["first"]]
    assert _parent(second) != warm  # a cold interpreter, under its launcher's shell


def test_a_console_ends_soon_after_its_launcher_is_killed(served):
    cookies, warm = _warm_up(served)
    gone: dict = {}

    def kill_launcher():
        [console] = wait_until(lambda: _team(served), what="a warm console")
        [launcher] = [
            p
            for p, cmd in _descendants(served.proc.pid)
            if str(LAUNCHER) in cmd and not cmd.startswith("/bin/sh")
        ]
        os.kill(launcher, signal.SIGKILL)
        gone["console"] = wait_until(lambda: not _alive(console), seconds=10, what="its end")

    _open(served, cookies, kill_launcher)
    assert gone["console"]


def test_the_warm_process_ends_with_the_server(session_file):
    served = start_server(session_file)
    try:
        _, warm = _warm_up(served)
        folder = _socket(warm).parent
    finally:
        stop_server(served)
    wait_until(lambda: not _alive(warm), seconds=15, what="the warm process to end")
    assert not folder.exists()


def test_a_launcher_without_a_warm_process_starts_the_console_cold(tmp_path):
    env = dict(
        os.environ, **{ARGV: json.dumps(["team", str(tmp_path / "none.ttx"), "--role", "x"])}
    )
    out = subprocess.run(
        [sys.executable, "-I", "-S", str(LAUNCHER), str(tmp_path / SOCKET), "x"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    # `ttx team` itself answered: the console's own one-line error, exit 2.
    assert out.returncode == 2 and "no such session file" in out.stderr


def _nice(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def test_a_joined_team_console_runs_below_the_servers_priority(served):
    """Its first screen at the server's priority, then the join and the rest below it: a room
    connecting at once sees every join prompt before any console builds its team screen."""
    from exercise.tui.team_app import BROWSER_NICE

    cookies, _warm_pid = _warm_up(served)

    def look():
        [pid] = wait_until(lambda: _team(served), what="the console")
        wait_until(lambda: _nice(pid) == BROWSER_NICE, what="the console at its lower priority")

    assert TEAM_SCREEN in _open(served, cookies, look)
    # The server keeps the priority it was started at (a test runner's own may already be low).
    assert _nice(served.proc.pid) == os.nice(0), _nice(served.proc.pid)
