"""`ttx`: the command line. Each sub-command is a thin call into content, session or review."""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from exercise.cli import commands


class _Parser(argparse.ArgumentParser):
    def error(
        self, message: str
    ) -> NoReturn:  # one line, exit 2: bad arguments are the user's mistake
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line, or only the sub-command `argv` names (a console starts sooner)."""
    p = _Parser(prog="ttx", description="exercise: a tabletop wargame engine for policy training")
    p.add_argument("--version", action="version", version="ttx 0.1.0")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    named = argv[0] if argv and argv[0] in commands.REGISTRY else None
    for name, register in commands.REGISTRY.items():
        if named in (None, name):
            register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = parser(argv)
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except commands.UserError as exc:
        sys.stderr.write(f"ttx: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (
        Exception
    ) as exc:  # a damaged file, a full disk: one line naming the file, never a traceback
        message = _file_error(args, exc)
        if message is None:
            if os.environ.get("TTX_DEBUG"):
                raise
            # Something in a file we read that nothing above foresaw (a hand-edited log, say):
            # still one line, naming what was being read; TTX_DEBUG=1 shows the traceback.
            message = (
                f"{_named(args, 'ttx')}: {type(exc).__name__}: {str(exc)[:300]} "
                "(TTX_DEBUG=1 shows where)"
            )
        sys.stderr.write(f"ttx: error: {message}\n")
        return 2


def _file_error(args: argparse.Namespace, exc: Exception) -> str | None:
    import sqlite3

    from exercise.store.log import SessionFileError, describe_error

    if isinstance(exc, SessionFileError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        return describe_error(_named(args, "session file"), exc)
    if isinstance(exc, OSError):
        return describe_error(exc.filename or _named(args, "file"), exc)
    return None


def _named(args: argparse.Namespace, otherwise: str) -> str:
    """The session file the command was given, for naming it in an error."""
    return getattr(args, "file", None) or getattr(args, "resume", None) or otherwise
