"""Shared argument handling: scenarios from the content root, session files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.cli.commands import UserError

if TYPE_CHECKING:
    from exercise.engine.state import State


def find_scenario(root: str, scenario: str) -> tuple[str, str]:
    """(content root, scenario id) for a SCENARIO argument: an id or a scenario file's path."""
    path = Path(scenario)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise UserError(f"{scenario}: no such scenario file")
        root, scenario = str(path.resolve().parent.parent), path.stem
    if not Path(root).is_dir():
        raise UserError(f"--root {root}: not a folder")
    return root, scenario


def known_scenario(root: str, scenario: str) -> tuple[str, str]:
    """find_scenario, and the root has that id; the rest of the content is not checked here."""
    from exercise.content.files import peek

    root, scenario = find_scenario(root, scenario)
    ids = sorted(str(d.data.get("id")) for d in peek(root, "scenarios"))
    if scenario not in ids:
        raise UserError(f"no scenario '{scenario}' (scenarios: {', '.join(ids) or 'none'})")
    return root, scenario


@contextmanager
def content_loading() -> Iterator[None]:
    """Content that does not validate, or a scenario that is not there, as one line."""
    from exercise.content.library import ContentProblems

    try:
        yield
    except ContentProblems as exc:
        n = len(exc.problems)
        raise UserError(
            f"the content has {n} problem{'s' if n != 1 else ''} (run 'ttx validate'); "
            f"first: {exc.problems[0]}"
        ) from None
    except KeyError as exc:
        raise UserError(exc.args[0]) from None


def load_world(root: str, scenario: str) -> dict:
    from exercise.content.library import scenario_world

    root, scenario = find_scenario(root, scenario)
    with content_loading():
        return scenario_world(root, scenario)


def open_session(path: str, clock=None):
    from exercise.session import NotASession, Session

    if not Path(path).exists():
        raise UserError(f"{path}: no such session file")
    try:
        return Session.open(path, clock) if clock else Session.open(path)
    except NotASession as exc:
        raise UserError(str(exc)) from None


def check_session(path: str) -> State:
    """Refuse a missing, foreign or damaged file before a console opens: the log is replayed once,
    read-only, so damage anywhere in it is reported here in one line, not inside the console.
    The state it reached: a console may start from it."""
    from exercise.session import NotASession, Session

    if not Path(path).exists():
        raise UserError(f"{path}: no such session file")
    try:
        with Session.open(path, readonly=True) as session:
            return session.state
    except NotASession as exc:
        raise UserError(str(exc)) from None


def new_session_path(path: str | None, default: str) -> Path:
    target = Path(path or default)
    if target.exists():
        raise UserError(f"{target}: already exists; choose another --session file")
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such folder")
    return target
