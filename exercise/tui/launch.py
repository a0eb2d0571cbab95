"""The command `ttx serve` runs per browser connection: hand this connection to the warm console
server (exercise/tui/warm.py) or, when it is not there, start the console cold.

Run as `python -I -S launch.py SOCKET LABEL`: standard library only, no site-packages, so it is
up in a few milliseconds. The console's own arguments come in TTX_WARM_ARGV (JSON), as the join
code comes in the environment: neither is on this command line. LABEL is for `ps` only.

Over the socket: this process's stdin, stdout and stderr and its environment go to the warm
server (SCM_RIGHTS), which forks a console onto them. The console answers b"Y" once it owns them,
b"X" and its exit code when it ends; this process exits with that code, and passes on the
signals it gets (b"S" and the number). If it is killed, the socket closes and the console ends
itself. No answer at all (no server, a refusal, a server that died before forking) means a cold
start: this process becomes `python -m exercise ARGS`, so a room never loses a console. A warm
process still importing (its pid file there, its socket not yet) is waited for, up to 5 s.
"""

import contextlib
import json
import os
import signal
import socket
import struct
import sys
import time

ARGV = "TTX_WARM_ARGV"
PID = "warm.pid"  # beside the socket: the warm process, which binds the socket once it is ready
READY_SECONDS = 5.0
ACCEPTED, EXITED, SIGNAL = b"Y", b"X", b"S"
RELAYED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def request(argv: list[str]) -> bytes:
    body = json.dumps({"argv": argv, "env": dict(os.environ), "cwd": os.getcwd()}).encode()
    return struct.pack("!I", len(body)) + body


def _running(pid_file: str) -> bool:
    try:
        with open(pid_file) as f:
            pid = int(f.read())
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is not coming
    except (OSError, ValueError, IndexError):
        return False


def ready(path: str) -> bool:
    """Whether the warm process listens, waiting while it is still importing: a room that
    connects at once as it starts is served sooner by it than by as many cold starts."""
    end = time.monotonic() + READY_SECONDS
    while not os.path.exists(path):
        if not _running(os.path.join(os.path.dirname(path), PID)):
            return False  # never started, or died before it was ready
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def hand_over(path: str, argv: list[str]) -> socket.socket | None:
    """The socket to a console that now owns this process's stdio, or None (start cold)."""
    if not ready(path):
        return None
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(10)  # a warm server that takes longer than a cold start is no help
        sock.connect(path)
        socket.send_fds(sock, [request(argv)], [0, 1, 2])
        answer = sock.recv(1)
    except OSError:
        return None
    if answer != ACCEPTED:
        sock.close()
        return None
    sock.settimeout(None)
    return sock


def relay(sock: socket.socket) -> int:
    """Pass signals on until the console reports its exit code; 1 if it died without one."""

    def pass_on(signum, frame):
        with contextlib.suppress(OSError):  # the console is gone: its exit code is on its way
            sock.sendall(SIGNAL + bytes([signum]))

    for sig in RELAYED:
        signal.signal(sig, pass_on)
    got = b""
    while True:
        try:
            data = sock.recv(16)
        except OSError:
            data = b""
        got += data
        at = got.find(EXITED)
        if 0 <= at < len(got) - 1:
            return got[at + 1]
        if not data:
            return 1


def main() -> int:
    argv = json.loads(os.environ.pop(ARGV, "[]"))
    if not argv:
        sys.stderr.write("launch.py: no console arguments (TTX_WARM_ARGV)\n")
        return 2
    sock = hand_over(sys.argv[1], argv) if len(sys.argv) > 1 else None
    if sock is None:
        os.execv(sys.executable, [sys.executable, "-m", "exercise", *argv])
    return relay(sock)


if __name__ == "__main__":
    sys.exit(main())
