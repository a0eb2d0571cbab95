"""YAML syntax errors in plain words, at the place the author has to change, on both parsers.

Each case breaks one line of a small inject the way authors do, and expects the exact
`line:col` and words, from libyaml (yaml.CSafeLoader underneath) and from PyYAML's pure-Python
parser (yaml.SafeLoader) alike. Then what a value means: YAML 1.2 booleans, dates kept as text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercise.content import yamlio
from exercise.content.yamlio import ContentError, parse_text
from tests.conftest import ROOT

BASE = """\
kind: inject
id: sample
title: The last districts
date: "2016-12"
from: control
medium: news
visibility: public
deciders: [moscow, tehran]
body: |
  Russian officers have arranged terms for the remaining fighters
  to leave the last pocket.
questions:
  - "Moscow: how far do you press your partner?"
  - "Tehran: what do you gain by holding up the deal?"
options:
  - id: enforce-terms
    label: Insist the terms hold
    roles: [moscow]
    tags: [coerce, signal]
    effects: {cohesion: -1, leverage: 1}
  - id: renegotiate
    label: Reopen the terms
    roles: [moscow]
    effects: {cohesion: 1}
history:
  text: What the real actors did.
"""

REPLACE, INSERT = "replace", "insert"


class Case(NamedTuple):
    edit: str  # replace line N, or insert a line before line N
    line: int
    text: str
    where: str  # line:col of the problem
    words: str  # after "invalid YAML: "


def broken(case: Case) -> str:
    lines = BASE.split("\n")
    if case.edit == REPLACE:
        lines[case.line - 1] = case.text
    else:
        lines.insert(case.line - 1, case.text)
    return "\n".join(lines)


CASES = {
    "unclosed double quote": Case(
        REPLACE,
        4,
        'date: "2016-12',
        "4:7",
        (
            'a quoted string opened here is never closed: add the closing " (without it, '
            "the string runs on to line 13)"
        ),
    ),
    "unclosed quote in a list": Case(
        REPLACE,
        13,
        '  - "Moscow: how far do you press your partner?',
        "13:5",
        (
            'a quoted string opened here is never closed: add the closing " (without it, '
            "the string runs on to line 14)"
        ),
    ),
    "unclosed quote at the end": Case(
        REPLACE,
        26,
        "  text: 'What the real actors did.",
        "26:9",
        ("a quoted string opened here is never closed: the file ends before its closing '"),
    ),
    "tab indentation": Case(
        REPLACE,
        22,
        "\tlabel: Reopen the terms",
        "22:1",
        (
            "a tab is used to indent this line; YAML indents with spaces only: replace "
            "the tab with spaces"
        ),
    ),
    "tab after spaces": Case(
        REPLACE,
        22,
        "    \tlabel: Reopen the terms",
        "22:5",
        (
            "a tab is used to indent this line; YAML indents with spaces only: replace "
            "the tab with spaces"
        ),
    ),
    "tab after a colon": Case(
        REPLACE,
        6,
        "medium:\tnews",
        "6:8",
        (
            "a tab here: use spaces (tabs are only safe inside quoted text and inside "
            "text blocks written with | or >)"
        ),
    ),
    "missing colon": Case(
        REPLACE,
        18,
        "    roles [moscow]",
        "18:5",
        (
            "this line has no ':' after its first word 'roles': write 'key: value', or, "
            "if the line continues the text above, indent it further"
        ),
    ),
    "missing colon at the top": Case(
        REPLACE,
        6,
        "medium news",
        "6:1",
        (
            "this line has no ':' after its first word 'medium': write 'key: value', or, "
            "if the line continues the text above, indent it further"
        ),
    ),
    "no space after colon": Case(
        REPLACE,
        18,
        "    roles:[moscow]",
        "18:5",
        ("a ':' after a key needs a space after it: write 'roles: [moscow]'"),
    ),
    "list item indented too far": Case(
        REPLACE,
        21,
        "   - id: renegotiate",
        "21:4",
        (
            "this list item starts at column 4, but the list item on line 16 starts at "
            "column 3: the items of one list start at the same column"
        ),
    ),
    "list item indented too little": Case(
        REPLACE,
        21,
        " - id: renegotiate",
        "21:2",
        (
            "this list item starts at column 2, but the list item on line 16 starts at "
            "column 3: the items of one list start at the same column"
        ),
    ),
    "list item with no space": Case(
        REPLACE,
        21,
        "  -id: renegotiate",
        "21:3",
        ("a list item needs a space after its '-': write '- id: renegotiate'"),
    ),
    "key indented too little": Case(
        REPLACE,
        22,
        "   label: Reopen the terms",
        "22:4",
        (
            "the key 'label' starts at column 4, but the key 'id' on line 21 starts at "
            "column 5: the keys of one mapping start at the same column"
        ),
    ),
    "key indented too far": Case(
        REPLACE,
        22,
        "      label: Reopen the terms",
        "22:7",
        (
            "the key 'label' is indented more than the line above it (line 21), so it is "
            "read as part of that line's value: line it up with the key there (column "
            "5), or, to nest it, leave the value on line 21 empty"
        ),
    ),
    "list item among keys": Case(
        INSERT,
        16,
        "  effects: {cohesion: 1}",
        "17:3",
        (
            "a list item at the column of the key 'effects' (line 16): one block cannot "
            "hold both keys and list items; put the list under the key it belongs to"
        ),
    ),
    "colon inside a value": Case(
        REPLACE,
        17,
        "    label: Insist: the terms hold",
        "17:18",
        (
            "the value of 'label' contains ': ', which YAML reads as the start of a new "
            "key: put the whole value in quotes"
        ),
    ),
    "text after a closing quote": Case(
        REPLACE,
        17,
        '    label: "Insist" the terms hold',
        "17:21",
        ('text after the closing ": put the whole value in quotes, or leave the quotes out'),
    ),
    "apostrophe in single quotes": Case(
        REPLACE,
        17,
        "    label: 'Insist on Russia's terms'",
        "17:29",
        (
            "this ' ends the single-quoted string, so the text after it cannot be read: "
            "inside single quotes write an apostrophe as '' (twice), or use double quotes"
        ),
    ),
    "unclosed bracket": Case(
        REPLACE,
        18,
        "    roles: [moscow",
        "18:12",
        ("a list opened with '[' here is never closed: add the ']'"),
    ),
    "missing comma in braces": Case(
        REPLACE,
        20,
        "    effects: {cohesion: -1 leverage: 1}",
        "20:36",
        (
            "expected ',' or '}' here: the entries of a { } mapping are separated by "
            "commas (put one that contains ': ' or a comma in quotes)"
        ),
    ),
    "question mark in brackets": Case(
        REPLACE,
        19,
        "    tags: [coerce, signal?]",
        "19:26",
        ("a '?' in a value inside [ ] must be in quotes: write \"signal?\""),
    ),
    "value starting with @": Case(
        REPLACE,
        3,
        "title: @moscow reports",
        "3:8",
        ("a value cannot start with '@' (YAML reserves it): put the value in quotes"),
    ),
    "value starting with *": Case(
        REPLACE,
        3,
        "title: *urgent* news",
        "3:8",
        (
            "'*urgent*' starts with '*', which YAML reads as an alias (a reference to an "
            "anchor written '&name'): put the value in quotes"
        ),
    ),
    "unknown escape": Case(
        REPLACE,
        3,
        'title: "C:\\path"',
        "3:11",
        (
            "'\\p' is not an escape YAML knows inside double quotes: write '\\\\' for a "
            "backslash, or use single quotes"
        ),
    ),
    "block text dedented": Case(
        REPLACE,
        11,
        " to leave the last pocket.",
        "11:2",
        (
            "this line is less indented than the block of text it belongs to (line 10, "
            "column 3), so the block ends above it: indent every line of a block at "
            "least as far as its first line"
        ),
    ),
    "text after a block sign": Case(
        REPLACE,
        9,
        "body: | Russian officers",
        "9:7",
        (
            "text after '|' on the same line: a block of text written with | or > starts "
            "on the next line, indented"
        ),
    ),
    "second document": Case(
        INSERT,
        12,
        "---",
        "12:1",
        (
            "a second document starts here ('---'): a content file holds one object, so "
            "remove this line, or move what follows into a file of its own"
        ),
    ),
    "duplicate key": Case(
        INSERT,
        18,
        "    label: Insist again",
        "18:5",
        ("duplicate key 'label': it is already set on line 17; a key may appear once in a mapping"),
    ),
    "duplicate key at the top": Case(
        INSERT,
        7,
        "title: Again",
        "7:1",
        ("duplicate key 'title': it is already set on line 3; a key may appear once in a mapping"),
    ),
}

LOADERS = {"CSafeLoader": yamlio.ContentLoader, "SafeLoader": yamlio.PureContentLoader}


@pytest.fixture(params=list(LOADERS))
def loader(request, monkeypatch):
    """Parse with libyaml or with the pure-Python parser: every answer must be the same."""
    chosen = LOADERS[request.param]
    if request.param == "CSafeLoader" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml is not installed")
    assert issubclass(chosen, getattr(yaml, request.param))
    monkeypatch.setattr(yamlio, "ContentLoader", chosen)
    return chosen


def problem(text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        parse_text("x.yaml", text)
    return info.value


def test_the_base_document_reads(loader):
    assert parse_text("x.yaml", BASE).data["options"][1]["effects"] == {"cohesion": 1}


@pytest.mark.parametrize("name", list(CASES))
def test_a_mistake_is_named_where_it_is_made(loader, name):
    case = CASES[name]
    assert str(problem(broken(case))) == f"x.yaml:{case.where}: invalid YAML: {case.words}"


def with_quote_removed(path: Path) -> tuple[str, int, int] | None:
    """The file with the closing quote of its `date:` line removed; that line, the next quote's."""
    lines = path.read_text(encoding="utf-8").split("\n")
    n = next((i for i, line in enumerate(lines) if line.startswith('date: "')), None)
    if n is None:
        return None
    lines[n] = lines[n].rstrip()[:-1]
    later = next(i for i in range(n + 1, len(lines)) if '"' in lines[i])
    return "\n".join(lines), n + 1, later + 1


