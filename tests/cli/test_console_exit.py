"""A console that crashes exits non-zero: Textual prints the traceback and returns from run()
with return_code 1, and ttx passes that on. A console quit normally exits 0."""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from exercise.cli import main
from tests.conftest import MINI, ROOT

HERE = Path(__file__).parent


class Console:
    """A ttx process on a 120x40 pseudo-terminal, its screen output collected."""

    def __init__(self, *argv: str):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm-256color")
        self.proc = subprocess.Popen(
            [sys.executable, *argv],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master, self.seen = master, bytearray()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.seen.extend(chunk)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            assert self.proc.poll() is None, (
                f"exited {self.proc.returncode} before showing {text!r}"
            )
            assert time.monotonic() < deadline, f"{text!r} never shown"
            time.sleep(0.02)

    def exit_code(self, timeout: float = 60) -> int:
        try:
            code = self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.reader.join(5)
            os.close(self.master)
        return code

    @property
    def text(self) -> str:
        return self.seen.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("console") / "s.ttx"
    assert (
        main(["simulate", "mini", "--root", str(MINI), "--seed", "3", "--session", str(path)]) == 0
    )
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["play", "--resume", "{file}", "--root", str(MINI)],
        ["team", "{file}", "--role", "moscow"],
        ["review", "{file}"],
    ],
    ids=["play", "team", "review"],
)
def test_a_crashed_console_exits_non_zero(session, command):
    args = [a.replace("{file}", str(session)) for a in command]
    console = Console(str(HERE / "crashing_console.py"), *args)
    assert console.exit_code() == 1
    assert "RuntimeError" in console.text  # Textual's traceback, on the terminal


@pytest.mark.slow
def test_a_console_quit_normally_exits_zero(session):
    console = Console("-m", "exercise", "review", str(session))
    console.wait_for("Timeline")
    os.write(console.master, b"\x11")  # ctrl+q
    assert console.exit_code() == 0
    assert "Traceback" not in console.text
