"""marks.error_at finds a node from the event stream: the same line and column as
Document.mark, which composes the whole file, for every path, present or not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exercise.content.marks import error_at, mark
from exercise.content.yamlio import Document, parse_text, read_document
from tests.conftest import MINI, ROOT

TRICKY = """\
kind: inject
base: &base {x: 1, y: [1, 2, {z: 3}]}
alias: *base
merged:
  <<: *base
  w: 2
flow: {a: [1, {b: 2}], 'c d': "e"}
block: |
  text: that looks like a key
  - and an item
empty:
? complex
: value
list:
  - - nested
    - [deep, {er: 1}]
  - key: value
    other: [1, 2]
0: zero
"""


def paths(data: object, here: tuple = ()) -> Iterator[tuple]:
    """Every path into `data`, and one step past each end (a key or an index that is not there)."""
    yield here
    if isinstance(data, dict):
        for k, v in data.items():
            yield from paths(v, here + (k,))
        yield here + ("absent",)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from paths(v, here + (i,))
        yield here + (len(data),)
    else:
        yield here + ("below",)


def fresh(doc: Document) -> Document:
    return Document(doc.path, doc.text, doc.data)  # not yet composed: `mark` walks the events


def agree(doc: Document) -> None:
    for path in paths(doc.data):
        for key in (False, True):
            assert mark(fresh(doc), path, key=key) == doc.mark(path, key=key), (path, key)


def test_tricky_yaml() -> None:
    doc = parse_text("x.yaml", TRICKY)
    agree(doc)
    assert mark(fresh(doc), ("alias", "y", 1)) == doc.mark(("alias", "y", 1)) == (2, 27)
    assert mark(fresh(doc), (0,), key=True) == (19, 1)


@pytest.mark.parametrize("path", sorted(MINI.rglob("*.yaml")), ids=lambda p: p.name)
def test_the_fixture(path: Path) -> None:
    agree(read_document(path))


def test_a_shipped_scenario_and_inject() -> None:
    # The whole shipped content was checked once by hand; two files keep the test quick.
    for path in (ROOT / "scenarios/demo.yaml", sorted(ROOT.glob("injects/*/*.yaml"))[0]):
        agree(read_document(path))


def test_error_at_is_doc_error() -> None:
    doc = parse_text("x.yaml", TRICKY)
    made = error_at(fresh(doc), ("list", 1, "other", 1), "a message")
    assert str(made) == str(doc.error(("list", 1, "other", 1), "a message"))
    assert (made.path, made.line, made.col, made.message) == ("x.yaml", 18, 16, "a message")