def test_a_shipped_inject_missing_a_closing_quote(loader):
    """PyYAML's words used to come where the next quote happened to be: 57 lines late here."""
    path = ROOT / "injects/south/sth-strike-tempo.yaml"
    if not path.exists():
        pytest.skip("the shipped inject has moved")
    found = with_quote_removed(path)
    assert found is not None
    text, line, later = found
    assert later - line > 30
    err = problem(text)
    assert (err.line, err.col) == (line, 7)
    assert err.message == (
        'invalid YAML: a quoted string opened here is never closed: add the closing " '
        f"(without it, the string runs on to line {later})"
    )


def test_every_shipped_inject_missing_a_closing_quote_is_told_at_the_quote(loader):
    tried = 0
    for path in sorted((ROOT / "injects").rglob("*.yaml")):
        found = with_quote_removed(path)
        if found is None:
            continue
        text, line, _ = found
        tried += 1
        err = problem(text)
        assert (err.line, err.col) == (line, 7), (path, str(err))
        assert "a quoted string opened here is never closed" in err.message, (path, str(err))
    assert tried > 100


# The parsers disagree on a few things; the file must mean the same on both


def test_what_only_libyaml_reads_is_refused_on_both(loader):
    # libyaml reads a tab after a key's ':' and a '?' inside [ ]; PyYAML refuses both.
    assert str(problem("kind: inject\nmedium:\tnews\n")) == (
        "x.yaml:2:8: invalid YAML: a tab here: use spaces (tabs are only safe inside quoted "
        "text and inside text blocks written with | or >)"
    )
    assert str(problem("kind: inject\nroles: [damascus?]\n")) == (
        "x.yaml:2:17: invalid YAML: a '?' in a value inside [ ] must be in quotes: write "
        '"damascus?"'
    )


