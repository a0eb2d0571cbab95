"""Positions of nodes found from the YAML event stream, stopping at the node wanted.

`Document.mark` composes the whole node tree of a file, which costs as much again as loading it.
That is cheap for the few files an error is found in, but warnings can name thousands of files
at once (a flag nobody reads in each of 5,000 generated injects), and then composing every file
doubles what `ttx validate` costs. Walking the events up to the node wanted, skipping the
subtrees on the way, gives the same line and column for a fraction of that. Where the walk would
need to follow an alias it hands over to `Document.mark`, which resolves them.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

import yaml

from exercise.content.yamlio import ContentError, ContentLoader, Document

_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Alias(Exception):
    """The path runs through an alias: only the composed tree knows where it points."""


def error_at(doc: Document, path: tuple, message: str, *, key: bool = False) -> ContentError:
    """The same error as `doc.error(path, message, key=key)`, found without composing."""
    line, col = mark(doc, path, key=key)
    return ContentError(doc.path, line, col, message)


def mark(doc: Document, path: tuple, *, key: bool = False) -> tuple[int, int]:
    """`Document.mark`'s answer: line and column (1-based) of the node at `path` (of its key
    when key=True), walking as deep as the path exists."""
    if getattr(doc, "_root", None) is not None:
        return doc.mark(path, key=key)  # already composed: nothing to save
    events: Generator = yaml.parse(doc.text, Loader=ContentLoader)  # type: ignore[assignment]
    try:
        return _walk(events, path, key)
    except _Alias:
        return doc.mark(path, key=key)
    finally:
        events.close()  # stops the parser early and frees it


def _walk(events: Iterator, path: tuple, key: bool) -> tuple[int, int]:
    node = _first_node(events)
    if node is None:
        return 1, 1
    target = node.start_mark
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingStartEvent):
            found = _in_mapping(events, str(step))
            if found is None:
                break
            key_event, node = found
            target = key_event.start_mark if (key and last) else node.start_mark
        elif isinstance(node, yaml.SequenceStartEvent) and isinstance(step, int):
            item = _in_sequence(events, step)
            if item is None:
                break
            node = item
            target = node.start_mark
        else:
            break
    return target.line + 1, target.column + 1


def _first_node(events: Iterator):
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise _Alias
        if isinstance(event, (yaml.ScalarEvent, *_START)):
            return event
    return None


def _in_mapping(events: Iterator, wanted: str):
    """(key event, value event) of the key `wanted` of the mapping just opened, or None."""
    for key_event in events:
        if isinstance(key_event, yaml.MappingEndEvent):
            return None
        if isinstance(key_event, yaml.AliasEvent):
            raise _Alias  # an aliased key may or may not be the one wanted
        matches = isinstance(key_event, yaml.ScalarEvent) and key_event.value == wanted
        _skip(events, key_event)
        value = next(events)
        if matches:
            if isinstance(value, yaml.AliasEvent):
                raise _Alias
            return key_event, value
        _skip(events, value)
    return None


def _in_sequence(events: Iterator, wanted: int):
    """The event of item `wanted` of the sequence just opened, or None."""
    for n, item in enumerate(events):
        if isinstance(item, yaml.SequenceEndEvent):
            return None
        if n == wanted:
            if isinstance(item, yaml.AliasEvent):
                raise _Alias
            return item
        _skip(events, item)
    return None


def _skip(events: Iterator, first) -> None:
    """Consume the rest of the node `first` opened (nothing for a scalar or an alias)."""
    if not isinstance(first, _START):
        return
    depth = 1
    for event in events:
        if isinstance(event, _START):
            depth += 1
        elif isinstance(event, _END):
            depth -= 1
            if depth == 0:
                return
