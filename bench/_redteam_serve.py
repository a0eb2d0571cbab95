"""Red-team family 6: a real `ttx serve` on 127.0.0.1, attacked with aiohttp.

Lockout and flood attacks come from other loopback source addresses (127.0.0.2, 127.0.1.x:
the server still listens on 127.0.0.1 only), so one attack's lockout does not mask another's.
"""

from __future__ import annotations

if __name__ == "__main__":  # `make bench` runs every bench/*.py; this is a part of bench/redteam.py
    raise SystemExit(0)

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import aiohttp

from bench._redteam_common import Ctx, Result, count_kind, make_room
from bench._redteam_procs import TTX, descendants, kill_group, spawn

WRONG = "WRONG0"
CODE_FORM = 'name="code"'  # the sign-in form: a page without it is a console page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Target:
    def __init__(self, ctx: Ctx):
        self.session = ctx.tmp / "served.ttx"
        self.codes = make_room(self.session, seed=11)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.err = ctx.tmp / "serve.err"
        with open(self.err, "wb") as err:
            self.proc = spawn(
                [*TTX, "serve", str(self.session), "--port", str(self.port)],
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        end = time.monotonic() + 30
        while time.monotonic() < end and self.proc.poll() is None:
            try:
                urllib.request.urlopen(self.base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        from exercise.store import SessionLog
        from exercise.tui.web_auth import Door

        with SessionLog(self.session, readonly=True) as log:
            self.door = Door(next(log.rows(upto=1)).hash, self.codes)  # to forge with
        self.command = f"ttx serve {self.session} --port {self.port}"

    def consoles(self) -> list[tuple[int, str]]:
        return descendants(self.proc.pid)

    def stop(self) -> None:
        left = self.consoles()
        self.proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        kill_group(self.proc)
        for pid, _ in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def _client(source: str = "127.0.0.1") -> aiohttp.ClientSession:
    # No cookie jar: every request carries exactly the cookies an attack names.
    connector = aiohttp.TCPConnector(local_addr=(source, 0), force_close=True)
    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=20),
    )


def _cookie(cookies: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}


