"""`ttx serve`: the consoles in a browser, one console process per connection (textual-serve).

Routes: `/` an index of links, `/facilitator`, `/team/<role>` for the session's roles; any
other path is a 404. Each page opens a websocket that starts its own console process, which
asks for the team's join code like a terminal console would.
"""

from __future__ import annotations

import html
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ConsoleServer(Server):
    def __init__(self, session: Path, roles: list[tuple[str, str]], title: str, *, host: str, port: int,
                 public_url: str | None = None):
        self.session = session.resolve()
        self.roles = dict(roles)
        super().__init__(self._command(), host=host, port=port, title=title, public_url=public_url)

    def _command(self, role: str | None = None) -> str:
        base = [sys.executable, "-m", "exercise"]
        if role is None:
            args = base + ["play", "--resume", str(self.session)]
        else:
            args = base + ["team", str(self.session), "--role", role]
        return shlex.join(args)

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=__import__("jinja2").FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_links, name="index"),
            web.get("/facilitator", self.handle_console, name="facilitator"),
            web.get("/team/{role}", self.handle_console, name="team"),
            web.get("/ws/facilitator", self.handle_console_socket, name="ws-facilitator"),
            web.get("/ws/team/{role}", self.handle_console_socket, name="ws-team"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _role(self, request: web.Request) -> str | None:
        role = request.match_info.get("role")
        if role is not None and role not in self.roles:
            raise web.HTTPNotFound(text=f"no team '{role}' in this session")
        return role

    async def handle_links(self, request: web.Request) -> web.Response:
        items = ['<li><a href="/facilitator">Facilitator console</a></li>'] + [
            f'<li><a href="/team/{html.escape(r)}">{html.escape(name)}</a></li>' for r, name in self.roles.items()
        ]
        page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(self.title)}</title>"
                "<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;line-height:1.5}</style>"
                f"</head><body><h1>{html.escape(self.title)}</h1><p>Open one console per team; each asks for "
                f"its join code (<code>ttx codes FILE</code>).</p><ul>{''.join(items)}</ul></body></html>")
        return web.Response(text=page, content_type="text/html")

    async def handle_console(self, request: web.Request) -> web.Response:
        role = self._role(request)
        context = self._page_context(request, role)
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def _page_context(self, request: web.Request, role: str | None) -> dict[str, Any]:
        router = request.app.router
        ws_path = router["ws-team"].url_for(role=role) if role else router["ws-facilitator"].url_for()
        ws_base = "wss:" if self.public_url.startswith("https") else "ws:"
        name = self.roles.get(role, "Facilitator") if role else "Facilitator"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_base + f"{self.public_url}{ws_path}".split(":", 1)[1],
            "config": {"static": {"url": f"{self.public_url}{router['static'].url_for(filename='/')}".rstrip("/") + "/"}},
            "application": {"name": f"{self.title} — {name}"},
        }

    async def handle_console_socket(self, request: web.Request) -> web.WebSocketResponse:
        role = self._role(request)
        # One console process per connection; textual-serve's handler runs `self.command`.
        server = _OneCommand(self, self._command(role))
        return await Server.handle_websocket(server, request)


class _OneCommand:
    """The attributes textual-serve's websocket handler reads, with this connection's command."""

    def __init__(self, server: ConsoleServer, command: str):
        self._server = server
        self.command = command

    def __getattr__(self, name: str):
        return getattr(self._server, name)
