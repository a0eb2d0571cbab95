"""bench/room.py's browsers: websocket clients speaking textual-serve's protocol, and the offline
reading of what each one was sent.

The protocol is the one textual-serve's own page (static/js/textual.js) speaks: connect to the
console's websocket with `?width=W&height=H`, send `["resize", {"width", "height"}]` and a
`["ping", ms]` once open, keys as `["stdin", text]`; the server sends the terminal's output as
binary messages and JSON text messages (`["pong", ms]`, ...). Every binary message is kept with
the monotonic time it arrived; screens are decoded with a VT parser (pyte) only after the
measuring is over, so the parsing never competes with the consoles for the CPU. While the run
goes on, a plain search of the raw bytes for a marker paces it.
"""

from __future__ import annotations

if __name__ == "__main__":  # `make bench` runs every bench/*.py; this is a part of bench/room.py
    raise SystemExit(0)

import asyncio
import contextlib
import json
import re
import time
from dataclasses import dataclass, field

import aiohttp

WIDTH, HEIGHT = 120, 40


@dataclass
class Question:
    """When, after `after`, the screen first matched `pattern` (None: never)."""

    label: str
    after: float
    pattern: re.Pattern
    answer: float | None = None


@dataclass
class Browser:
    name: str
    url: str  # ws://.../ws/...
    headers: dict[str, str] = field(default_factory=dict)
    role: str = ""  # a team console's role
    chunks: list[tuple[float, bytes]] = field(default_factory=list)
    t_connect: float = 0.0
    error: str = ""
    questions: list[Question] = field(default_factory=list)
    _ws: aiohttp.ClientWebSocketResponse | None = None
    _task: asyncio.Task | None = None
    _more: asyncio.Event = field(default_factory=asyncio.Event)
    _closed: bool = False

    async def open(self, http: aiohttp.ClientSession) -> None:
        self.t_connect = time.monotonic()
        try:
            self._ws = await http.ws_connect(
                f"{self.url}?width={WIDTH}&height={HEIGHT}",
                headers=self.headers,
                max_msg_size=0,
                autoping=True,
            )
            await self._ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
            await self._ws.send_str(json.dumps(["ping", str(int(time.time() * 1000))]))
        except (aiohttp.ClientError, OSError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            self._closed = True
            return
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for msg in self._ws:
                if msg.type == aiohttp.WSMsgType.BINARY:
                    self.chunks.append((time.monotonic(), msg.data))
                    self._more.set()
        except (aiohttp.ClientError, OSError) as exc:
            self.error = self.error or f"{type(exc).__name__}: {exc}"
        finally:
            self._closed = True
            self._more.set()

    async def key(self, text: str) -> float:
        """Type `text`; the time it was sent."""
        sent = time.monotonic()
        if self._ws is not None and not self._ws.closed:
            with contextlib.suppress(aiohttp.ClientError, ConnectionError):
                await self._ws.send_str(json.dumps(["stdin", text]))
        return sent

    async def wait_for(self, marker: bytes, after: int, deadline: float) -> bool:
        """Whether `marker` is in the bytes from chunk `after` on, by the monotonic `deadline`."""
        pos, carry = after, b""
        while True:
            self._more.clear()
            while pos < len(self.chunks):
                data = carry + self.chunks[pos][1]
                pos += 1
                if marker in data:
                    return True
                carry = data[-(len(marker) - 1) :] if len(marker) > 1 else b""
            left = deadline - time.monotonic()
            if self._closed or left <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._more.wait(), left)

    def ask(self, label: str, after: float, pattern: str) -> Question:
        q = Question(label, after, re.compile(pattern))
        self.questions.append(q)
        return q

    async def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), 5)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task


def answer(browser: Browser) -> None:
    """Replay what `browser` was sent through a VT parser and answer its questions: the time
    from each question's start to the first message after which the screen matched."""
    import pyte

    screen = pyte.Screen(WIDTH, HEIGHT)
    stream = pyte.ByteStream(screen)
    pending = sorted(browser.questions, key=lambda q: q.after)
    for at, data in browser.chunks:
        stream.feed(data)
        asked = [q for q in pending if q.after <= at]
        if not asked:
            continue
        shown = "\n".join(screen.display)
        for q in asked:
            if q.pattern.search(shown):
                q.answer = at - q.after
                pending.remove(q)
        if not pending:
            return
