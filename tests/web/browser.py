"""Headless Chromium over its DevTools protocol: open a page, act on it, wait for it to
settle, screenshot.

textual-serve pages start their console process over a websocket after the page loads, so a
plain `--screenshot` fires too early; this waits for what the test needs (a text on the page,
bytes from the console, a picture that shows it), each with a deadline, never for a time.
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
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import aiohttp

T = TypeVar("T")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_RECORD_WS = """(() => {
  const Native = window.WebSocket, decoder = new TextDecoder();
  window.__ttxReceived = "";
  function Recording(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    ws.addEventListener("message", (e) => {
      window.__ttxReceived += typeof e.data === "string" ? e.data : \
decoder.decode(e.data, {stream: true});
    });
    return ws;
  }
  Recording.prototype = Native.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Recording[k] = Native[k];
  window.WebSocket = Recording;
})();"""


class Page:
    """One Chromium tab over the DevTools protocol."""

    def __init__(self, ws):
        self.ws = ws
        self.counter = 0

    async def call(self, method: str, **params):
        self.counter += 1
        await self.ws.send_json({"id": self.counter, "method": method, "params": params})
        async for msg in self.ws:
            data = json.loads(msg.data)
            if data.get("id") == self.counter:
                return data.get("result", {})
        return {}

    async def evaluate(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def text(self) -> str:
        return await self.evaluate("document.body ? document.body.innerText : ''") or ""

    async def navigate(self, url: str) -> None:
        await self.call("Page.navigate", url=url)

    async def wait_text(self, needle: str, wait: float) -> str:
        """The page's visible text once `needle` is in it; AssertionError after `wait` seconds."""
        return await _poll(self.text, lambda text: needle in text, wait, f"{needle!r} on the page")

    async def record_websockets(self) -> None:
        """From the next page on, keep what its websockets receive: the terminal draws on a canvas,
        so its text is not in the DOM, but the bytes the console sent are."""
        await self.call("Page.enable")
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=_RECORD_WS)

    async def websocket_text(self) -> str:
        return await self.evaluate("window.__ttxReceived || ''") or ""

    async def wait_websocket_text(self, needle: str, wait: float) -> str:
        """What the console sent once `needle` is in it; AssertionError after `wait` seconds."""
        return await _poll(
            self.websocket_text, lambda text: needle in text, wait, f"{needle!r} from the console"
        )

    async def next_frame(self) -> None:
        """Two animation frames have passed: what the page (xterm's canvas) was given is drawn."""
        await self.call(
            "Runtime.evaluate",
            awaitPromise=True,
            expression=(
                "new Promise(r => requestAnimationFrame(() => "
                "requestAnimationFrame(() => r(true))))"
            ),
        )

    async def screenshot(self, out: Path) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        out.write_bytes(base64.b64decode(shot["data"]))

    async def screenshot_showing(
        self, out: Path, shows: Callable[[Path], bool], wait: float, what: str
    ) -> None:
        """A PNG of the page once it `shows` what the test needs; AssertionError after `wait`
        seconds."""

        async def shot() -> Path:
            await self.next_frame()
            await self.screenshot(out)
            return out

        await _poll(shot, shows, wait, what)


async def _poll(
    read: Callable[[], Awaitable[T]], ready: Callable[[T], bool], wait: float, what: str
) -> T:
    deadline = time.monotonic() + wait
    while True:
        value = await read()
        if ready(value):
            return value
        if time.monotonic() > deadline:
            shown = f"; last seen: {value[-300:]!r}" if isinstance(value, str) else ""
            raise AssertionError(f"waited {wait:g}s for {what}{shown}")
        await asyncio.sleep(0.1)  # the poll interval of a deadline wait


async def _drive(script, width: int, height: int, port: int):
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            try:
                async with http.put(f"http://127.0.0.1:{port}/json/new?about:blank") as r:
                    target = await r.json()
                    break
            except aiohttp.ClientError:
                await asyncio.sleep(
                    0.1
                )  # Chromium is still opening its port: 100 tries, 10 s at most
        else:
            raise RuntimeError("chromium did not open its DevTools port")
        async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            page = Page(ws)
            await page.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
            return await script(page)


def browse(script, *, width: int = 1280, height: int = 800):
    """Run `await script(page)` in a fresh headless Chromium; returns what the script returns."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    port = free_port()
    profile = tempfile.mkdtemp()
    proc = subprocess.Popen(
        [
            exe,
            *CHROMIUM_FLAGS,
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return asyncio.run(_drive(script, width, height, port))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(
    url: str,
    out: Path,
    until_text: str,
    *,
    wait: float = 15.0,
    width: int = 1280,
    height: int = 800,
) -> str:
    """Save a PNG of `url` once `until_text` is on it and drawn; returns the page's visible text."""

    async def script(page: Page) -> str:
        await page.navigate(url)
        text = await page.wait_text(until_text, wait)
        await page.next_frame()
        await page.screenshot(out)
        return text

    return browse(script, width=width, height=height)
