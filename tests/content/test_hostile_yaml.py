"""Hostile YAML: bombs, deep nesting, huge numbers, control characters, binary data.

Each gives one `file:line:col: message` and exit 2, quickly, on libyaml and on the pure-Python
parser alike. The fast path is checked in real processes: a stack overflow there is a segfault,
which no in-process test could survive.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from exercise.cli import main
from exercise.content import yamlio
from exercise.content.yamlio import ContentError, parse_text
from tests.conftest import MINI, ROOT

HEAD = "kind: inject\nid: hostile\n"


def alias_bomb() -> str:  # "billion laughs": nine levels of nine aliases, 9**9 values
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return HEAD + "\n".join(lines) + "\n"


def merge_bomb() -> str:  # merge keys doubling at every level
    lines = ["m0: &m0 {k: 1}"] + [
        f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}" for i in range(1, 40)
    ]
    return HEAD + "\n".join(lines) + "\n"


def binary() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4000)


DEEP = 50_000
CASES = {  # name: (file content, line of the problem, words in the message)
    "alias-bomb": (alias_bomb(), 3, "alias bomb"),
    "merge-bomb": (merge_bomb(), 4, "alias bomb"),
    "deep-list": (HEAD + "v: " + "[" * DEEP + "]" * DEEP + "\n", 3, "nested more than 64 levels"),
    "deep-flow-map": (
        HEAD + "v: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n",
        3,
        "nested more than 64 levels",
    ),
    "deep-block-map": (
        HEAD + "v:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 1000)),
        67,
        "nested more than 64 levels",
    ),
    "deep-compact-list": (HEAD + "v:\n  " + "- " * DEEP + "x\n", 4, "nested more than 64 levels"),
    "deep-cr-lines": (
        (HEAD + "v:\n" + "".join("  " * i + "- \n" for i in range(1, 1000))).replace("\n", "\r"),
        67,
        "nested more than 64 levels",
    ),
    "huge-int": (HEAD + "title: 1\nv: " + "9" * 100_000 + "\n", 4, "100,000 digits"),
    "escaped-control": (HEAD + 'title: "bell\\a and nul\\0"\n', 3, "control character U+0007"),
    "raw-control": (HEAD + "title: bell\x07\n", 3, "control character U+0007"),
    "nul": (HEAD + "title: a\x00b\n", 3, "NUL byte"),
    "bad-tag-value": (HEAD + "v: !!int abc\n", 3, "'abc' is not a valid int"),
    "invalid-utf8": (HEAD.encode() + b"title: caf\xe9\n", 3, "not UTF-8"),
    "binary": (binary(), 1, "not UTF-8"),
    "too-large": (HEAD + "# padding\n" * 900_000, 1, "at most 8 MB"),
}


def write(path, content) -> None:
    if isinstance(content, str):
        path.write_bytes(content.encode())
    else:
        path.write_bytes(content)


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory):
    """A copy of the mini content with every hostile file beside it (outside the root)."""
    base = tmp_path_factory.mktemp("hostile")
    shutil.copytree(MINI, base / "content")
    for name, (content, _, _) in CASES.items():
        write(base / f"{name}.yaml", content)
    return base


def run(args: list[str], *, pure: bool = False) -> subprocess.CompletedProcess:
    code = (
        "import sys\nimport exercise.content.yamlio as y\ny.ContentLoader = y.PureContentLoader\n"
        "from exercise.cli import main\nsys.exit(main(sys.argv[1:]))"
    )
    head = [sys.executable, "-c", code] if pure else [sys.executable, "-m", "exercise"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        head + args, capture_output=True, text=True, timeout=30, cwd=ROOT, env=env
    )


def assert_one_problem(out: str, path, line: int, words: str) -> None:
    first = out.splitlines()[0]
    assert re.fullmatch(rf"{re.escape(str(path))}:{line}:\d+: .*{re.escape(words)}.*", first), out[
        :500
    ]


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize("name", CASES)
def test_validate_gives_one_line_and_exit_2(hostile_root, name, pure):
    if pure and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml missing: the default run already is the pure-Python parser")
    _, line, words = CASES[name]
    target = hostile_root / f"{name}.yaml"
    done = run(["validate", str(target), "--root", str(hostile_root / "content")], pure=pure)
    assert done.returncode == 2, (done.stdout[:500], done.stderr[-2000:])
    assert "Traceback" not in done.stdout + done.stderr
    assert_one_problem(done.stdout, target, line, words)


@pytest.mark.parametrize(
    "name", ["alias-bomb", "deep-list", "deep-flow-map", "huge-int", "nul", "binary"]
)
def test_simulate_refuses_hostile_content_in_one_line(tmp_path, name):
    content, line, words = CASES[name]
    shutil.copytree(MINI, tmp_path / "content")
    target = tmp_path / "content" / "injects" / f"{name}.yaml"
    write(target, content)
    done = run(
        [
            "simulate",
            "mini",
            "--root",
            str(tmp_path / "content"),
            "--session",
            str(tmp_path / "s.ttx"),
        ]
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr[-2000:]
    assert re.search(rf"{re.escape(str(target))}:{line}:\d+: .*{re.escape(words)}", done.stderr), (
        done.stderr
    )
    assert not (tmp_path / "s.ttx").exists()


def test_a_pipe_named_yaml_is_refused_not_read(tmp_path):
    shutil.copytree(MINI, tmp_path / "content")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = run(["validate", str(fifo), "--root", str(tmp_path / "content")])
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert_one_problem(done.stdout, fifo, 1, "not a regular file")


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request, monkeypatch):
    if request.param == "pure-python":
        monkeypatch.setattr(yamlio, "ContentLoader", yamlio.PureContentLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml is not installed")
    return request.param


def problem(text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        parse_text("x.yaml", text)
    assert "\n" not in str(info.value)
    return info.value


def test_depth_limit_is_exact(loader):
    inside = "v: " + "[" * 63 + "]" * 63 + "\n"  # the top mapping and 63 lists: 64 levels
    value = parse_text("x.yaml", inside).data["v"]
    for _ in range(62):
        value = value[0]
    assert value == []
    err = problem("v: " + "[" * 64 + "]" * 64 + "\n")
    assert (err.line, err.col, err.message) == (
        1,
        67,
        "invalid YAML: nested more than 64 levels deep",
    )
    block = (
        "v:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 64)) + "  " * 64 + "x\n"
    )  # 64 levels
    assert parse_text("x.yaml", block).data["v"]["k1"]["k2"]
    err = problem("v:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 65)) + "  " * 65 + "x\n")
    assert (err.line, err.col) == (65, 129) and "nested more than 64" in err.message


def test_values_budget_counts_alias_expansion(loader, monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_VALUES", 100)
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    assert len(parse_text("x.yaml", text).data["b"]) == 8  # 2 + 10 + 8 + 8 * 10 = 100
    err = problem(text.replace("*a]", "*a, *a]"))
    assert err.line == 1 and "more than 100 values" in err.message and "alias bomb" in err.message


def test_merge_keys_follow_yaml_and_cannot_blow_up(loader, monkeypatch):
    doc = parse_text(
        "x.yaml", "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n"
    )
    assert doc.data["c"] == {"x": 3, "y": 1, "z": 2}  # own keys win, then the first merged mapping
    assert "takes a mapping" in problem("a:\n  <<: 1\n").message
    assert "duplicate key 'x'" in problem("a: {x: 1, x: 2}\n").message
    monkeypatch.setattr(yamlio, "MAX_VALUES", 1000)
    assert "alias bomb" in problem(merge_bomb()).message


def test_numbers_and_escapes(loader):
    assert parse_text("x.yaml", "v: " + "9" * 30 + "\n").data["v"] == int("9" * 30)
    assert parse_text("x.yaml", "v: -1_000\n").data["v"] == -1000
    assert "31 digits" in problem("v: " + "9" * 31 + "\n").message
    assert parse_text("x.yaml", 'v: "tab\\there\\nnext"\n').data["v"] == "tab\there\nnext"
    for escape, code in [
        ("\\0", "0000"),
        ("\\e", "001B"),
        ("\\r", "000D"),
        ("\\x85", "0085"),
        ("\\u007f", "007F"),
    ]:
        err = problem(f'k: 1\nv: "a{escape}b"\n')
        assert (err.line, err.col) == (2, 4) and f"U+{code}" in err.message, err
    err = problem('"key\\0": 1\n')
    assert "U+0000" in err.message
    assert "not a valid bool" in problem("v: !!bool maybe\n").message


def test_raw_control_character_position(loader):
    err = problem("a: 1\nbé: x\x1bz\n")
    assert (err.line, err.col) == (2, 6) and "U+001B" in err.message


def test_messages_stay_on_one_line():
    err = ContentError("x.yaml", 1, 2, "unknown key 'a\nb\x1b[31m'")
    assert str(err) == "x.yaml:1:2: unknown key 'a\\nb\\x1b[31m'"


def test_hostile_files_never_hang_in_process(hostile_root, loader):
    """The same files through the library API, for the parser the subprocesses did not swap in."""
    for name, (_, line, words) in CASES.items():
        with pytest.raises(ContentError) as info:
            yamlio.read_document(hostile_root / f"{name}.yaml")
        assert info.value.line == line and words in info.value.message, (name, info.value)


# The depth gate: whatever it clears must really be that shallow, on both parsers. A small
# MAX_DEPTH makes random documents exceed it often enough to catch an unsound bound.
PIECES = [
    "- ",
    "-\t",
    "? ",
    ": ",
    "&a ",
    "!t ",
    "--- ",
    "- &a ",
    "k:",
    "k: v",
    "v",
    "[",
    "{a: [",
    "]",
    "}",
    "k: [",
    "k: {",
    "*a",
    "k: &a",
    "- k:",
    "'x'",
    '"y"',
    "[a, [b, {c: d}]]",
    "{a: {b: [c]}}",
]
LINE_TEXT = st.tuples(
    st.sampled_from([0, 0, 1, 2, 2, 3, 4, 6, 8]), st.lists(st.sampled_from(PIECES), max_size=5)
).map(lambda t: " " * t[0] + "".join(t[1]))


def true_depth(text: str, loader_class) -> int:
    depth = deepest = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            depth -= 1
    return deepest


def check_gate(text: str, limit: int) -> None:
    old = yamlio.MAX_DEPTH
    yamlio.MAX_DEPTH = limit
    try:
        cleared = yamlio._surely_shallow(text)
    finally:
        yamlio.MAX_DEPTH = old
    if not cleared:
        return
    for loader_class in {getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader}:
        try:
            depth = true_depth(text, loader_class)
        except yaml.YAMLError:
            continue
        assert depth <= limit, (text, depth, limit)


@settings(max_examples=500, deadline=None)
@given(
    lines=st.lists(LINE_TEXT, min_size=1, max_size=14),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    limit=st.integers(2, 12),
)
def test_depth_gate_is_sound_on_token_soup(lines, newline, limit):
    check_gate(newline.join(lines), limit)


TREES = st.recursive(
    st.just("v"),
    lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=2).map(lambda items: ("seq", items)),
        st.lists(kids, min_size=1, max_size=2).map(lambda items: ("map", items)),
    ),
    max_leaves=12,
)
PROPERTY = {"map": ["", "", " &x", " !!map"], "seq": ["", "", " &x", " !!seq"]}


def render(node, indent: int, rnd: random.Random, flow_ok: bool = True) -> list[str]:
    """Block YAML for `node` at `indent`, every nesting style chosen at random: compact
    (`- - v`, `- k: v`), indentless sequences, one-space steps, flow collections, properties."""
    pad = " " * indent
    if node == "v":
        return [pad + "v"]
    kind, items = node
    if flow_ok and rnd.random() < 0.15:
        return [pad + flow(node)]
    lines = []
    for n, child in enumerate(items):
        head = pad + ("- " if kind == "seq" else f"k{n}: ")
        if child == "v" or rnd.random() < 0.2:
            lines.append(head + flow(child))
        elif kind == "seq" and rnd.random() < 0.6:
            inner = render(child, indent + 2, rnd)  # compact: the child starts after "- "
            lines += [head + inner[0][indent + 2 :]] + inner[1:]
        else:
            lines.append(head.rstrip() + rnd.choice(PROPERTY[child[0]]))
            shared = kind == "map" and child[0] == "seq" and rnd.random() < 0.5  # indentless
            lines += render(
                child, indent if shared else indent + rnd.choice([1, 2]), rnd, not shared
            )
    return lines


def flow(node) -> str:
    if node == "v":
        return "v"
    kind, items = node
    if kind == "seq":
        return "[" + ", ".join(flow(c) for c in items) + "]"
    return "{" + ", ".join(f"k{n}: {flow(c)}" for n, c in enumerate(items)) + "}"


@settings(max_examples=500, deadline=None)
@given(tree=TREES, seed=st.integers(0, 2**16), limit=st.integers(2, 12))
def test_depth_gate_is_sound_on_nested_documents(tree, seed, limit):
    text = "\n".join(render(("map", [tree]), 0, random.Random(seed))) + "\n"
    check_gate(text, limit)


TIGHT = {  # the shapes that nest most per column: two levels per column, or one per two
    "indentless": lambda n: (
        "".join(f"{' ' * c}k:\n{' ' * c}-\n" for c in range(n)) + " " * n + "v\n"
    ),
    "compact": lambda n: "- " * n + "v\n",
    "one-space": lambda n: "".join(f"{' ' * c}k:\n" for c in range(n)) + " " * n + "v\n",
    "mixed-flow": lambda n: "k:\n- " + "[" * n + "]" * n + "\n",
}


@pytest.mark.parametrize("shape", TIGHT)
def test_depth_gate_holds_at_the_edge_of_the_tightest_shapes(shape):
    for n in range(1, 30):
        for limit in range(2, 40):
            check_gate(TIGHT[shape](n), limit)


def test_shipped_content_takes_the_fast_path():
    files = [
        p
        for folder in ("roles", "injects", "indicators", "scenarios", "sources")
        for p in (ROOT / folder).rglob("*.yaml")
    ]
    assert files and all(yamlio._surely_shallow(p.read_text("utf-8")) for p in files)


def test_main_in_process_reports_deep_file(tmp_path, capsys, loader):
    shutil.copytree(MINI, tmp_path / "content")
    target = tmp_path / "deep.yaml"
    target.write_text(CASES["deep-list"][0])
    assert main(["validate", str(target), "--root", str(tmp_path / "content")]) == 2
    assert_one_problem(capsys.readouterr().out, target, 3, "nested more than 64")
