"""YAML syntax errors in plain words, at the place the author has to change.

The parsers report where they gave up, in their own terms: a double quote left open on line 5
is "did not find expected key" on line 20, where the next quote happened to close it. Here the
error is read against the text and the tokens scanned before it, to name the mistake an author
makes (a quote never closed, a tab, a missing ':' or space, a list item or key out of line, a
': ' inside a value, a '[' never closed) where it was made.

The same words on both parsers: libyaml and PyYAML's pure-Python parser fail at slightly
different places and in different words, so yamlio explains the pure-Python parser's error
even when libyaml found it (error path only, for files of content size). What no rule
recognises falls back on the parser's own words, its jargon translated.
"""

from __future__ import annotations

from typing import Any

import yaml

from exercise.content.yaml_rules import RULES
from exercise.content.yaml_text import BREAKS, Ctx, Found

# Content files are a few KB (the largest shipped is 24 KB); past this the pure-Python parser's
# second look at a file (seconds for a dense megabyte) is not worth it.
REPARSE_LIMIT = 256 * 1024
# The tokens before an error, as Python objects, cost about three seconds a dense megabyte.
SCAN_LIMIT = 1024 * 1024


def _tokens(text: str, loader: type, stop_line: int) -> list[Any]:
    """The tokens scanned before the error's line (the scanner stops at the first bad one)."""
    out: list[Any] = []
    scanner = loader(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.line > stop_line:
                break
            out.append(token)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return out


def explain(text: str, exc: yaml.MarkedYAMLError, scanner: type) -> Found:
    """Where and what the mistake behind a scanner, parser or composer error is, in plain words.

    `scanner` is the loader whose tokens the rules read (libyaml's where it is installed: the
    tokens before an error are the same on both parsers, and libyaml's come fast).
    """
    mark = exc.problem_mark or exc.context_mark
    stop = mark.line if mark is not None else 0
    tokens = _tokens(text, scanner, stop) if len(text) <= SCAN_LIMIT else []
    ctx = Ctx(BREAKS.split(text), exc, tokens, exc.problem or "", exc.context or "")
    for rule in RULES:
        found = rule(ctx)
        if found is not None:
            return found
    return _fallback(ctx)


_WORDS = {
    "'<scalar>'": "a value",
    "'<block mapping start>'": "a key",
    "'<block sequence start>'": "a list item",
    "'<block end>'": "the end of the block",
    "<block end>": "the end of the block",
    "'<stream end>'": "the end of the file",
    "'-'": "a list item",
    "'?'": "a key",
}


def _fallback(ctx: Ctx) -> Found:
    exc = ctx.exc
    mark = exc.problem_mark or exc.context_mark
    problem = ctx.problem or ctx.context or "malformed YAML"
    for jargon, plain in _WORDS.items():
        problem = problem.replace(jargon, plain)
    if ctx.context and ctx.problem:
        started = f" on line {exc.context_mark.line + 1}" if exc.context_mark else ""
        problem = f"{problem} ({ctx.context}{started})"
    line, col = (mark.line, mark.column) if mark is not None else (0, 0)
    return Found(line, col, f"this cannot be read as YAML: {problem}")