def test_what_only_pyyaml_reads_is_read_on_both(loader):
    # libyaml refuses `[word:]`, PyYAML reads a mapping with an empty value: so do both.
    doc = parse_text("x.yaml", "kind: inject\ntags: [signal, military:]\nx: 1\n")
    assert doc.data["tags"] == ["signal", {"military": None}]
    assert doc.mark(("x",)) == (3, 4)


def test_duplicate_keys_are_found_in_every_form(loader):
    assert str(problem("a: 1\nb:\n  c: 1\n  c: 2\n")) == (
        "x.yaml:4:3: invalid YAML: duplicate key 'c': it is already set on line 3; a key may "
        "appear once in a mapping"
    )
    assert "duplicate key 'c': it is already set on line 1" in problem("b: {c: 1, c: 2}\n").message


# What a value means: YAML 1.2, as editors read it


def test_only_true_and_false_are_booleans(loader):
    text = (
        "id: no\na: yes\nb: on\nc: off\nd: y\ne: n\nf: Yes\ng: NO\nh: On\n"
        "t1: true\nt2: True\nt3: TRUE\nf1: false\nf2: False\nf3: FALSE\non: key\n"
    )
    assert parse_text("x.yaml", text).data == {
        "id": "no",
        "a": "yes",
        "b": "on",
        "c": "off",
        "d": "y",
        "e": "n",
        "f": "Yes",
        "g": "NO",
        "h": "On",
        "t1": True,
        "t2": True,
        "t3": True,
        "f1": False,
        "f2": False,
        "f3": False,
        "on": "key",
    }


