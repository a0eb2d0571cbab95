"""`ttx serve`: the consoles in a browser, one console process per connection (textual-serve).

Routes: `/` an index of links, `/facilitator`, `/screen` (the projector view, behind the
facilitator's code: it goes on a wall), `/observer` (the observer seat, behind its own code),
`/team/<role>` for the session's roles; any other path is a 404. A console page without a
valid cookie is a sign-in form for its code (see web_auth); only a websocket carrying the
cookie starts a console process, and a team console or the observer seat started so signs in
with the code and name it is handed in its environment (never on its command line, which `ps`
shows to every user). Every request must name this server in Host; the form and the
websocket must come from its own pages (Origin). Console processes are capped per console and
in total. From the first console admitted on, a warm process that has already imported the
consoles forks each new one (warm.py; the per-connection command is its launcher, launch.py,
which starts the console cold whenever the warm process cannot).
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from exercise.session.codes import FACILITATOR, OBSERVER
from exercise.session.observations import author_name
from exercise.tui.internals.serve import ConsoleProcess, console_environment, relay_browser
from exercise.tui.launch import ARGV
from exercise.tui.warm import WarmStarter
from exercise.tui.web_auth import (
    COOKIE_SECONDS,
    JOIN_CLIENT,
    JOIN_CODE,
    JOIN_NAME,
    LOOPBACK,
    Door,
    Origins,
    Throttle,
    client_key,
)
from exercise.tui.web_pages import CSP, index_page, login_page, notice_page

SCREEN = "@screen"  # the projector view's console: no role id can be spelt so

__all__ = ["LOOPBACK", "ConsoleServer", "display_url"]

log = logging.getLogger("textual-serve")


def display_url(host: str, port: int) -> str:
    """A URL a browser on this machine can open: a wildcard address is shown as loopback."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"  # an IPv6 literal in a URL
    return f"http://{shown}:{port}"


class Consoles:
    """How many console processes run, per console (holder) and in total."""

    def __init__(self, total: int, per_console: int):
        self.total, self.per_console = total, per_console
        self.running: dict[str, int] = {}

    def refusal(self, holder: str, name: str) -> str:
        if self.running.get(holder, 0) >= self.per_console:
            return (
                f"{self.per_console} {name} consoles are already open, the most this server "
                "starts for one console. Close one of them, then try again."
            )
        if sum(self.running.values()) >= self.total:
            return (
                f"{self.total} consoles are already open, the most this server starts "
                "(ttx serve --max-consoles). Close one, then try again."
            )
        return ""

    @contextmanager
    def slot(self, holder: str) -> Iterator[None]:
        # Checked and taken without an await in between: the event loop runs one handler at a time.
        self.running[holder] = self.running.get(holder, 0) + 1
        try:
            yield
        finally:
            self.running[holder] -= 1


