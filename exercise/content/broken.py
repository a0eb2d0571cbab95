"""Files that did not load, the names they would have defined, and the references left unchecked.

One unknown key in a role file used to bury its message under hundreds of "unknown role" lines
in every file naming that role. A file that fails to load (YAML that cannot be read, a schema
error, a file that is not UTF-8) still says what it is about: its id, and often more names (a
role's actors, an inject's flags, a scenario's indicators, the bibliography's keys). References
to those names are neither right nor wrong until the file loads, so they are counted instead of
reported, and the count is said once, in one line, beside the file's own problem.

The names come from the data when the YAML could be read, else from the text by pattern (the
`id:` lines, a flag list after `sets:`), else from the file's name: it is a guess, but a guess
only ever silences references, and the note says how many it silenced.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import Any, NamedTuple

from exercise.content.yamlio import ContentError, Document

# What a reference can name, and which kind of file defines names of that sort.
ROLE, SENDER, INJECT, FLAG, INDICATOR, SOURCE = (
    "role",
    "sender",
    "inject",
    "flag",
    "indicator",
    "source",
)


class BrokenFile(NamedTuple):
    path: str  # as shown to the user
    ident: str  # its id, or its file name without the extension
    names: frozenset[tuple[str, str]]  # (what, name) pairs it would define
    where: tuple[int, int]  # line and column of its last problem: the note goes after it


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))


def _ids(items: object) -> Iterator[str]:
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield item["id"]


def _flags(options: object) -> Iterator[str]:
    if not isinstance(options, list):
        return
    for option in options:
        if isinstance(option, dict):
            yield from _strings(option.get("sets"))
            covert = option.get("covert")
            if isinstance(covert, dict):
                yield from _strings(covert.get("sets"))


def names_from_data(kind: str, data: dict[str, Any], ident: str) -> set[tuple[str, str]]:
    """The names a file of this kind defines, read leniently from data that failed its schema."""
    if kind == "role":
        return {(ROLE, ident), (SENDER, ident)} | {(SENDER, a) for a in _ids(data.get("actors"))}
    if kind == "inject":
        return {(INJECT, ident)} | {(FLAG, f) for f in _flags(data.get("options"))}
    if kind == "scenario":
        return {(INDICATOR, i) for i in _ids(data.get("indicators"))}
    if kind == "indicator":
        return {(INDICATOR, ident)}
    if kind == "bibliography":
        entries = data.get("entries")
        keys = (
            [e.get("key") for e in entries if isinstance(e, dict)]
            if isinstance(entries, list)
            else []
        )
        return {(SOURCE, k) for k in keys if isinstance(k, str)}
    return set()


_NAME = r"""["']?([A-Za-z0-9][A-Za-z0-9_.-]*)"""
_TOP_ID = re.compile(rf"^id:[ \t]*{_NAME}", re.MULTILINE)
_TOP_KIND = re.compile(
    r"^kind:[ \t]*[\"']?(role|inject|scenario|indicator|bibliography)\b", re.MULTILINE
)
_ANY_ID = re.compile(rf"^[ \t-]*id:[ \t]*{_NAME}", re.MULTILINE)
_ANY_KEY = re.compile(rf"^[ \t-]*key:[ \t]*{_NAME}", re.MULTILINE)
_FLOW_SETS = re.compile(r"\bsets:[ \t]*\[([^\]\n]*)\]")
_BLOCK_SETS = re.compile(r"\bsets:[ \t]*\n((?:[ \t]*-[ \t]+\S[^\n]*\n?)+)")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def kind_in_text(text: str) -> str | None:
    found = _TOP_KIND.search(text)
    return found.group(1) if found else None


def id_in_text(text: str) -> str | None:
    found = _TOP_ID.search(text)
    return found.group(1) if found else None


def names_from_text(kind: str, text: str, ident: str) -> set[tuple[str, str]]:
    """The same names, found by pattern in a file whose YAML could not be read."""
    if kind == "role":
        return {(ROLE, ident), (SENDER, ident)} | {(SENDER, m) for m in _ANY_ID.findall(text)}
    if kind == "inject":
        flags = [w for m in _FLOW_SETS.findall(text) for w in _WORD.findall(m)]
        flags += [w for m in _BLOCK_SETS.findall(text) for w in _WORD.findall(m)]
        return {(INJECT, ident)} | {(FLAG, f) for f in flags}
    if kind == "scenario":
        return {(INDICATOR, m) for m in _ANY_ID.findall(text)}
    if kind == "indicator":
        return {(INDICATOR, ident)}
    if kind == "bibliography":
        return {(SOURCE, m) for m in _ANY_KEY.findall(text)}
    return set()


def broken_file(
    path: str,
    kind: str | None,
    text: str | None,
    doc: Document | None,
    problems: list[ContentError],
) -> BrokenFile | None:
    """What a file that did not load would have defined; None when that cannot be told."""
    data = doc.data if doc is not None else None
    kind = kind or (kind_in_text(text) if text is not None else None)
    if kind is None:
        return None
    given = data.get("id") if isinstance(data, dict) else id_in_text(text or "")
    ident = given if isinstance(given, str) and given else PurePath(path).stem
    if isinstance(data, dict):
        names = names_from_data(kind, data, ident)
    else:
        names = names_from_text(kind, text or "", ident)
    last = max(((p.line, p.col) for p in problems if p.path == path), default=(1, 1))
    return BrokenFile(path, ident, frozenset(names), last)


class _First(NamedTuple):
    doc: Document
    where: tuple[str | int, ...]
    key: bool


def _quoted(names: Iterable[str]) -> str:
    shown = [f"'{n}'" for n in names]
    if len(shown) > 3:
        return ", ".join(shown[:3]) + f" and {len(shown) - 3} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0]


def _references(n: int) -> str:
    return f"{n} reference{'s' if n != 1 else ''}"


def _were(n: int) -> str:
    return "were" if n != 1 else "was"


class Unchecked:
    """References to names that only a file that did not load defines: counted, not reported.

    `requested` is the set of files the user asked to hear about (None: all). The note about a
    broken file goes to that file; when it is not among those asked about, each file asked
    about that names it gets its own note instead, so that a partial run never says "ok"
    about references it could not check.
    """

    def __init__(self, broken: list[BrokenFile], requested: frozenset[str] | None):
        self._owner: dict[tuple[str, str], BrokenFile] = {}
        for file in broken:
            for name in file.names:
                self._owner.setdefault(name, file)
        self._requested = requested
        self._counts: dict[tuple[str, str], Counter[str]] = {}  # (broken, referring) -> names
        self._first: dict[tuple[str, str], _First] = {}
        self._broken = {file.path: file for file in broken}

    def owner(self, what: str, name: str) -> BrokenFile | None:
        return self._owner.get((what, name)) if self._owner else None

    def skip(
        self, owner: BrokenFile, name: str, doc: Document, where: tuple[str | int, ...], key: bool
    ) -> None:
        pair = (owner.path, doc.path)
        self._counts.setdefault(pair, Counter())[name] += 1
        self._first.setdefault(pair, _First(doc, where, key))

    def notes(self) -> list[ContentError]:
        by_broken: dict[str, list[str]] = {}
        for broken, one in self._counts:
            by_broken.setdefault(broken, []).append(one)
        out: list[ContentError] = []
        for path, referring in by_broken.items():
            if self._requested is None or path in self._requested:
                out.append(self._note_at_broken(path, referring))
            else:
                asked = self._requested
                out.extend(self._note_at_reference(path, r) for r in referring if r in asked)
        for note in out:
            note.follows = True  # type: ignore[attr-defined]
        return out

    def _note_at_broken(self, path: str, referring: list[str]) -> ContentError:
        counts: Counter[str] = Counter()
        for r in referring:
            counts.update(self._counts[(path, r)])
        n, files = sum(counts.values()), len(referring)
        line, col = self._broken[path].where
        return ContentError(
            path,
            line,
            col,
            f"{_references(n)} to {_quoted(name for name, _ in counts.most_common())} in "
            f"{files} file{'s' if files != 1 else ''} {_were(n)} not checked because {path} "
            "did not load",
        )

    def _note_at_reference(self, path: str, referring: str) -> ContentError:
        counts = self._counts[(path, referring)]
        n = sum(counts.values())
        first = self._first[(path, referring)]
        return first.doc.error(
            first.where,
            f"{_references(n)} to {_quoted(name for name, _ in counts.most_common())} in this "
            f"file {_were(n)} not checked because {path} did not load",
            key=first.key,
        )


def follows(error: ContentError) -> bool:
    """Whether the error is a note on what a broken file kept from being checked: it follows
    from that file's own problem and says nothing new about the rows or files that caused it."""
    return bool(getattr(error, "follows", False))
