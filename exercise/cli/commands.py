"""Sub-command registry. Each module adds its parsers through `REGISTRY`."""

from __future__ import annotations

from collections.abc import Callable


class UserError(Exception):
    """A mistake in the user's input: reported on one line, exit code 2."""


REGISTRY: dict[str, Callable] = {}  # sub-command name -> the function that adds its parser


def command(fn: Callable) -> Callable:
    """Register `register_NAME(sub)`, which adds the sub-command NAME."""
    REGISTRY[fn.__name__.removeprefix("register_")] = fn
    return fn


# Import the sub-command modules so they register (order = help order).
from exercise.cli import (  # noqa: E402,F401
    author_cmds,
    cohort_cmds,
    console_cmds,
    content_cmds,
    coverage_cmds,
    export_cmds,
    file_cmds,
    msel_cmds,
    print_cmds,
    review_cmds,
    session_cmds,
    whatif_cmds,
)
