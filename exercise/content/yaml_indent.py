"""A line out of line: which list item or key above it a badly indented line was meant to match.

A parser that meets a line at an unexpected column says only that it expected a key or the end
of a block. The author needs the column the line should start at, and the line that shows it:
the list item, or the key, above it that it was meant to line up with.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_ITEM = re.compile(r"-(?: +|$)")
_KEY = re.compile(r"""("[^"]*"|'[^']*'|[^\s:#'"\[\]{},][^:#]*?) *:(?: |$)""")


class _Part(NamedTuple):
    line: int  # 0-based
    col: int
    kind: str  # "item", "key" or "text"
    name: str  # a key's name


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _parts(n: int, text: str) -> list[_Part]:
    """A line as the columns it opens: '  - id: x' is a list item at 2 and the key 'id' at 4."""
    col = _indent(text)
    rest = text[col:]
    out: list[_Part] = []
    while rest:
        item = _ITEM.match(rest)
        if item is None:
            key = _KEY.match(rest)
            if key is not None:
                out.append(_Part(n, col, "key", key.group(1).strip("'\"")))
            else:
                out.append(_Part(n, col, "text", ""))
            break
        out.append(_Part(n, col, "item", ""))
        col += item.end()
        rest = rest[item.end() :]
    return out


def _open_above(lines: list[str], inside: set[int], line: int) -> list[_Part]:
    """The lines above `line` still open there, nearest first: each less indented than the last.

    Lines inside a value begun earlier (a block of text, a long string) are not structure.
    """
    out: list[_Part] = []
    limit: int | None = None
    for n in range(line - 1, -1, -1):
        text = lines[n]
        stripped = text.strip()
        if n in inside or not stripped or stripped.startswith("#"):
            continue
        depth = _indent(text)
        if limit is not None and depth >= limit:
            continue
        out.extend(reversed(_parts(n, text)))
        limit = depth
        if depth == 0:
            break
    return out


def _nearest(parts: list[_Part], col: int) -> _Part:
    # The closest column wins; between two as close, the nearer line (parts are nearest first).
    return min(enumerate(parts), key=lambda p: (abs(p[1].col - col), p[0]))[1]


def out_of_line(
    lines: list[str], inside: set[int], line: int, col: int
) -> tuple[int, int, str] | None:
    """Line, column and words for a list item or key at `line` that fits no column above it."""
    text = lines[line] if 0 <= line < len(lines) else ""
    if col != _indent(text) or not text.strip():
        return None  # the parser stopped inside the line: not a matter of indentation
    here = _parts(line, text)[0]
    if here.kind != "item" and text[col:].startswith("-") and text[col + 1 : col + 2].strip():
        return (
            line,
            col,
            f"a list item needs a space after its '-': write '- {text[col + 1 :].strip()[:30]}'",
        )
    above = _open_above(lines, inside, line)
    same = [p for p in above if p.kind == here.kind]
    at_col = [p for p in above if p.col == col]
    if here.kind == "item" and same and not any(p.col == col for p in same):
        other = _nearest(same, col)
        return (
            line,
            col,
            f"this list item starts at column {col + 1}, but the list item on line "
            f"{other.line + 1} starts at column {other.col + 1}: the items of one list start "
            "at the same column",
        )
    if here.kind == "key" and same and not any(p.col == col for p in same):
        other = _nearest(same, col)
        return (
            line,
            col,
            f"the key '{here.name}' starts at column {col + 1}, but the key '{other.name}' on "
            f"line {other.line + 1} starts at column {other.col + 1}: the keys of one mapping "
            "start at the same column",
        )
    if at_col and at_col[0].kind != here.kind:
        return _mixed(here, at_col[0])
    if not at_col and above:
        return _between(here, above)
    return None


def _between(here: _Part, above: list[_Part]) -> tuple[int, int, str]:
    col = here.col
    outer = max((p for p in above if p.col < col), key=lambda p: p.col, default=None)
    inner = min((p for p in above if p.col > col), key=lambda p: p.col, default=None)
    if outer is not None and inner is not None:
        where = (
            f"between line {outer.line + 1} (column {outer.col + 1}) and line "
            f"{inner.line + 1} (column {inner.col + 1}), so it belongs to neither"
        )
    else:
        other = outer or inner
        assert other is not None  # `above` is not empty
        where = (
            f"and lines up with nothing above it (line {other.line + 1} starts at column "
            f"{other.col + 1})"
        )
    return (
        here.line,
        col,
        f"this line starts at column {col + 1}, {where}: line it up with the block it belongs to",
    )


def _mixed(here: _Part, other: _Part) -> tuple[int, int, str]:
    col, where = here.col + 1, f"line {other.line + 1}"
    if here.kind == "item" and other.kind == "key":
        message = (
            f"a list item at the column of the key '{other.name}' ({where}): one block cannot "
            "hold both keys and list items; put the list under the key it belongs to"
        )
    elif here.kind == "key" and other.kind == "item":
        message = (
            f"the key '{here.name}' starts at column {col}, the column of the list item on "
            f"{where}: start it with '- ' to make it a new item, or indent it to the column "
            "of that item's keys"
        )
    else:
        message = (
            f"this line starts at column {col}, the column of {where}, but cannot continue "
            "what is written there: check its indentation and the line above"
        )
    return here.line, here.col, message
