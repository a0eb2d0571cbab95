"""textual-serve's private names that `ttx serve` needs (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server


class ConsoleProcess(AppService):
    """textual-serve's runner of one console process, with variables set in (or taken out of)
    the child's environment: a served team console is handed its login there, never on its
    command line, which `ps` shows to every user."""

    def __init__(
        self,
        command: str,
        *,
        set_env: Mapping[str, str],
        unset_env: Iterable[str] = (),
        **kwargs: Any,
    ):
        super().__init__(command, **kwargs)
        self.set_env = dict(set_env)
        self.unset_env = tuple(unset_env)

    # Private: textual-serve has no hook for the child's environment; this is where it builds it.
    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width=width, height=height)
        for name in self.unset_env:
            env.pop(name, None)
        env.update(self.set_env)
        return env


async def relay_browser(
    server: Server, websocket: web.WebSocketResponse, console: AppService
) -> None:
    """Pass the browser's keys, resizes, pings and focus changes to the console process until the
    websocket closes."""
    # Private: the loop textual-serve's own handle_websocket runs. It speaks the protocol of the
    # browser client shipped in the same package, so it is used rather than copied.
    await server._process_messages(websocket, console)


def console_environment(debug: bool, unset_env: Iterable[str]) -> dict[str, str]:
    """The environment textual-serve gives a console process (at 80x24), without `unset_env`:
    what the warm process imports Textual under, since Textual reads some of it at import."""

    async def nothing(*args: Any) -> None:
        return None

    probe = ConsoleProcess(
        "",
        set_env={},
        unset_env=unset_env,
        write_bytes=nothing,
        write_str=nothing,
        close=nothing,
        download_manager=None,  # never used: nothing is started
        debug=debug,
    )
    return probe._build_environment()
