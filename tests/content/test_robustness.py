"""At least 500 mutated or malformed content files: clean errors (exit 2), never a traceback."""

import io
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercise.cli import main
from tests.conftest import MINI

LINE = re.compile(r"^[^:]+:\d+:\d+: .+$")
BASE = (MINI / "injects" / "t1-news.yaml").read_text()
JUNK = st.lists(
    st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\t\n \x00é€—ü") + ["  ", "\n  - ", ": ", "\r\n"]),
    max_size=8,
).map("".join)


@st.composite
def mutants(draw) -> bytes:
    text = BASE
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(
                ["delete", "insert", "dup_line", "swap", "indent", "truncate", "value", "key"]
            )
        )
        lines = text.split("\n")
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "delete" and text:
            a = draw(st.integers(0, len(text) - 1))
            text = text[:a] + text[a + draw(st.integers(1, 30)) :]
        elif op == "insert":
            a = draw(st.integers(0, len(text)))
            text = text[:a] + draw(JUNK) + text[a:]
        elif op == "dup_line":
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "   ", "\t"])) + lines[i].lstrip()
            text = "\n".join(lines)
        elif op == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif op == "value" and ": " in lines[i]:
            k = lines[i].split(": ", 1)[0]
            value = draw(
                st.one_of(
                    JUNK,
                    st.sampled_from(["[]", "{}", "~", "12", "-3", "true", "2016-13-45", "[a, b]"]),
                )
            )
            lines[i] = f"{k}: {value}"
            text = "\n".join(lines)
        elif op == "key" and ":" in lines[i]:
            lines[i] = (
                draw(st.sampled_from(["  colour", "visibilty", "tags", "- id", "options", "kind"]))
                + ":"
                + lines[i].split(":", 1)[1]
            )
            text = "\n".join(lines)
    raw = text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        raw = (
            draw(st.sampled_from([b"\xff\xfe", b"\x89PNG\r\n\x1a\n", b"\xc3\x28", b"\x00\x00"]))
            + raw
        )
    return raw


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("robust") / "content"
    shutil.copytree(MINI, dest)
    return dest


def run_validate(root: Path, path: Path) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", "--root", str(root), str(path)])
    return code, out.getvalue().splitlines(), err.getvalue()


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=mutants())
def test_mutated_files_give_clean_errors(root, raw):
    target = root / "injects" / "t1-news.yaml"
    target.write_bytes(raw)
    code, lines, err = run_validate(root, target)
    assert code in (0, 2)
    assert "Traceback" not in err
    for line in lines:
        assert LINE.match(line), line
    if code == 2:
        assert lines, err
    target.write_text(BASE)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\n\n",
        b"---\n",
        b"null",
        b"42",
        b"'just a string'",
        b"[1, 2]",
        b"kind: inject",
        b"kind: nonsense\nid: x",
        b"\xef\xbb\xbf",
        b"a: &x [*x]",
        b"{" * 200,
        b"- " * 300,
        b"kind: inject\n" + b"x" * 100_000,
    ],
)
def test_degenerate_files(root, raw):
    target = root / "injects" / "t1-news.yaml"
    target.write_bytes(raw)
    try:
        code, lines, err = run_validate(root, target)
    finally:
        target.write_text(BASE)
    assert code == 2 and lines and all(LINE.match(x) for x in lines), (lines, err)


@settings(max_examples=300, deadline=None)
@given(raw=mutants())
def test_fast_check_agrees_with_jsonschema(raw):
    """The compiled pre-check and jsonschema must give the same verdict on every mutant."""
    import fastjsonschema

    from exercise.content.schemas import fast_check, validator
    from exercise.content.yamlio import ContentError, parse_text

    try:
        doc = parse_text("x.yaml", raw.decode("utf-8"))
    except (ContentError, UnicodeDecodeError):
        return
    for kind in ("inject", "role", "scenario", "bibliography"):
        try:
            fast_check(kind)(doc.data)
            fast_ok = True
        except fastjsonschema.JsonSchemaException:
            fast_ok = False
        assert fast_ok == validator(kind).is_valid(doc.data), kind
