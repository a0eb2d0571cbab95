"""One parse of each stylesheet source per process, not one per reparse.

Textual keeps parsed rules in a cache of each Stylesheet, but `Stylesheet.reparse` parses into a
fresh Stylesheet, so every screen that brings its own CSS (and every theme applied) parses every
source of the app again: a team console joining parsed its CSS about twenty times, a fifth of
the CPU its join took, and a room joining at once is 30 consoles doing it on two cores.

`share_parses()` makes `Stylesheet._parse_rules` (private) look its result up in one cache for
the process, keyed by everything the parse reads: the source, where it was read from, its
flags, its scope and the CSS variables (the theme). A source that fails to parse raises as
before, every time: a raised error is not kept, and rules kept with their errors fail
`Stylesheet.parse` again. tests/tui/test_internals.py checks the shape.
"""

from __future__ import annotations

from typing import Any

from textual.css.stylesheet import Stylesheet

_PARSED: dict[tuple, list[Any]] = {}
LIMIT = 4096  # sources x themes in one process; a theme switch adds one set
_original = Stylesheet._parse_rules


def _variables_key(sheet: Stylesheet) -> tuple:
    variables = sheet._variables
    kept = sheet.__dict__.get("_ttx_variables")
    if kept is not None and kept[0] is variables:
        return kept[1]
    key = tuple(sorted(variables.items()))
    sheet.__dict__["_ttx_variables"] = (variables, key)
    return key


def _parse_rules(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[Any]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _original(self, css, read_from, is_default_rules, tie_breaker, scope)
        if len(_PARSED) >= LIMIT:
            _PARSED.clear()
        _PARSED[key] = rules
    return rules


def share_parses() -> None:
    """Idempotent: installs the process-wide cache."""
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]