class ConsoleServer(Server):
    def __init__(
        self,
        session: Path,
        roles: list[tuple[str, str]],
        title: str,
        *,
        door: Door,
        host: str,
        port: int,
        public_url: str | None = None,
        max_consoles: int = 40,
        max_per_console: int = 3,
        clock=time.time,
        theme: str | None = None,
    ):
        self.session = session.resolve()
        self.theme = theme  # passed to every console as --theme
        self.roles = dict(roles)
        self.door = door
        self.origins = Origins(host, port, public_url)
        self.throttle = Throttle()
        self.consoles = Consoles(max_consoles, max_per_console)
        self.clock = clock
        self._fixed_public = public_url is not None
        self.warm: WarmStarter | None = None
        super().__init__(
            self._command(),
            host=host,
            port=port,
            title=title,
            public_url=(public_url or display_url(host, port)).rstrip("/"),
        )

    def _argv(self, role: str | None = None) -> list[str]:
        """`ttx`'s arguments for the facilitator's console, the room's screen, or a team's."""
        theme = ["--theme", self.theme] if self.theme else []
        if role is None:
            return ["play", "--resume", str(self.session), *theme]
        if role == SCREEN:
            return ["screen", str(self.session), *theme]
        if role == OBSERVER:
            return ["observe", str(self.session), *theme]
        return ["team", str(self.session), "--role", role, *theme]

    def _command(self, role: str | None = None) -> str:
        return shlex.join([sys.executable, "-m", "exercise", *self._argv(role)])

    def _launch(self, role: str | None) -> tuple[str, dict[str, str]]:
        """The command starting one console, and what it needs in its environment: through the
        warm process when there is one (its launcher falls back to a cold start by itself)."""
        if self.warm is None:
            # Started with the first console this server admits: a server nobody signs in to,
            # or one that only refuses, starts no process at all.
            titles = [
                [sys.executable, "-m", "exercise", *self._argv(r)]
                for r in [None, SCREEN, OBSERVER, *self.roles]
            ]
            env = console_environment(self.debug, (JOIN_CODE, JOIN_CLIENT, JOIN_NAME, ARGV))
            self.warm = WarmStarter(env, titles)
            try:
                self.warm.start()
            except OSError as exc:
                log.warning("warm start off: %s", exc)
        launch = self.warm.command(self._argv(role), role or FACILITATOR)
        return launch if launch is not None else (self._command(role), {})

    def serve(self, debug: bool = False) -> None:
        """Run until SIGINT or SIGTERM, as textual-serve's serve does, with this server's routes
        (textual-serve builds its own in a private method)."""
        self.debug = debug
        self.initialize_logging()
        web.run_app(self.make_app(), host=self.host, port=self.port, print=None)

    async def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=16 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_links, name="index"),
                web.get("/facilitator", self.handle_console, name="facilitator"),
                web.post("/facilitator", self.handle_login),
                web.get("/screen", self.handle_console, name="screen"),
                web.post("/screen", self.handle_login),
                web.get("/observer", self.handle_console, name="observer"),
                web.post("/observer", self.handle_login),
                web.get("/team/{role}", self.handle_console, name="team"),
                web.post("/team/{role}", self.handle_login),
                web.get("/ws/facilitator", self.handle_console_socket, name="ws-facilitator"),
                web.get("/ws/screen", self.handle_console_socket, name="ws-screen"),
                web.get("/ws/observer", self.handle_console_socket, name="ws-observer"),
                web.get("/ws/team/{role}", self.handle_console_socket, name="ws-team"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_response_prepare.append(_safety_headers)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        if not self.origins.host_ok(request.headers.get("Host")):
            raise web.HTTPForbidden(text="this server does not answer to that Host name")
        acts = request.method == "POST" or request.path.startswith("/ws/")
        if acts and not self.origins.origin_ok(request.headers.get("Origin")):
            raise web.HTTPForbidden(
                text="consoles open only from this server's own pages (Origin refused)"
            )
        return await handler(request)

    async def on_startup(self, app: web.Application) -> None:
        pass  # run_serve prints the addresses; textual-serve's banner would name the wrong one

    async def on_shutdown(self, app: web.Application) -> None:
        await super().on_shutdown(app)
        if self.warm is not None:
            await asyncio.to_thread(self.warm.stop)

    # -- pages ----------------------------------------------------------------------------------
    def _holder(self, request: web.Request) -> str:
        """Whose console the request is for: the facilitator's, the room's screen, the
        observer's, a team's."""
        role = request.match_info.get("role")
        if request.path in ("/observer", "/ws/observer"):
            if not self.door.knows(OBSERVER):
                raise web.HTTPNotFound(
                    text="this session has no observer seat (ttx codes FILE says why)"
                )
            return OBSERVER
        if role is None:
            return SCREEN if request.path in ("/screen", "/ws/screen") else FACILITATOR
        if role not in self.roles:
            raise web.HTTPNotFound(text=f"no team '{role}' in this session")
        return role

    def _name(self, holder: str) -> str:
        return {FACILITATOR: "Facilitator", SCREEN: "The room's screen", OBSERVER: "Observer"}.get(
            holder, self.roles.get(holder, holder)
        )

    @staticmethod
    def _key(holder: str) -> str:
        """The code a console opens with: the screen goes on a wall, so it takes the
        facilitator's."""
        return FACILITATOR if holder == SCREEN else holder

    def _html(self, page: str, status: int = 200, **headers: str) -> web.Response:
        return web.Response(
            text=page,
            status=status,
            content_type="text/html",
            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store", **headers},
        )

    async def handle_links(self, request: web.Request) -> web.Response:
        return self._html(index_page(self.title, self.roles, observer=self.door.knows(OBSERVER)))

    async def handle_console(self, request: web.Request) -> web.StreamResponse:
        holder = self._holder(request)
        if self.door.admits(self._key(holder), request.cookies, self.clock()) is None:
            return self._login(request, holder)
        refusal = self.consoles.refusal(holder, self._name(holder))
        if refusal:
            return self._html(
                notice_page(self.title, "No console started", refusal, request.path), 503
            )
        context = self._page_context(request, holder)
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _login(
        self,
        request: web.Request,
        holder: str,
        error: str = "",
        status: int = 200,
        name: str = "",
        **headers: str,
    ) -> web.Response:
        page = login_page(
            self.title,
            self._name(holder),
            request.path,
            team=self._key(holder) not in (FACILITATOR, OBSERVER),
            observer=holder == OBSERVER,
            error=error,
            name=name,
        )
        return self._html(page, status, **headers)

    def _page_context(self, request: web.Request, holder: str) -> dict[str, Any]:
        router = request.app.router
        if holder == FACILITATOR:
            ws_path = router["ws-facilitator"].url_for()
        elif holder == SCREEN:
            ws_path = router["ws-screen"].url_for()
        elif holder == OBSERVER:
            ws_path = router["ws-observer"].url_for()
        else:
            ws_path = router["ws-team"].url_for(role=holder)
        # Without --public-url the page talks back to the name it was loaded from (localhost or
        # 127.0.0.1, a LAN address), so its cookie goes along; the Host check has vouched for it.
        base = self.public_url if self._fixed_public else f"http://{request.host}"
        ws_base = "wss:" if base.startswith("https") else "ws:"
        return {
            # The screen is read from the back of the room: large type unless the page asks.
            "font_size": to_int(request.query.get("fontsize", ""), 26 if holder == SCREEN else 16),
            "app_websocket_url": ws_base + f"{base}{ws_path}".split(":", 1)[1],
            "config": {
                "static": {
                    "url": f"{base}{router['static'].url_for(filename='/')}".rstrip("/") + "/"
                }
            },
            "application": {"name": f"{self.title} — {self._name(holder)}"},
        }

    # -- signing in -----------------------------------------------------------------------------
    async def handle_login(self, request: web.Request) -> web.Response:
        holder = self._holder(request)
        client = client_key(request.remote)
        left = self.throttle.locked_for(client)
        if left:
            return self._locked(request, holder, left)
        form = await request.post()
        code, name = str(form.get("code", "")), _printable(str(form.get("name", "")))[:40]
        if holder == OBSERVER:
            # The name signs every observation: asked for before the code is looked at, so
            # that what this page answers says nothing of whether the code was right.
            name, problem = author_name(name)
            if problem:
                return self._login(request, holder, problem, 400, name=name)
        if self.door.code_ok(self._key(holder), code):
            self.throttle.succeeded(client)
            cookie, value = self.door.cookie(self._key(holder), name, self.clock())
            response = web.HTTPSeeOther(request.path)
            response.set_cookie(
                cookie,
                value,
                max_age=COOKIE_SECONDS,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=self.public_url.startswith("https"),
            )
            return response
        locked = self.throttle.failed(client)
        await self._record_refusal(holder, request.remote)
        if locked:
            return self._locked(request, holder, locked)
        return self._login(
            request,
            holder,
            "That code is not right for this console (the attempt is logged).",
            403,
            name=name,
        )

    def _locked(self, request: web.Request, holder: str, seconds: float) -> web.Response:
        wait = max(1, round(seconds))
        message = (
            f"Too many wrong codes from your address. Wait {wait} seconds, then try again "
            "(ask the facilitator for the code if you are not sure of it)."
        )
        return self._login(request, holder, message, 429, **{"Retry-After": str(wait)})

    async def _record_refusal(self, holder: str, remote: str | None) -> None:
        """A wrong team code is a JoinRefused event, as in a terminal; a flood is not all
        written. A seat's (the facilitator's, the observer's) goes to the server's log."""
        if self._key(holder) in (FACILITATOR, OBSERVER):
            log.warning(
                "wrong %s code from %s (for %s)", self._key(holder), remote, self._name(holder)
            )
            return
        if not self.throttle.may_log():
            log.warning(
                "wrong %s code from %s (not logged: too many refusals this minute)", holder, remote
            )
            return
        try:
            await asyncio.to_thread(
                _log_refusal, self.session, holder, f"browser {remote or 'unknown'}"
            )
        except Exception as exc:  # the refusal stands even if the log is busy or read-only
            log.warning("could not log a refused code for %s: %s", holder, exc)

    # -- consoles -------------------------------------------------------------------------------
    async def handle_console_socket(self, request: web.Request) -> web.WebSocketResponse:
        holder = self._holder(request)
        login = self.door.admits(self._key(holder), request.cookies, self.clock())
        if login is None:
            raise web.HTTPForbidden(text="sign in first: open the console page and type its code")
        refusal = self.consoles.refusal(holder, self._name(holder))
        if refusal:
            raise web.HTTPServiceUnavailable(text=refusal)
        env = {}
        if self._key(holder) != FACILITATOR:
            env = {
                JOIN_CODE: self.door.codes[holder],
                JOIN_CLIENT: f"browser {request.remote or 'unknown'}",
                JOIN_NAME: login.name,
            }
        command, launch_env = self._launch(None if holder == FACILITATOR else holder)
        with self.consoles.slot(holder):
            return await self._run_console(request, command, {**env, **launch_env})

    async def _run_console(
        self, request: web.Request, command: str, env: dict[str, str]
    ) -> web.WebSocketResponse:
        # textual-serve's handle_websocket, with this connection's command and environment.
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        console: ConsoleProcess | None = None
        try:
            await websocket.prepare(request)
            # Never pass on a login this server was itself started with.
            console = ConsoleProcess(
                command,
                set_env=env,
                unset_env=(JOIN_CODE, JOIN_CLIENT, JOIN_NAME, ARGV),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await console.start(width, height)
            await relay_browser(self, websocket, console)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if console is not None:
                await console.stop()
        return websocket


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable()).strip()


def _log_refusal(session: Path, role: str, client: str) -> None:
    from exercise.engine import commands as cmd
    from exercise.session import Session

    with Session.open(session) as s:
        s.execute(cmd.JoinTeam(role, "", client=client))  # '' is no code: the engine refuses it


async def _safety_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
