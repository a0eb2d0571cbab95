"""A real `ttx serve` process on a free loopback port, and how a test talks to it.

Console processes are found as the server's descendants in /proc, so a test can tell that a
refused websocket started nothing and an admitted one started exactly one console.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from tests.web.browser import free_port

ROOT = str(Path(__file__).resolve().parents[2])


def wait_until(predicate, seconds: float = 20.0, what: str = "a condition"):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class Served:
    proc: subprocess.Popen
    port: int
    session: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_base(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def children(self) -> list[str]:
        """Command lines of every process under the server (a console runs under a shell)."""
        return [cmd for _, cmd in _descendants(self.proc.pid)]

    def consoles(self) -> list[str]:
        """Command lines of the console processes under the server, their shells left out."""
        return [
            cmd
            for cmd in self.children()
            if cmd.split(" ", 1)[0] not in ("/bin/sh", "sh")
            and "exercise" in cmd
            and any(f" {console} " in cmd for console in ("team", "play", "screen", "observe"))
        ]

    def post(self, path: str, fields: dict[str, str], headers: dict[str, str] | None = None):
        """(status, headers, body) of a form POST, redirects not followed."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(
                "POST",
                path,
                urlencode(fields),
                {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
            )
            resp = conn.getresponse()
            return resp.status, resp.headers, resp.read().decode()
        finally:
            conn.close()

    def get(self, path: str, headers: dict[str, str] | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.headers, resp.read().decode()
        finally:
            conn.close()

    def login(self, path: str, code: str, name: str = "") -> dict[str, str]:
        """Sign in; the cookie set, as {name: value}."""
        status, headers, body = self.post(path, {"code": code, "name": name})
        assert status == 303, (status, body)
        jar = SimpleCookie()
        for line in headers.get_all("Set-Cookie") or []:
            jar.load(line)
        return {k: m.value for k, m in jar.items()}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def start_server(session: Path, *extra: str) -> Served:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "exercise", "serve", str(session), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=ROOT),
    )
    served = Served(proc, port, session)

    def up() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"ttx serve exited: {proc.stderr.read()}")
        try:
            urllib.request.urlopen(served.base + "/", timeout=1)
            return True
        except (urllib.error.URLError, ConnectionError):
            return False

    wait_until(up, what="ttx serve to answer")
    return served


def stop_server(served: Served) -> None:
    left = _descendants(
        served.proc.pid
    )  # before the server goes: then they are no longer its children
    served.proc.terminate()
    try:
        served.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        served.proc.kill()
    for pid, _ in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


def _descendants(root: int) -> list[tuple[int, str]]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid:
                frontier.append(child)
                try:
                    cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                found.append((child, cmd))
    return found


async def _read(ws, needle: bytes, seconds: float) -> bytes:
    buf = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end and needle not in buf:
        try:
            msg = await ws.receive(timeout=1)
        except TimeoutError:
            continue
        if msg.type == aiohttp.WSMsgType.BINARY:
            buf += msg.data
        elif msg.type == aiohttp.WSMsgType.TEXT:
            buf += msg.data.encode()
        else:
            break
    return buf


async def console_output(
    url: str,
    needle: bytes,
    *,
    cookies: dict[str, str] | None = None,
    origin: str | None = None,
    seconds: float = 20,
    hold=None,
) -> bytes:
    """What a console writes over its websocket until `needle` shows; `hold()` runs while it
    is open."""
    headers = {"Cookie": cookie_header(cookies)} if cookies else {}
    if origin:
        headers["Origin"] = origin
    async with aiohttp.ClientSession() as s, s.ws_connect(url, headers=headers) as ws:
        out = await _read(ws, needle, seconds)
        if hold is not None:
            await asyncio.to_thread(hold)
        return out


def ws_status(
    served: Served,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    origin: str | None = None,
    host: str | None = None,
) -> tuple[int, str]:
    """The status and body a websocket handshake gets (101: accepted, and dropped at once)."""
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    }
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    if origin:
        headers["Origin"] = origin
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        if host:
            conn.putrequest("GET", path, skip_host=True)
            conn.putheader("Host", host)
            for k, v in headers.items():
                conn.putheader(k, v)
            conn.endheaders()
        else:
            conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, "" if resp.status == 101 else resp.read().decode()
    finally:
        conn.close()