async def ws_status(t: Target, path: str, headers: dict[str, str]) -> int:
    """The handshake's status (101: a console was let in; the socket is closed at once);
    -1 when the client library would not send such a request, or the server dropped it."""
    async with _client() as s:
        try:
            async with s.ws_connect(t.base + path, headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        except (aiohttp.ClientError, ValueError):
            return -1


async def post(
    t: Target,
    path: str,
    code: str,
    source: str = "127.0.0.1",
    headers: dict[str, str] | None = None,
) -> tuple[int, bool]:
    """(status, whether a cookie was set) of a sign-in POST."""
    async with (
        _client(source) as s,
        s.post(
            t.base + path,
            data={"code": code, "name": "red team"},
            allow_redirects=False,
            headers=headers or {},
        ) as r,
    ):
        await r.read()
        return r.status, bool(r.headers.getall("Set-Cookie", []))


async def get(t: Target, path: str, headers: dict[str, str]) -> tuple[int, str]:
    async with _client() as s:
        try:
            async with s.get(t.base + path, headers=headers, allow_redirects=False) as r:
                return r.status, await r.text()
        except (aiohttp.ClientError, ValueError):
            return -1, ""


async def login(t: Target, holder: str) -> dict[str, str]:
    path = "/facilitator" if holder == "facilitator" else f"/team/{holder}"
    async with (
        _client() as s,
        s.post(
            t.base + path, data={"code": t.codes[holder], "name": "red team"}, allow_redirects=False
        ) as r,
    ):
        return {m.key: m.value for m in r.cookies.values()} if r.status == 303 else {}


async def _refused_ws(
    t: Target, res: Result, label: str, path: str, headers: dict[str, str], column: str
) -> None:
    """One websocket attempt that must be refused and must start nothing."""
    before = {pid for pid, _ in t.consoles()}
    status = await ws_status(t, path, headers)
    await asyncio.sleep(0.3)
    started = [cmd for pid, cmd in t.consoles() if pid not in before]
    res.tried += 1
    shown = {k: (v[:60] + "…" if len(v) > 60 else v) for k, v in headers.items()}
    if status == 101:
        res.fail(
            column, f"{label}: websocket {path} headers {shown} -> 101 (accepted) on `{t.command}`"
        )
    if started:
        res.fail(
            "child started without admission",
            f"{label}: websocket {path} headers {shown} -> {status}; "
            f"new processes under the server: {started}",
        )


async def no_cookie(t: Target, res: Result) -> None:
    own = {"Origin": t.base}
    for path in ("/ws/facilitator", "/ws/team/moscow", "/ws/team/tehran"):
        for headers in ({}, own):
            await _refused_ws(t, res, "no cookie", path, headers, "no-cookie ws accepted")


async def foreign_origin(t: Target, res: Result, moscow: dict[str, str]) -> None:
    p = t.port
    for origin in (
        "http://evil.example",
        "null",
        f"http://evil.example:{p}",
        "http://127.0.0.1:1",
        f"http://127.0.0.1.evil.example:{p}",
        f"http://localhost.evil.example:{p}",
        f"http://127.0.0.1:{p}@evil.example",
        f"file://127.0.0.1:{p}",
        f"http://127.0.0.1:{p}/x",
    ):
        await _refused_ws(
            t,
            res,
            "foreign Origin",
            "/ws/team/moscow",
            {**_cookie(moscow), "Origin": origin},
            "foreign Origin accepted",
        )
        status, cookie = await post(
            t, "/team/moscow", t.codes["moscow"], headers={"Origin": origin}
        )
        res.tried += 1
        if status < 400 or cookie:
            res.fail(
                "foreign Origin accepted",
                f"POST /team/moscow with the right code and Origin {origin!r} -> "
                f"{status}{' and a cookie' if cookie else ''}",
            )


async def wrong_host(t: Target, res: Result, moscow: dict[str, str]) -> None:
    p = t.port
    for host in (
        "evil.example",
        f"evil.example:{p}",
        f"127.0.0.1.nip.io:{p}",
        "127.0.0.1:1",
        f"localhost:{p}.evil",
        f"127.0.0.1:{p}@evil.example",
        f"user@127.0.0.1:{p}",
        "[::1]:1",
        "0x7f000001",
    ):
        for path in ("/", "/team/moscow"):
            status, _ = await get(t, path, {**_cookie(moscow), "Host": host})
            res.tried += 1
            if 100 <= status < 400:
                res.fail(
                    "wrong Host accepted",
                    f"GET {path} with Host {host!r} -> {status} on `{t.command}`",
                )
        await _refused_ws(
            t,
            res,
            f"Host {host!r}",
            "/ws/team/moscow",
            {**_cookie(moscow), "Host": host},
            "wrong Host accepted",
        )


async def cross_role(t: Target, res: Result, moscow: dict[str, str]) -> None:
    [(name, value)] = moscow.items()
    for holder, path in (("tehran", "/ws/team/tehran"), ("facilitator", "/ws/facilitator")):
        renamed = {t.door.cookie_name(holder): value}
        for label, cookies in (
            ("moscow's cookie as is", moscow),
            ("moscow's value under its name", renamed),
        ):
            await _refused_ws(
                t,
                res,
                f"{label} -> {holder}",
                path,
                _cookie(cookies),
                "moscow cookie opens another",
            )
            status, body = await get(t, path.replace("/ws", ""), _cookie(cookies))
            res.tried += 1
            if status == 200 and CODE_FORM not in body:
                res.fail(
                    "moscow cookie opens another",
                    f"GET {path.replace('/ws', '')} with {label} -> a console page",
                )


def _forgeries(t: Target, moscow_value: str) -> dict[str, str]:
    from exercise.tui.web_auth import COOKIE_SECONDS, Door

    expires, name, mac = moscow_value.split(".")
    now = time.time()
    other_session = Door("f" * 64, t.door.codes)
    return {
        "random mac": f"{expires}.{name}.{'0' * 64}",
        "no mac": f"{expires}.{name}.",
        "expired (right mac)": t.door.cookie("moscow", "red team", now - COOKIE_SECONDS - 60)[1],
        "expiry pushed out (old mac)": f"{int(expires) + 10**6}.{name}.{mac}",
        "name changed (old mac)": f"{expires}.{'ZXZpbA'}.{mac}",
        "tehran's mac": t.door.cookie("tehran", "red team", now)[1],
        "another session's cookie": other_session.cookie("moscow", "red team", now)[1],
        "four parts": f"{moscow_value}.x",
        "mac upper-cased": f"{expires}.{name}.{mac.upper()}",
        "huge": "9" * 4000 + f".{name}.{mac}",
        "negative expiry": f"-1.{name}.{mac}",
    }


async def forged(t: Target, res: Result, moscow: dict[str, str]) -> None:
    [(name, value)] = moscow.items()
    for label, fake in _forgeries(t, value).items():
        await _refused_ws(
            t,
            res,
            f"forged cookie ({label})",
            "/ws/team/moscow",
            _cookie({name: fake}),
            "forged/expired cookie accepted",
        )


async def lockout(t: Target, res: Result) -> None:
    """Five wrong codes from one address lock it: then even the right code is refused (429)."""
    source = "127.0.0.2"
    statuses = [(await post(t, "/facilitator", f"{WRONG}{i}", source))[0] for i in range(5)]
    after_right, cookie = await post(t, "/facilitator", t.codes["facilitator"], source)
    other_holder, cookie2 = await post(t, "/team/moscow", t.codes["moscow"], source)
    res.tried += 3
    if after_right != 429 or cookie:
        res.fail(
            ">5 wrong codes not locked out",
            f"from {source}: 5 wrong POSTs /facilitator -> {statuses}; then the "
            f"right code -> {after_right}{' and a cookie' if cookie else ''}",
        )
    if other_holder != 429 or cookie2:
        res.fail(
            ">5 wrong codes not locked out",
            f"from {source}: after 5 wrong /facilitator codes, the right "
            f"moscow code -> {other_holder}{' and a cookie' if cookie2 else ''}",
        )
    res.figures.append(f"lockout: 5 wrong codes -> {statuses}, then the right one -> {after_right}")


async def _flood(t: Target, sources: list[str], per_source: int) -> list[int]:
    sem = asyncio.Semaphore(50)

    async def one(src: str, i: int) -> int:
        async with sem:
            return (await post(t, "/team/moscow", f"{WRONG}{i}", src))[0]

    return await asyncio.gather(*(one(s, i) for s in sources for i in range(per_source)))


async def flood(t: Target, res: Result) -> None:
    """200 wrong POSTs at once from one address, then 200 from 40: refusals logged stay within
    the throttle (5 per address before its lockout, 30 a minute in all)."""
    start, before = time.monotonic(), count_kind(t.session, "JoinRefused")
    waves = [
        ("one address", ["127.0.0.3"], 200),
        ("40 addresses", [f"127.0.1.{i}" for i in range(1, 41)], 5),
    ]
    allowed_addr = 0
    for label, sources, n in waves:
        statuses = await _flood(t, sources, n)
        res.tried += len(statuses)
        through = sum(1 for s in statuses if s == 403)
        allowed_addr += len(sources) * min(5, n)
        if through > len(sources) * 4:  # the 5th wrong code already answers 429
            res.fail(
                ">5 wrong codes not locked out",
                f"flood from {label}: {len(statuses)} concurrent wrong POSTs "
                f"/team/moscow -> {through} answered 403 (wrong code, not locked), "
                f"{statuses.count(429)} answered 429; the throttle allows {len(sources) * 4} "
                "before the lockout",
            )
        res.figures.append(
            f"flood from {label}: {len(statuses)} wrong POSTs -> {through} x 403, "
            f"{statuses.count(429)} x 429, others {len(statuses) - through - statuses.count(429)}"
        )
    logged = count_kind(t.session, "JoinRefused") - before
    minutes = 1 + int((time.monotonic() - start) // 60)
    allowed = min(30 * minutes, allowed_addr)
    res.figures.append(
        f"JoinRefused written: {logged} (throttle allows {allowed}: 5 per address, 30 a minute)"
    )
    if logged > allowed:
        res.fail(
            "JoinRefused over throttle",
            f"{logged - allowed} over: 400 wrong POSTs to /team/moscow of "
            f"`{t.command}` wrote {logged} JoinRefused events; allowed {allowed}",
        )


async def controls(t: Target, res: Result, moscow: dict[str, str]) -> None:
    """The right code and its cookie do open a console: the refusals above are not a dead server."""
    before = {pid for pid, _ in t.consoles()}
    started: list[str] = []
    with contextlib.suppress(aiohttp.ClientError):
        async with (
            _client() as s,
            s.ws_connect(t.base + "/ws/team/moscow", headers=_cookie(moscow)) as ws,
        ):
            end = time.monotonic() + 20
            while time.monotonic() < end and not started:
                await asyncio.sleep(0.1)
                started = [c for p, c in t.consoles() if p not in before]
            await ws.close()
    if not moscow or not started:
        res.fail(
            "control refused",
            f"the right moscow code and cookie did not open a console on `{t.command}` "
            f"(cookie {bool(moscow)}, processes started {started})",
        )


async def _attacks(t: Target, res: Result) -> None:
    moscow = await login(t, "moscow")
    if not moscow:
        res.fail("control refused", f"the right moscow code was refused by `{t.command}`")
        return
    await no_cookie(t, res)
    await foreign_origin(t, res, moscow)
    await wrong_host(t, res, moscow)
    await cross_role(t, res, moscow)
    await forged(t, res, moscow)
    await lockout(t, res)
    await flood(t, res)
    await controls(t, res, moscow)


def served(ctx: Ctx) -> Result:
    res = Result("served consoles")
    res.columns(
        "no-cookie ws accepted",
        "child started without admission",
        "foreign Origin accepted",
        "wrong Host accepted",
        "moscow cookie opens another",
        "forged/expired cookie accepted",
        ">5 wrong codes not locked out",
        "JoinRefused over throttle",
        "control refused",
    )
    t = Target(ctx)
    try:
        if t.proc.poll() is not None:
            res.fail("control refused", f"`{t.command}` exited: {Path(t.err).read_text()[-400:]!r}")
            return res
        asyncio.run(_attacks(t, res))
    finally:
        t.stop()
    return res
