"""A console in a real terminal (a pty), typed at and read as a user would."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class PtyConsole:
    def __init__(
        self, argv: list[str], *, cols: int = 120, rows: int = 40, env: dict | None = None
    ):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child becomes the console
            os.chdir(ROOT)
            os.environ.update(env or {})
            os.environ["TERM"] = "xterm-256color"
            os.environ["PYTHONPATH"] = ROOT
            os.execv(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self._out = bytearray()
        self._lock = threading.Lock()
        self.returncode: int | None = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                if select.select([self.fd], [], [], 0.2)[0]:
                    data = os.read(self.fd, 65536)
                    if not data:
                        return
                    with self._lock:
                        self._out += data
            except OSError:
                return

    def output(self) -> bytes:
        with self._lock:
            return bytes(self._out)

    def mark(self) -> int:
        """Where the output stands now: wait_for(..., since=mark) looks only at what comes after."""
        with self._lock:
            return len(self._out)

    def wait_for(self, needle: bytes, *, since: int = 0, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.output()[since:]:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{needle!r} never appeared; last output: {self.output()[-600:]!r}"
                )
            if self.poll() is not None:
                raise AssertionError(
                    f"the console exited ({self.returncode}) before {needle!r} appeared"
                )
            time.sleep(0.05)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError("the console did not exit")
            time.sleep(0.05)
        return self.returncode  # type: ignore[return-value]

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            self.wait()
        os.close(self.fd)

    def open_files(self) -> list[str]:
        """What the console process has open (readlink of /proc/PID/fd)."""
        out = []
        for name in os.listdir(f"/proc/{self.pid}/fd"):
            try:
                out.append(os.readlink(f"/proc/{self.pid}/fd/{name}"))
            except OSError:
                continue
        return out
