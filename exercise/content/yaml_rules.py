"""The mistakes an author makes in YAML, each recognised from the text around a parser's error.

Each rule reads the error, the lines and the tokens scanned before it, and returns where the
mistake is and what to do, or None when the error is not its kind. They are tried in order,
most specific first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from exercise.content.yaml_indent import out_of_line
from exercise.content.yaml_text import (
    CLOSERS,
    KEY_COLON,
    KEY_START,
    STRUCTURE,
    Ctx,
    Found,
    before,
    clip,
    first_word,
    indent,
    last_line,
    previous_content_line,
)


def _unclosed_quote(ctx: Ctx) -> Found | None:
    exc = ctx.exc
    ran_out = "end of stream" in ctx.problem or "document" in ctx.problem
    if "quoted scalar" in ctx.context and exc.context_mark is not None and ran_out:
        quote = ctx.char(exc.context_mark) or '"'
        return Found(
            exc.context_mark.line,
            exc.context_mark.column,
            f"a quoted string opened here is never closed: the file ends before its closing "
            f"{quote}",
        )
    start = exc.context_mark
    if "simple key" in ctx.context and start is not None and ctx.char(start) in ('"', "'"):
        quote = ctx.char(start)
        if quote not in ctx.line(start.line)[start.column + 1 :]:
            return Found(
                start.line,
                start.column,
                f"a quoted string opened here is never closed: add the closing {quote}",
            )
    for token in ctx.tokens:
        if _swallows_structure(ctx, token):
            quote = token.style
            return Found(
                token.start_mark.line,
                token.start_mark.column,
                f"a quoted string opened here is never closed: add the closing {quote} "
                f"(without it, the string runs on to line {token.end_mark.line + 1})",
            )
    return None


def _swallows_structure(ctx: Ctx, token: Any) -> bool:
    """A quoted string over several lines that took in what looks like keys or list items, at
    no deeper indentation than the line it opened on: its closing quote is missing."""
    if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'"):
        return False
    first, last = token.start_mark.line, token.end_mark.line
    if last == first:
        return False
    depth = indent(ctx.line(first))
    for n in range(first + 1, last + 1):
        text = ctx.line(n)
        if STRUCTURE.match(text) and indent(text) <= depth:
            return True
    return False


def _tab(ctx: Ctx) -> Found | None:
    mark = ctx.exc.problem_mark
    if mark is None or "\t" not in ctx.line(mark.line):
        return None
    text = ctx.line(mark.line)
    lead = len(text) - len(text.lstrip(" \t"))
    if "\t" in text[:lead] and mark.column <= lead:
        return Found(
            mark.line,
            text.index("\t"),
            "a tab is used to indent this line; YAML indents with spaces only: replace the "
            "tab with spaces",
        )
    if ctx.char(mark) == "\t":
        return Found(
            mark.line,
            mark.column,
            "a tab here: use spaces (tabs are only safe inside quoted text and inside text "
            "blocks written with | or >)",
        )
    return None


def _alias_or_anchor(ctx: Ctx) -> Found | None:
    exc = ctx.exc
    if "undefined alias" in ctx.problem and exc.problem_mark is not None:
        mark = exc.problem_mark
    elif ("an alias" in ctx.context or "an anchor" in ctx.context) and exc.context_mark:
        mark = exc.context_mark
    else:
        return None
    text = ctx.line(mark.line)[mark.column :]
    sign = text[:1] or "*"
    word = re.match(r"[^\s,\[\]{}]*", text)
    written = word.group() if word else sign
    what = "an alias (a reference to an anchor written '&name')" if sign == "*" else "an anchor"
    return Found(
        mark.line,
        mark.column,
        f"'{clip(written)}' starts with '{sign}', which YAML reads as {what}: put the value "
        "in quotes",
    )


def _reserved(ctx: Ctx) -> Found | None:
    mark = ctx.exc.problem_mark
    if mark is None or "cannot start any token" not in ctx.problem:
        return None
    char = ctx.char(mark)
    if not char or char.isspace():
        return None
    why = " (YAML reserves it)" if char in "@`" else " here"
    return Found(
        mark.line, mark.column, f"a value cannot start with '{char}'{why}: put the value in quotes"
    )


def _stray(ctx: Ctx) -> Found | None:
    """A bracket or comma where a value should start, a '%' opening a line (a directive), a
    '!' (a tag), a ':' inside a value in brackets."""
    exc = ctx.exc
    if "directive" in ctx.context and exc.context_mark is not None:
        mark = exc.context_mark
        return Found(
            mark.line,
            mark.column,
            "a line starting with '%' is read as a YAML directive: remove it, or put the value "
            "in quotes",
        )
    if "a tag" in ctx.context and exc.context_mark is not None:
        mark = exc.context_mark
        return Found(
            mark.line,
            mark.column,
            "a value starting with '!' is read as a YAML tag: put the value in quotes",
        )
    mark = exc.problem_mark
    if mark is not None and "unexpected ':'" in ctx.problem:
        return Found(
            mark.line,
            mark.column,
            "a ':' inside a value in [ ] or { } must be in quotes: put the value in quotes",
        )
    char = ctx.char(mark) if mark is not None else ""
    if mark is None or "node content" not in ctx.problem or not char or char.isalnum():
        return None
    return Found(
        mark.line,
        mark.column,
        f"a stray '{char}' where a value should start: remove it, or put the value in quotes",
    )


def _escape(ctx: Ctx) -> Found | None:
    mark = ctx.exc.problem_mark
    if mark is None or "escape" not in ctx.problem:
        return None
    column = mark.column
    text = ctx.line(mark.line)
    if text[column : column + 1] != "\\" and text[column - 1 : column] == "\\":
        column -= 1  # one parser points at the backslash, the other at the letter after it
    written = text[column : column + 2]
    return Found(
        mark.line,
        column,
        f"'{written}' is not an escape YAML knows inside double quotes: write '\\\\' for a "
        "backslash, or use single quotes",
    )


def _block_header(ctx: Ctx) -> Found | None:
    mark = ctx.exc.context_mark
    if "block scalar" not in ctx.context or mark is None:
        return None
    sign = ctx.char(mark)
    return Found(
        mark.line,
        mark.column,
        f"text after '{sign}' on the same line: a block of text written with | or > starts "
        "on the next line, indented",
    )


def _second_document(ctx: Ctx) -> Found | None:
    mark = ctx.exc.problem_mark
    if "single document" not in ctx.context or mark is None:
        return None
    return Found(
        mark.line,
        mark.column,
        "a second document starts here ('---'): a content file holds one object, so remove "
        "this line, or move what follows into a file of its own",
    )


def _block_dedent(ctx: Ctx) -> Found | None:
    """A line of a block of text (`body: |`) less indented than the block's first line ends
    the block there; what follows is then read as keys."""
    exc = ctx.exc
    mark = exc.context_mark if "simple key" in ctx.context else exc.problem_mark
    if mark is None:
        return None
    blocks = [
        t
        for t in ctx.tokens
        if isinstance(t, yaml.ScalarToken)
        and t.style in ("|", ">")
        and t.end_mark.column == 0
        and t.end_mark.line == mark.line
    ]
    text = ctx.line(mark.line)
    if not blocks or not text.strip() or KEY_START.match(text.lstrip(" ")):
        return None
    block = blocks[-1]
    first = next(
        (n for n in range(block.start_mark.line + 1, mark.line) if ctx.line(n).strip()), None
    )
    if first is None:
        return Found(
            mark.line,
            indent(text),
            f"the block of text that starts on line {block.start_mark.line + 1} has no indented "
            "lines: indent its text under its key",
        )
    if indent(text) >= indent(ctx.line(first)):
        return None
    return Found(
        mark.line,
        indent(text),
        f"this line is less indented than the block of text it belongs to (line {first + 1}, "
        f"column {indent(ctx.line(first)) + 1}), so the block ends above it: indent every line "
        "of a block at least as far as its first line",
    )


def _missing_colon(ctx: Ctx) -> Found | None:
    mark = ctx.exc.context_mark
    if "could not find expected ':'" not in ctx.problem or mark is None:
        return None
    text = ctx.line(mark.line)[mark.column :]
    tight = re.match(r"([^\s:]+):(\S)", text)
    if tight:
        fixed = f"{tight.group(1)}: {text[tight.end(1) + 1 :]}"
        return Found(
            mark.line,
            mark.column,
            f"a ':' after a key needs a space after it: write '{clip(fixed.rstrip())}'",
        )
    return Found(
        mark.line,
        mark.column,
        f"this line has no ':' after its first word '{clip(first_word(text), 30)}': write "
        "'key: value', or, if the line continues the text above, indent it further",
    )


def _colon_in_value(ctx: Ctx) -> Found | None:
    mark = ctx.exc.problem_mark
    if mark is None or "mapping values are not allowed" not in ctx.problem:
        return None
    text = ctx.line(mark.line)
    start = indent(text)
    earlier = KEY_COLON.search(text, start, mark.column)
    if earlier is not None:
        key = text[start : earlier.start()].removeprefix("- ").strip()
        return Found(
            mark.line,
            mark.column,
            f"the value of '{clip(key, 30)}' contains ': ', which YAML reads as the start of a "
            "new key: put the whole value in quotes",
        )
    text_from = _text_start(ctx, mark)
    if text_from is not None:
        return Found(
            mark.line,
            mark.column,
            f"this ': ' is inside text that runs over several lines (from line {text_from + 1}), "
            "and YAML reads it as a new key: write the text as a block ('key: |' with the "
            "lines indented below it), or put it in quotes",
        )
    above = previous_content_line(ctx, mark.line)
    key = first_word(text[start:])
    if above is None:
        return None
    above_text = ctx.line(above)
    column = indent(above_text) + (2 if above_text.lstrip().startswith("- ") else 0)
    return Found(
        mark.line,
        start,
        f"the key '{clip(key, 30)}' is indented more than the line above it (line {above + 1}), "
        f"so it is read as part of that line's value: line it up with the key there (column "
        f"{column + 1}), or, to nest it, leave the value on line {above + 1} empty",
    )


def _text_start(ctx: Ctx, mark: Any) -> int | None:
    """The line a plain value over several lines began on, when the ': ' at `mark` is in it
    and the value is text (it started a line of its own, or runs over more than two lines)."""
    plain = [
        t
        for t in ctx.tokens
        if isinstance(t, yaml.ScalarToken) and t.style is None and t.end_mark.line == mark.line
    ]
    if not plain or plain[-1].start_mark.line == mark.line:
        return None
    start = plain[-1].start_mark
    own_line = start.column == indent(ctx.line(start.line))
    return start.line if own_line or mark.line - start.line > 1 else None


def _entries_here(ctx: Ctx) -> Found | None:
    mark = ctx.exc.problem_mark
    if mark is None:
        return None
    if "sequence entries are not allowed" in ctx.problem:
        return Found(
            mark.line,
            mark.column,
            "a list item ('- ') cannot start on the line of its key: put it on the next line, "
            "indented under the key",
        )
    if "mapping keys are not allowed" in ctx.problem:
        return Found(
            mark.line,
            mark.column,
            "a value cannot start with '? ' (YAML reads it as a complex key): put the value "
            "in quotes",
        )
    return None


def _flow(ctx: Ctx) -> Found | None:
    exc = ctx.exc
    if "flow sequence" not in ctx.context and "flow mapping" not in ctx.context:
        return None
    opened, mark = exc.context_mark, exc.problem_mark
    if opened is None or mark is None:
        return None
    sign = ctx.char(opened) if ctx.char(opened) in CLOSERS else "["
    closer = CLOSERS[sign]
    what = "list" if sign == "[" else "mapping"
    if ctx.char(mark) == "?":
        line = ctx.line(mark.line)
        start = max(line.rfind(c, 0, mark.column) for c in "[{,") + 1
        ends = [i for i in (line.find(c, mark.column) for c in ",]}") if i >= 0]
        value = line[start : min(ends, default=len(line))].strip()
        return Found(
            mark.line,
            mark.column,
            f"a '?' in a value inside {sign} {closer} must be in quotes: write \"{clip(value)}\"",
        )
    later = ctx.line(mark.line)
    at_end = mark.line >= len(ctx.lines) - 1 and not later.strip()
    if mark.line > opened.line and (
        at_end or (STRUCTURE.match(later) and indent(later) <= indent(ctx.line(opened.line)))
    ):
        return Found(
            opened.line,
            opened.column,
            f"a {what} opened with '{sign}' here is never closed: add the '{closer}'",
        )
    return Found(
        mark.line,
        mark.column,
        f"expected ',' or '{closer}' here: the {'items' if sign == '[' else 'entries'} of a "
        f"{sign} {closer} {what} are separated by commas (put one that contains ': ' or a "
        "comma in quotes)",
    )


def _after_closing(ctx: Ctx) -> Found | None:
    """Text after a closing quote or bracket on the same line: `"Insist" the terms`."""
    mark = ctx.exc.problem_mark
    if mark is None or not isinstance(ctx.exc, yaml.parser.ParserError):
        return None
    earlier = [t for t in ctx.tokens if before(t.end_mark, mark) and t.end_mark.line == mark.line]
    if not earlier:
        return None
    token = earlier[-1]
    if isinstance(token, yaml.ScalarToken) and token.style == "'":
        after = ctx.line(mark.line)[token.end_mark.column : token.end_mark.column + 1]
        if after.isalnum():
            return Found(
                mark.line,
                token.end_mark.column - 1,
                "this ' ends the single-quoted string, so the text after it cannot be read: "
                "inside single quotes write an apostrophe as '' (twice), or use double quotes",
            )
    if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
        return Found(
            mark.line,
            mark.column,
            f"text after the closing {token.style}: put the whole value in quotes, or leave "
            "the quotes out",
        )
    if isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        closer = "]" if isinstance(token, yaml.FlowSequenceEndToken) else "}"
        return Found(
            mark.line,
            mark.column,
            f"text after the closing '{closer}': put it inside the brackets, or put the whole "
            "value in quotes",
        )
    return None


def _out_of_line(ctx: Ctx) -> Found | None:
    mark = ctx.exc.problem_mark
    if mark is None or ("block" not in ctx.context and "document start" not in ctx.problem):
        return None
    found = out_of_line(ctx.lines, _continued_lines(ctx), mark.line, mark.column)
    return Found(*found) if found is not None else None


def _continued_lines(ctx: Ctx) -> set[int]:
    """Lines inside a value that began on an earlier line (block text, long strings)."""
    inside: set[int] = set()
    for token in ctx.tokens:
        if isinstance(token, yaml.ScalarToken):
            inside.update(range(token.start_mark.line + 1, last_line(token) + 1))
    return inside


RULES: list[Callable[[Ctx], Found | None]] = [
    _unclosed_quote,
    _tab,
    _alias_or_anchor,
    _reserved,
    _stray,
    _escape,
    _block_header,
    _second_document,
    _block_dedent,
    _missing_colon,
    _colon_in_value,
    _entries_here,
    _flow,
    _after_closing,
    _out_of_line,
]
