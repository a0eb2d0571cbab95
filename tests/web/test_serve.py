"""ttx serve on a free loopback port: the pages, the 404s, and a served console's join prompt."""

import asyncio
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from tests.web.browser import chromium, free_port, screenshot

ROOT = str(Path(__file__).resolve().parents[2])


@pytest.fixture
def server(session_file):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "exercise", "serve", str(session_file), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=ROOT))
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_routes(server):
    assert status(server + "/team/moscow") == 200
    assert status(server + "/facilitator") == 200
    assert status(server + "/team/nope") == 404
    assert status(server + "/anything/else") == 404
    index = urllib.request.urlopen(server + "/").read().decode()
    assert all(f'href="/team/{r}"' in index for r in ("moscow", "tehran", "damascus", "jerusalem"))


async def _console_output(url: str, needle: bytes, seconds: float = 20) -> bytes:
    buf = b""
    async with aiohttp.ClientSession() as s, s.ws_connect(url) as ws:
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


@pytest.mark.slow
def test_served_team_console_asks_for_its_code(server):
    ws = server.replace("http", "ws") + "/ws/team/moscow?width=100&height=30"
    out = asyncio.run(_console_output(ws, b"Join code"))
    assert b"Join code" in out and b"Moscow" in out


@pytest.mark.slow
def test_browser_screenshot_of_the_join_prompt(server, tmp_path):
    if chromium() is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium) — no browser screenshot")
    png = tmp_path / "team.png"
    screenshot(server + "/team/moscow", png, wait=12)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    # The join box is drawn with the theme's primary blue; a blank or error page has none of it.
    from tests.web.png import count_colour

    assert count_colour(png, (0, 120, 212), tolerance=40) > 500
