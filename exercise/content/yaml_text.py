"""The text around a YAML error, as the rules in yaml_rules read it: lines, marks, tokens."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
STRUCTURE = re.compile(r"[ ]*(?:-(?:[ \t]|$)|[A-Za-z_][\w-]*:(?:[ \t]|$))")
KEY_COLON = re.compile(r":(?:[ \t]|$)")
KEY_START = re.compile(r"(?:- +)?[A-Za-z_][\w-]*:(?: |$)")
CLOSERS = {"[": "]", "{": "}"}


class Found(NamedTuple):
    line: int  # 0-based, as in a parser's mark
    col: int
    message: str


class Ctx(NamedTuple):
    lines: list[str]
    exc: Any  # a yaml.MarkedYAMLError, from either parser
    tokens: list[Any]
    problem: str
    context: str

    def line(self, n: int) -> str:
        return self.lines[n] if 0 <= n < len(self.lines) else ""

    def char(self, mark: Any) -> str:
        text = self.line(mark.line)
        return text[mark.column] if 0 <= mark.column < len(text) else ""


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def first_word(text: str) -> str:
    found = re.match(r"[^\s:\[\]{},]+", text.strip().removeprefix("- ").strip())
    return found.group() if found else text.strip()[:20]


def clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def previous_content_line(ctx: Ctx, line: int) -> int | None:
    for n in range(line - 1, -1, -1):
        stripped = ctx.line(n).strip()
        if stripped and not stripped.startswith("#"):
            return n
    return None


def last_line(token: Any) -> int:
    # A block of text ends at the start of the line after it.
    end = token.end_mark
    return end.line if end.column > 0 else end.line - 1


def before(a: Any, b: Any) -> bool:
    return (a.line, a.column) <= (b.line, b.column)
