"""Headless Chromium over its DevTools protocol: open a page, wait for it to settle, screenshot.

textual-serve pages start their console process over a websocket after the page loads, so a
plain `--screenshot` fires too early; this waits in real time before capturing.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import aiohttp

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _screenshot(url: str, out: Path, wait: float, width: int, height: int, port: int,
                      until_text: str | None) -> str:
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            try:
                async with http.put(f"http://127.0.0.1:{port}/json/new?about:blank") as r:
                    target = await r.json()
                    break
            except aiohttp.ClientError:
                await asyncio.sleep(0.1)
        else:
            raise RuntimeError("chromium did not open its DevTools port")
        async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            counter = 0

            async def call(method: str, **params):
                nonlocal counter
                counter += 1
                await ws.send_json({"id": counter, "method": method, "params": params})
                async for msg in ws:
                    data = json.loads(msg.data)
                    if data.get("id") == counter:
                        return data.get("result", {})
                return {}

            await call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
            await call("Page.navigate", url=url)
            deadline = time.monotonic() + wait
            text = ""
            while time.monotonic() < deadline:
                await asyncio.sleep(0.5)
                result = await call("Runtime.evaluate", expression="document.body ? document.body.innerText : ''",
                                    returnByValue=True)
                text = result.get("result", {}).get("value", "") or ""
                if until_text and until_text in text:
                    await asyncio.sleep(1.0)  # let the terminal finish painting
                    break
            shot = await call("Page.captureScreenshot", format="png")
            out.write_bytes(base64.b64decode(shot["data"]))
            return text


def screenshot(url: str, out: Path, *, wait: float = 15.0, width: int = 1280, height: int = 800,
               until_text: str | None = None) -> str:
    """Save a PNG of `url` after it settles; returns the page's visible text (xterm rows included)."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    port = free_port()
    profile = tempfile.mkdtemp()
    proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
                             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return asyncio.run(_screenshot(url, out, wait, width, height, port, until_text))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
