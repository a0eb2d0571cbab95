"""YAML reading that keeps dates as strings and can point at any node's line and column.

The fast path is one libyaml parse. Marks are only needed when something is wrong, so the
node tree is composed lazily from the text already in memory (the file is never read twice).
A file means the same on libyaml and on PyYAML's pure-Python parser (see _load), and a syntax
error is said in plain words where the mistake is (yaml_errors.py).

Content files are small trees written by people, so anything far beyond that is refused with
a position before it can exhaust the machine:

- MAX_DEPTH levels of nesting. PyYAML's C composer recurses in C without any guard, and a
  50,000-deep `[[[...` overflows the stack (a segfault, not an exception). A cheap bound
  computed from the text proves almost every file shallow; only a file it cannot clear is
  parsed as an event stream first (the parsers themselves keep an explicit stack), counting
  depth, and stopped at the first level too deep, before anything is composed.
- MAX_VALUES values in one document once aliases are expanded: a 15 KB "billion laughs"
  file expands to hundreds of millions. Composing shares aliased nodes, so the budget is
  charged while converting nodes to Python objects, merge keys included.
- MAX_INT_DIGITS digits in a whole number (Python refuses 4,300 with a bare ValueError, and
  no indicator needs more than a handful).
- Control characters (other than tab and newline) written as escapes in double-quoted text;
  the parser already refuses them raw.
- MAX_BYTES per file, and only regular files (a FIFO named .yaml would block the read).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from exercise.content import yaml_errors

MAX_DEPTH = 64
MAX_VALUES = 250_000
MAX_INT_DIGITS = 30
MAX_BYTES = 8 * 1024 * 1024

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP = "tag:yaml.org,2002:timestamp"


_BOOL = "tag:yaml.org,2002:bool"
# YAML 1.2's booleans only: under 1.1 rules a key written `on:` or a value `no` turns into a
# boolean, and an author sees "unknown key 'True'" for a key they wrote as `on`.
_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _without_timestamps(base) -> dict:
    out: dict = {}
    for first, resolvers in base.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers if tag not in (TIMESTAMP, _BOOL)]
        if first in "tTfF":
            kept.append((_BOOL, _YAML12_BOOL))
        if kept:
            out[first] = kept
    return out


class _Content:
    def construct_document(self, node):
        # A tight recursive conversion instead of PyYAML's generator machinery: content files
        # are plain trees, and this is the hot path of `ttx validate`.
        return _Converter(self).convert(node)

    def construct_mapping(self, node, deep=False):  # used only by PyYAML's own paths
        return _Converter(self).convert(node)


class ContentLoader(_Content, _BASE):  # type: ignore[misc, valid-type]
    """Safe loader without the timestamp resolver, refusing duplicate keys."""

    yaml_implicit_resolvers = _without_timestamps(_BASE)


class PureContentLoader(_Content, yaml.SafeLoader):
    """The same on the pure-Python parser: the path taken where libyaml is not installed."""

    yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader)


_SCANNER = ContentLoader  # libyaml's where installed: what an error's explanation scans with


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _refuse(message: str, mark) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, mark)


class _Converter:
    def __init__(self, loader):
        self.scalars = {
            "tag:yaml.org,2002:null": loader.construct_yaml_null,
            "tag:yaml.org,2002:bool": loader.construct_yaml_bool,
            "tag:yaml.org,2002:int": loader.construct_yaml_int,
            "tag:yaml.org,2002:float": loader.construct_yaml_float,
        }
        self.active: set[int] = set()
        self.budget = MAX_VALUES

    def convert(self, node):
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                if node.style == '"' and _CONTROL.search(node.value):
                    raise _control_error(node)
                return node.value
            make = self.scalars.get(node.tag)
            if make is None:
                raise _refuse(f"unsupported YAML tag {node.tag!r}", node.start_mark)
            if len(node.value) > MAX_INT_DIGITS and node.tag == _INT:
                _check_digits(node)
            try:
                return make(node)
            except (ValueError, KeyError):  # an explicit tag on a value it does not fit: !!int abc
                kind = node.tag.rsplit(":", 1)[-1]
                raise _refuse(
                    f"{_clip(node.value)!r} is not a valid {kind}", node.start_mark
                ) from None
        if id(node) in self.active:
            raise _refuse("a recursive alias (an anchor that contains itself)", node.start_mark)
        self.budget -= len(node.value)
        if self.budget < 0:
            raise _refuse(
                f"more than {MAX_VALUES:,} values once aliases are expanded (an alias bomb?)",
                node.start_mark,
            )
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
                return [self.convert(child) for child in node.value]
            if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
                return self._mapping(node)
            raise _refuse(f"unsupported YAML tag {node.tag!r}", node.start_mark)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node) -> dict:
        out: dict = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            key = self.convert(key_node)
            try:
                duplicate = key in out
            except TypeError:
                raise _refuse("a mapping key must be a plain value", key_node.start_mark) from None
            if duplicate:
                raise _duplicate(self, node, key, key_node)
            out[key] = self.convert(value_node)
        for value_node in merges:
            self._merge(out, value_node)
        return out

    def _merge(self, out: dict, node) -> None:
        # `<<: *a` or `<<: [*a, *b]`: keys written here win, then the earlier merged mapping.
        # Done here rather than with PyYAML's flatten_mapping, which copies the merged pairs
        # into the node tree itself and so lets nested merges grow it exponentially.
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise _refuse(
                    "a merge key '<<' takes a mapping or a list of mappings", source.start_mark
                )
            for key, value in self.convert(source).items():
                out.setdefault(key, value)


def _duplicate(converter: _Converter, node, key, again) -> yaml.constructor.ConstructorError:
    first = next(k for k, _ in node.value if k.tag != _MERGE and converter.convert(k) == key)
    return _refuse(
        f"duplicate key {key!r}: it is already set on line {first.start_mark.line + 1}; "
        "a key may appear once in a mapping",
        again.start_mark,
    )


def _check_digits(node) -> None:
    digits = len(node.value.lstrip("+-").replace("_", ""))
    if digits > MAX_INT_DIGITS:
        raise _refuse(
            f"a whole number of {digits:,} digits; at most {MAX_INT_DIGITS} are allowed",
            node.start_mark,
        )


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _control_error(node) -> yaml.constructor.ConstructorError:
    found = _CONTROL.search(node.value)
    char = found.group() if found else "?"  # only called once the pattern matched
    return _refuse(
        f"the text contains the control character U+{ord(char):04X}; "
        "only \\t and \\n may be written as escapes",
        node.start_mark,
    )


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")


@cache
def _wide_run(width: int) -> tuple[re.Pattern, re.Pattern]:
    run = rf"[ \t?:-]{{{width}}}"
    return re.compile(run), re.compile("\n" + run)  # a literal first char: a fast scan


def _surely_shallow(text: str) -> bool:
    """True when the text cannot nest deeper than MAX_DEPTH, judged without parsing.

    Flow nesting is at most the number of '[' and '{'. A block collection starts at a column
    no further right than the line's leading run of spaces and indicators ('- ', '? ', ': ';
    an anchor or tag cannot precede a block sequence on its line, and a mapping starts where
    its first key's anchor or tag does), and columns along a branch grow at least every
    second level (a sequence may share its parent key's column). So depth <= flow + 2 *
    (widest run + 1). tests/content/test_hostile_yaml.py checks this against both parsers.
    """
    width = (MAX_DEPTH - text.count("[") - text.count("{")) // 2
    if width <= 0:
        return False
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = _OTHER_BREAKS.sub("\n", text)  # what YAML breaks lines at, besides \n
    first, rest = _wide_run(width)
    return first.match(text) is None and rest.search(text) is None


def check_depth(text: str) -> None:
    """Raise a marked YAML error at the first collection nested deeper than MAX_DEPTH."""
    if _surely_shallow(text):
        return
    parser = ContentLoader(text)
    try:
        depth = 0
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark  # libyaml's Mark: the same fields as yaml.error.Mark
                    message = f"nested more than {MAX_DEPTH} levels deep"
                    raise yaml.composer.ComposerError(None, None, message, mark)  # type: ignore[arg-type]
            elif isinstance(event, _CLOSE):
                depth -= 1
    finally:
        parser.dispose()


def _one_line(message: str) -> str:
    # Messages quote the file's own text; a newline or a terminal control code in it would
    # break the one-line `file:line:col: message` promise.
    return _CONTROL_OR_BREAK.sub(lambda m: repr(m.group())[1:-1], message)


_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class ContentError(Exception):
    """A problem in a content file, with its 1-based position."""

    def __init__(self, path: str, line: int, col: int, message: str):
        message = _one_line(message)
        super().__init__(f"{path}:{line}:{col}: {message}")
        self.path, self.line, self.col, self.message = path, line, col, message


@dataclass
class Document:
    """One content file: its text, its data, and (lazily) its node tree for positions."""

    path: str
    text: str
    data: Any
    _root: Any = field(default=None, repr=False)

    def root(self):
        if self._root is None:
            try:
                self._root = yaml.compose(self.text, Loader=ContentLoader)
            except yaml.YAMLError:  # a file only the pure-Python parser reads (see _load)
                self._root = yaml.compose(self.text, Loader=PureContentLoader)
        return self._root

    def mark(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its key when key=True.

        Walks as deep as the path exists, so a missing key points at its parent mapping.
        """
        node = self.root()
        if node is None:
            return 1, 1
        target = node.start_mark
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == str(step) or (isinstance(step, int) and k.value == str(step)):
                        target = k.start_mark if (key and last) else v.start_mark
                        node = v
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step < len(node.value):
                    node = node.value[step]
                    target = node.start_mark
                else:
                    break
            else:
                break
        return target.line + 1, target.column + 1

    def error(self, path: tuple, message: str, *, key: bool = False) -> ContentError:
        line, col = self.mark(path, key=key)
        return ContentError(self.path, line, col, message)


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError(
            path, line, col, "the file is not UTF-8 text; save it as UTF-8"
        ) from None


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# What the YAML reader refuses raw (PyYAML's Reader.NON_PRINTABLE).
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _reader_error(path: str, text: str, exc: yaml.YAMLError) -> ContentError:
    found = _UNPRINTABLE.search(text)
    if found is None:
        return ContentError(path, 1, 1, f"invalid YAML: {exc}")
    line, col = _position(text, found.start())
    return ContentError(
        path,
        line,
        col,
        f"the file contains the control character U+{ord(found.group()):04X}, "
        "which YAML does not allow",
    )


# What libyaml reads and PyYAML's own parser refuses: a tab after the indentation (`key:<tab>v`),
# a '#' right after a block's '|' or '>', some tags ('!'), a '?' outside quotes after a '[' or
# '{' that opens a flow collection on its line.
# Only files with one of these pay for a second parse. A quoted item is passed over whole
# (atomic), so `["What now?"]` is no doubt, but a quote inside a plain word (`[x "q?"]`) is
# text. A bracket opens a collection only where a node can start (the line's start, or after
# ':', '-', '?', ',', '[' or '{' and spaces); elsewhere it is text, as in a body's prose
# `with [brackets]. What now?`, which both parsers read alike.
_FLOW_QUESTION = re.compile(
    r"""(?:.*?[:?,\[{-])?[ ]*[\[{]"""  # a bracket where a node may start
    r"""(?>[ ]*(?:"[^"]*"|'[^']*'))?+"""  # a quoted first item
    r"""(?>[\[{,:][ ]*(?:"[^"]*"|'[^']*')|[^?])*+\?"""  # quoted items after [ { , :
)


def _doubtful(text: str) -> bool:
    # `key: |#` (libyaml reads a comment), a tag (`!x,` in braces): rare in content, and cheap
    if "\t" in text or "|#" in text or ">#" in text or "!" in text:
        return True
    at = text.find("?")
    while at >= 0:  # only the lines with a '?' are looked at: most files have two or three
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if ("[" in line or "{" in line) and _FLOW_QUESTION.match(line):
            return True
        at = text.find("?", end)
    return False


def _load(text: str) -> Any:
    """The data, read by libyaml; where it and the pure-Python parser may disagree, or libyaml
    fails, the pure-Python parser's reading, so that a file means the same wherever it is read
    and a broken one is explained in the same words (errors are rare, doubts rarer)."""
    # A syntax error stops the depth check where nothing before it is too deep; the reading
    # below stops at the same place and reports it, or an earlier alias, in document order.
    with contextlib.suppress(yaml.scanner.ScannerError, yaml.parser.ParserError):
        check_depth(text)
    pure = PureContentLoader
    if ContentLoader is pure or len(text) > yaml_errors.REPARSE_LIMIT:
        return yaml.load(text, Loader=ContentLoader)
    if _doubtful(text):
        return yaml.load(text, Loader=pure)
    try:
        return yaml.load(text, Loader=ContentLoader)
    except (yaml.scanner.ScannerError, yaml.parser.ParserError):
        return yaml.load(text, Loader=pure)  # raises the same error, or reads `[word:]`


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> ContentError:
    ours = isinstance(exc, yaml.constructor.ConstructorError) or (exc.problem or "").startswith(
        "nested more than"
    )
    if not ours:  # the parser's: said in plain words, where the mistake is
        line, col, message = yaml_errors.explain(text, exc, _SCANNER)
        return ContentError(path, line + 1, col + 1, f"invalid YAML: {message}")
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return ContentError(path, line, col, f"invalid YAML: {exc.problem or 'malformed YAML'}")


def parse_text(path: str, text: str) -> Document:
    if "\x00" in text:
        line, col = _position(text, text.index("\x00"))
        raise ContentError(
            path, line, col, "the file contains binary data (a NUL byte), not YAML text"
        )
    try:
        data = _load(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(path, text, exc) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, 1, 1, f"invalid YAML: {exc}") from None
    except RecursionError:  # check_depth keeps every parse well inside the limit; a last guard
        raise ContentError(path, 1, 1, "invalid YAML: nested too deeply") from None
    if data is None:
        raise ContentError(path, 1, 1, "the file is empty: expected a mapping with a 'kind' key")
    if not isinstance(data, dict):
        raise ContentError(
            path, 1, 1, f"expected a mapping at the top level, found {type_name(data)}"
        )
    return Document(path, text, data)


def _read(path: Path | str, shown: str) -> bytes:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(
                shown, 1, 1, "not a regular file (a folder, device or pipe), so not content"
            )
        if info.st_size > MAX_BYTES:
            raise ContentError(
                shown,
                1,
                1,
                f"the file is {info.st_size / 2**20:.1f} MB; a content file "
                f"may be at most {MAX_BYTES // 2**20} MB",
            )
        return Path(path).read_bytes()
    except OSError as exc:
        raise ContentError(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None


def read_bytes(path: Path | str, shown: str) -> bytes:
    """The file's bytes, refusing what is not a regular file or is too large to be content."""
    return _read(path, shown)


def decode(shown: str, raw: bytes) -> str:
    """The file's text (UTF-8, a byte-order mark dropped), or a ContentError at the bad byte."""
    return _decode(shown, raw)


def read_document(path: Path | str, display: str | None = None) -> Document:
    shown = display or str(path)
    return parse_text(shown, _decode(shown, _read(path, shown)))


def type_name(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        int: "a whole number",
        float: "a number",
        bool: "true/false",
        type(None): "nothing (null)",
    }.get(type(value), type(value).__name__)
