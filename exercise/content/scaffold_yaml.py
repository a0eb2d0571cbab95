"""Commented YAML for `ttx new`: keys in the order given, a comment above each saying what it
means (from `schema_keys`), values quoted the way the shipped files quote them.

A small writer of our own rather than a YAML library's dumper: dumpers drop comments, and the
comments are the point of a scaffold.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from exercise.content.schema_keys import key_doc

WIDTH = 100  # the shipped files' line length (ruff's, too)
_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]*")
# Words and spaces: plain in block style (no ': ', ' #', quote or bracket that YAML would read).
_PLAIN_BLOCK = re.compile(r"[A-Za-z][A-Za-z0-9_-]*( [A-Za-z0-9_()-]+)*")
# Words YAML 1.1 tools read as booleans or null: never written plain.
_KEYWORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])


class Quoted(NamedTuple):
    """A string always written in double quotes (dates: `date: "2016"`, never a number)."""

    text: str


class Block(NamedTuple):
    """Prose written as a literal block (`|`), wrapped at the shipped width."""

    text: str


class Flow(NamedTuple):
    """A short list of scalars on one line: `[moscow, tehran]`."""

    items: tuple[object, ...]


class Field(NamedTuple):
    key: str
    value: object  # a scalar, Quoted, Block, Flow, Mapping or Rows
    comment: str = ""  # above the key; "" for none


class Mapping(NamedTuple):
    fields: tuple[Field, ...]


class Rows(NamedTuple):
    """A list of mappings. `flow`: one `- {k: v}` line each, the keys described once above the
    list; else each mapping in block style with a comment above every key."""

    rows: tuple[tuple[Field, ...], ...]
    flow: bool = False
    keys: tuple[tuple[str, str], ...] = ()  # (key, comment) described above a flow list


def described(kind: str, path: str, note: str = "") -> str:
    """The comment for a key: what it means, its type, and the author's next step if any."""
    doc = key_doc(kind, path)
    need = "; required" if doc.required == "yes" else ""
    said = f"{doc.meaning.rstrip('.')}. " if doc.meaning else ""
    text = f"{said}[{doc.type.replace('`', '')}{need}]"
    return f"{text} {note}" if note else text


def scalar(value: object, block: bool = False) -> str:
    """A scalar as YAML; `block`: the value of a block mapping's key, where more can be plain
    than inside `{...}` or `[...]`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Quoted):
        return json.dumps(value.text, ensure_ascii=False)
    if isinstance(value, str):
        pattern = _PLAIN_BLOCK if block else _PLAIN
        plain = pattern.fullmatch(value) and value.lower() not in _KEYWORDS
        return value if plain and not value.isdigit() else json.dumps(value, ensure_ascii=False)
    raise TypeError(f"not a scalar: {value!r}")


def comment_lines(text: str, indent: int) -> list[str]:
    pad = " " * indent
    lines = textwrap.wrap(text, WIDTH - indent - 2, break_on_hyphens=False)
    return [f"{pad}# {line}" for line in lines]


def render(fields: tuple[Field, ...], indent: int = 0) -> list[str]:
    out: list[str] = []
    for f in fields:
        out.extend(comment_lines(f.comment, indent) if f.comment else ())
        out.extend(_field(f, indent))
    return out


def _field(f: Field, indent: int) -> list[str]:
    pad = " " * indent
    value = f.value
    if isinstance(value, Block):
        body = []
        for para in value.text.strip().split("\n\n"):
            body.extend(textwrap.wrap(para, WIDTH - indent - 2) + [""])
        return [f"{pad}{f.key}: |"] + [f"{pad}  {line}" if line else "" for line in body[:-1]]
    if isinstance(value, Flow):
        return [f"{pad}{f.key}: [{', '.join(scalar(v) for v in value.items)}]"]
    if isinstance(value, Mapping):
        return [f"{pad}{f.key}:"] + render(value.fields, indent + 2)
    if isinstance(value, Rows):
        return [f"{pad}{f.key}:"] + _rows(value, indent + 2)
    return [f"{pad}{f.key}: {scalar(value, block=True)}"]


def _rows(rows: Rows, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if rows.flow:
        for key, comment in rows.keys:
            out.extend(comment_lines(f"{key}: {comment}", indent))
        for row in rows.rows:
            items = ", ".join(f"{f.key}: {_inline(f.value)}" for f in row)
            out.append(f"{pad}- {{{items}}}")
        return out
    for row in rows.rows:
        lines = render(row, indent + 2)
        first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
        # The dash goes on the first key; the comments above it line up with the dash.
        above = [line[2:] for line in lines[:first]]
        out += [*above, f"{pad}- {lines[first][indent + 2 :]}", *lines[first + 1 :]]
    return out


def _inline(value: object) -> str:
    if isinstance(value, Flow):
        return f"[{', '.join(scalar(v) for v in value.items)}]"
    return scalar(value)


def modeline(kind: str, root: Path, target: Path) -> str:
    """The editor's schema line, relative to the file: the root's own schemas in the shipped
    layout (`../exercise/schemas/...`), else the schemas of the installed package."""
    local = root / "exercise" / "schemas" / f"{kind}.schema.json"
    packaged = Path(str(resources.files("exercise.schemas").joinpath(f"{kind}.schema.json")))
    schema_file = local if local.is_file() else packaged
    try:
        rel = os.path.relpath(schema_file.resolve(), target.parent.resolve())
    except ValueError:  # another drive (Windows): no relative path exists
        depth = len(target.resolve().relative_to(root.resolve()).parts) - 1
        rel = "../" * depth + f"exercise/schemas/{kind}.schema.json"
    return f"# yaml-language-server: $schema={PurePosixPath(Path(rel).as_posix())}"