def test_dates_stay_as_written(loader):
    text = "a: 2016-03-01\nb: 2016-03\nc: 2016-03-01 10:00:00\nd: 2016-03-01T10:00:00Z\n"
    assert parse_text("x.yaml", text).data == {
        "a": "2016-03-01",
        "b": "2016-03",
        "c": "2016-03-01 10:00:00",
        "d": "2016-03-01T10:00:00Z",
    }


def test_an_inject_with_id_no_validates(loader):
    from exercise.content.schemas import check

    as_no = parse_text("x.yaml", BASE.replace("id: sample", "id: no"))
    assert as_no.data["id"] == "no"
    same = parse_text("x.yaml", BASE)
    assert [p.message for p in check(as_no, "inject")] == [p.message for p in check(same, "inject")]


# Whatever the mistake, both parsers give the same one line


SHIPPED = sorted((ROOT / "injects").rglob("*.yaml"))[:40]
EDITS = st.sampled_from(["delete", "insert", "indent", "dedent", "tab", "duplicate", "swap"])
CHARS = st.sampled_from(list(" \t:-\"'[]{}#|>*&!%@`,?x"))


def mutated(text: str, data) -> str:
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 2))):
        i = data.draw(st.integers(0, len(lines) - 1))
        line, edit = lines[i], data.draw(EDITS)
        j = data.draw(st.integers(0, len(line)))
        if edit == "delete" and line:
            line = line[: min(j, len(line) - 1)] + line[min(j, len(line) - 1) + 1 :]
        elif edit == "insert":
            line = line[:j] + data.draw(CHARS) + line[j:]
        elif edit == "indent":
            line = " " * data.draw(st.integers(1, 3)) + line
        elif edit == "dedent":
            line = line[1:] if line.startswith(" ") else line
        elif edit == "tab":
            line = "\t" + line.lstrip(" ")
        elif edit == "duplicate":
            lines.insert(i, line)
        elif edit == "swap" and i + 1 < len(lines):
            lines[i], line = lines[i + 1], lines[i]
        lines[i] = line
    return "\n".join(lines)


def outcome(text: str, chosen: type) -> str:
    keep = yamlio.ContentLoader
    yamlio.ContentLoader = chosen
    try:
        return repr(parse_text("x.yaml", text).data)
    except ContentError as err:
        assert re.fullmatch(r"x\.yaml:\d+:\d+: [^\n]+", str(err)), str(err)
        return str(err)
    finally:
        yamlio.ContentLoader = keep


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="libyaml is not installed")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHIPPED), st.data())
def test_both_parsers_give_the_same_answer(path, data):
    text = mutated(path.read_text(encoding="utf-8"), data)
    assert outcome(text, LOADERS["CSafeLoader"]) == outcome(text, LOADERS["SafeLoader"])


# A '?' after a bracket: doubtful only where the bracket can open a collection
TOKENS = ["x", "?", "x?", "a?b", ", ", "[", "]", "{", "}", ": ", "- ", " ", '"q?"', "'q'", "ab"]
PIECES = st.lists(st.sampled_from(TOKENS), max_size=8).map("".join)
FORMS = st.sampled_from(
    [
        "k: {}\n",
        "k: text with {}\n",
        "k: |\n  prose {}\n",
        "k: >\n  prose\n  more {}\n",
        "k:\n  - {}\n",
        "k: [a, {}]\n",
        'k: "quoted {}"\n',
        "k: plain\n  continued {}\n",
        "{}: v\n",
    ]
)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="libyaml is not installed")
@settings(max_examples=400, deadline=None)
@given(FORMS, PIECES)
def test_brackets_and_question_marks_read_alike_on_both(form, piece):
    text = "kind: inject\n" + form.format(piece)
    assert outcome(text, LOADERS["CSafeLoader"]) == outcome(text, LOADERS["SafeLoader"])


def test_prose_with_brackets_and_a_question_is_not_parsed_twice():
    assert not yamlio._doubtful("body: |\n  A note with [brackets]. What now?\n")
    assert not yamlio._doubtful("body: A note with [brackets]. What now?\n")
    assert yamlio._doubtful("roles: [damascus?]\n")
    assert yamlio._doubtful("k:\n  - {a?: 1}\n")
