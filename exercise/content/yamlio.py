"""YAML reading that keeps dates as strings and can point at any node's line and column.

The fast path is one libyaml parse. Marks are only needed when something is wrong, so the
node tree is composed lazily from the text already in memory (the file is never read twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class ContentLoader(_BASE):  # type: ignore[misc, valid-type]
    """Safe loader without the timestamp resolver, refusing duplicate keys."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != TIMESTAMP]
        for first, resolvers in _BASE.yaml_implicit_resolvers.items()
    }

    def construct_document(self, node):
        # A tight recursive conversion instead of PyYAML's generator machinery: content files
        # are plain trees, and this is the hot path of `ttx validate`.
        return _Converter(self).convert(node)

    def construct_mapping(self, node, deep=False):  # used only by PyYAML's own paths
        return _Converter(self).convert(node)


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class _Converter:
    def __init__(self, loader):
        self.loader = loader
        self.scalars = {
            "tag:yaml.org,2002:null": loader.construct_yaml_null,
            "tag:yaml.org,2002:bool": loader.construct_yaml_bool,
            "tag:yaml.org,2002:int": loader.construct_yaml_int,
            "tag:yaml.org,2002:float": loader.construct_yaml_float,
        }
        self.active: set[int] = set()

    def convert(self, node):
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            make = self.scalars.get(node.tag)
            if make is None:
                raise yaml.constructor.ConstructorError(
                    None, None, f"unsupported YAML tag {node.tag!r}", node.start_mark)
            return make(node)
        if id(node) in self.active:
            raise yaml.constructor.ConstructorError(
                None, None, "a recursive alias (an anchor that contains itself)", node.start_mark)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
                return [self.convert(child) for child in node.value]
            if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
                if any(k.tag == _MERGE for k, _ in node.value):
                    self.loader.flatten_mapping(node)
                out: dict = {}
                for key_node, value_node in node.value:
                    key = self.convert(key_node)
                    try:
                        duplicate = key in out
                    except TypeError:
                        raise yaml.constructor.ConstructorError(
                            None, None, "a mapping key must be a plain value", key_node.start_mark) from None
                    if duplicate:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key!r}", key_node.start_mark)
                    out[key] = self.convert(value_node)
                return out
            raise yaml.constructor.ConstructorError(
                None, None, f"unsupported YAML tag {node.tag!r}", node.start_mark)
        finally:
            self.active.discard(id(node))


class ContentError(Exception):
    """A problem in a content file, with its 1-based position."""

    def __init__(self, path: str, line: int, col: int, message: str):
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
            self._root = yaml.compose(self.text, Loader=ContentLoader)
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
        raise ContentError(path, line, col, "the file is not UTF-8 text; save it as UTF-8") from None


def parse_text(path: str, text: str) -> Document:
    if "\x00" in text:
        before = text[: text.index("\x00")]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise ContentError(path, line, col, "the file contains binary data (a NUL byte), not YAML text")
    try:
        data = yaml.load(text, Loader=ContentLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.problem and "duplicate" not in exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ContentError(path, line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, 1, 1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ContentError(path, 1, 1, "invalid YAML: nested too deeply") from None
    if data is None:
        raise ContentError(path, 1, 1, "the file is empty: expected a mapping with a 'kind' key")
    if not isinstance(data, dict):
        raise ContentError(path, 1, 1, f"expected a mapping at the top level, found {type_name(data)}")
    return Document(path, text, data)


def read_document(path: Path | str, display: str | None = None) -> Document:
    shown = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ContentError(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    return parse_text(shown, _decode(shown, raw))


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
