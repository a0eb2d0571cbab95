"""`ttx new`: every scaffolded file validates as written, in the test root and in a copy of the
shipped one, with a schema line that resolves at any depth, a comment on every key, and refusals
of what would not validate."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from exercise.content.library import load
from exercise.content.scaffold import NewFile, ScaffoldError, new_role, split_list, write
from exercise.content.scaffold_inject import QUOTE_PLACEHOLDER, new_inject
from exercise.content.scaffold_scenario import new_scenario, spread_dates
from exercise.content.schema_keys import key_doc, keys, shared_keys
from exercise.content.schemas import schema
from exercise.content.validate import validate
from exercise.content.yamlio import parse_text
from tests.conftest import MINI_TEXTS, ROOT

# The only warnings a new file may bring, and why they cannot be avoided: a new inject is in no
# scenario yet (ttx new never edits another file), a new scenario schedules no injects yet.
UNAVOIDABLE = {
    "inject": ("no scenario uses this inject",),
    "scenario": ("gives no scheduled private inject",),
    "role": (),
}


@pytest.fixture
def shipped_copy(tmp_path) -> Path:
    dest = tmp_path / "shipped"
    for folder in ("roles", "injects", "indicators", "scenarios", "sources"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def scaffold(kind: str, root: Path, ident: str, **kw) -> NewFile:
    make = {"role": new_role, "inject": new_inject, "scenario": new_scenario}[kind]
    new = make(root, ident, **kw)
    write(new)
    return new


def problems(root: Path, paths: list[Path] | None = None) -> set[str]:
    return {str(p) for p in validate(root, paths).problems}


def schema_file(kind: str) -> Path:
    return Path(str(resources.files("exercise.schemas").joinpath(f"{kind}.schema.json")))


def comments(text: str) -> str:
    """The file's comments as one line of words (wrapping undone)."""
    said = [line.split("# ", 1)[1] for line in text.splitlines() if "# " in line]
    return " ".join(" ".join(said).split())


def modeline_target(path: Path) -> Path:
    first = path.read_text("utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    return (path.parent / match.group(1)).resolve()


@pytest.mark.parametrize("kind", ["role", "inject", "scenario"])
def test_each_kind_validates_in_the_test_root(kind, mini_copy, monkeypatch):
    monkeypatch.delenv("TTX_SOURCES", raising=False)
    before = problems(mini_copy)
    new = scaffold(kind, mini_copy, f"new-{kind}")
    report = validate(mini_copy, [new.path])
    assert report.problems == []
    assert all(any(w in x.message for w in UNAVOIDABLE[kind]) for x in report.warnings)
    # Whatever the test root's own state, the new file adds no problem to it.
    assert problems(mini_copy) == before
    assert modeline_target(new.path) == schema_file(kind).resolve()


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("role", {}),
        ("role", {"played": False, "name": "Riyadh (Saudi Arabia)"}),
        ("inject", {"scenario": "intervention"}),
        ("inject", {"scenario": "demo", "turn": 2, "audience": ("tehran", "damascus")}),
        ("inject", {"folder": "extra", "public": True, "date": "2016-02", "medium": "news"}),
        ("scenario", {}),
        ("scenario", {"roles": ("moscow", "tehran"), "turns": 3, "period": "2017-01..2017-12"}),
    ],
)
def test_each_kind_validates_in_a_copy_of_the_shipped_root(kind, options, shipped_copy):
    new = scaffold(kind, shipped_copy, f"new-{kind}", **options)
    report = validate(shipped_copy)
    assert report.problems == []
    shown = [w for w in report.warnings if Path(w.path).resolve() == new.path.resolve()]
    assert len(shown) == len(report.warnings)  # the shipped content itself passes --strict
    assert all(any(w in x.message for w in UNAVOIDABLE[kind]) for x in shown), shown
    assert f"new-{kind}" in getattr(load(shipped_copy).library, f"{kind}s")


@pytest.mark.parametrize("folder", [None, "one", "one/two"])
def test_the_schema_line_resolves_at_every_depth(folder, mini_copy):
    new = scaffold("inject", mini_copy, "deep", folder=folder)
    depth = len(new.path.relative_to(mini_copy).parts) - 1
    assert depth == 1 + (folder.count("/") + 1 if folder else 0)
    assert modeline_target(new.path) == schema_file("inject").resolve()


def test_in_the_shipped_layout_the_schema_line_is_the_shipped_one():
    # The repository is a root whose schemas sit beside its content: the same line as the
    # shipped files. Nothing is written (write() is not called).
    role = new_role(ROOT, "zz-unwritten")
    inject = new_inject(ROOT, "zz-unwritten", scenario="intervention")
    assert role.text.startswith("# yaml-language-server: $schema=../exercise/schemas/role.schema")
    assert inject.text.startswith(
        "# yaml-language-server: $schema=../../exercise/schemas/inject.schema.json\n"
    )
    assert inject.path == ROOT / "injects" / "intervention" / "zz-unwritten.yaml"
    assert not inject.path.exists()


@pytest.mark.parametrize("kind", ["role", "inject", "scenario"])
def test_every_required_key_is_there_under_a_comment_saying_what_it_means(kind, mini_copy):
    new = scaffold(kind, mini_copy, f"new-{kind}")
    lines = new.text.splitlines()
    data = parse_text("x", new.text).data
    said = comments(new.text)
    for doc in keys(kind):
        top = doc.path.split(".")[0].split("[")[0]
        if doc.required != "yes" or doc.path != top:
            continue
        assert top in data, top
        at = next(n for n, line in enumerate(lines) if line.startswith(f"{top}:"))
        assert lines[at - 1].startswith("#"), (top, lines[at - 1])
        assert " ".join(doc.meaning.split()).rstrip(".") in said, top


def test_nested_keys_are_described_too(mini_copy):
    text = comments(scaffold("scenario", mini_copy, "nested").text)
    for path in ("period.start", "turns[].date", "phases[].minutes", "indicators[].start"):
        assert key_doc("scenario", path).meaning.rstrip(".") in text, path
    text = comments(scaffold("inject", mini_copy, "nested2").text)
    for path in ("key", "quote"):
        assert key_doc("citation", path).meaning.rstrip(".") in text, path


def test_the_placeholder_quote_is_flagged_and_fails_only_against_the_texts(mini_copy):
    new = scaffold("inject", mini_copy, "quoted")
    data = parse_text("x", new.text).data
    [cite] = data["sources"]
    assert cite["key"] == "doc" and cite["quote"] == QUOTE_PLACEHOLDER
    assert "REPLACE the quote by a sentence copied verbatim" in comments(new.text)
    assert validate(mini_copy, [new.path]).problems == []
    grounded = validate(mini_copy, [new.path], MINI_TEXTS).problems
    assert [p.message for p in grounded if "quote not found verbatim" in p.message]


def test_a_private_inject_reaches_real_roles_and_is_dated_in_its_turn(shipped_copy):
    new = scaffold("inject", shipped_copy, "dated", scenario="intervention", turn=3)
    sc = load(shipped_copy).library.scenarios["intervention"]
    data = parse_text("x", new.text).data
    assert data["visibility"] == "private" and data["audience"] == [sc.roles[0]]
    assert data["date"] == sc.turns[2].date
    assert data["from"] == "control"
    assert new.path.parent.name == "intervention"  # where that scenario's injects live
    assert any("under schedule, turn 3" in step for step in new.next_steps)


def refused(match: str, make, *args, **kw) -> str:
    with pytest.raises(ScaffoldError) as err:
        make(*args, **kw)
    message = str(err.value)
    assert "\n" not in message and re.search(match, message), message
    return message


def test_ids_the_root_has_and_malformed_ids_are_refused(mini_copy):
    refused("ID moscow: the root already has a role 'moscow'", new_role, mini_copy, "moscow")
    refused("ID ankara: an actor", new_role, mini_copy, "ankara")
    refused("already has an inject 't1-news'", new_inject, mini_copy, "t1-news")
    refused("already has a scenario 'mini'", new_scenario, mini_copy, "mini")
    for bad in ("Moscow", "-x", "a b", "x" * 81, ""):
        refused(r"^ID .*: an id is lowercase letters", new_role, mini_copy, bad)
    # A file that does not load still holds its id.
    (mini_copy / "roles" / "broken.yaml").write_text("kind: role\nid: broken\n", "utf-8")
    refused("already has a role 'broken'", new_role, mini_copy, "broken")


def test_a_file_in_the_way_is_never_overwritten(mini_copy):
    new = new_role(mini_copy, "late")
    new.path.write_text("someone else's\n", "utf-8")
    refused("already exists", write, new)
    assert new.path.read_text("utf-8") == "someone else's\n"


def test_bad_arguments_are_refused_naming_the_argument(mini_copy, shipped_copy):
    r = mini_copy
    refused(
        "^--scenario nope: no such scenario .scenarios: mini.", new_inject, r, "x", scenario="nope"
    )
    refused("^--audience kyiv: no such role", new_inject, r, "x", audience=("kyiv",))
    refused("^--audience control: not a played role", new_inject, r, "x", audience=("control",))
    refused("^--audience: a public inject", new_inject, r, "x", public=True, audience=("moscow",))
    refused("^--from nobody: not a role or actor", new_inject, r, "x", sender="nobody")
    refused("^--turn 2: give --scenario", new_inject, r, "x", turn=2)
    refused(
        "^--turn 9: scenario 'mini' has turns 1 to 2", new_inject, r, "x", scenario="mini", turn=9
    )
    refused("^--date 2018-02-30: not a real date", new_inject, r, "x", date="2018-02-30")
    refused("^--date 2015-13: an in-world date", new_inject, r, "x", date="2015-13")
    refused(
        r"^--date 2017: outside the period of scenario 'mini' \(2015-09 to 2016-03\)",
        new_inject,
        r,
        "x",
        scenario="mini",
        date="2017",
    )
    refused(
        "^--date 2016-02: after turn 1", new_inject, r, "x", scenario="mini", turn=1, date="2016-02"
    )
    refused("^--folder ../up: a folder under injects/", new_inject, r, "x", folder="../up")
    refused("^--medium fax: one of", new_inject, r, "x", medium="fax")
    refused("^--roles control: not a played role", new_scenario, r, "x", roles=("control",))
    refused("^--turns 0: between 1 and", new_scenario, r, "x", turns=0)
    refused(r"^--period 2016: write it START\.\.END", new_scenario, r, "x", period="2016")
    refused(
        "^--period 2016..2015: it ends before it starts", new_scenario, r, "x", period="2016..2015"
    )
    refused("^--root .*: not a folder", new_role, r / "missing", "x")
    # The shipped root keeps its injects in folders: one must be named.
    refused(
        r"^--folder: the injects of .* are kept in folders \(aleppo", new_inject, shipped_copy, "x"
    )
    assert not list(r.rglob("x.yaml"))


def test_turns_are_spread_over_the_period_and_stay_inside_it():
    assert spread_dates("2015-09", "2016-03", 2) == ["2015-09", "2015-12"]
    assert spread_dates("2015-09-30", "2016-03", 3) == ["2015-09-30", "2015-11", "2016-01"]
    assert spread_dates("2016", "2017", 4) == ["2016", "2016-07", "2017-01", "2017-07"]
    # A period that ends mid-month: a turn in that month is dated by its first day.
    assert spread_dates("2016-01", "2016-02-10", 2) == ["2016-01", "2016-02-01"]
    assert spread_dates("2016-01", "2016-01", 3) == ["2016-01", "2016-01", "2016-01"]


def test_every_key_of_every_schema_has_a_meaning():
    for kind in ("role", "inject", "scenario", "bibliography", "citation", "condition"):
        rows = keys(kind) if kind in schema_kinds() else shared_keys(kind)
        if kind in schema_kinds():
            assert set(schema(kind)["properties"]) <= {d.path for d in rows}
        unexplained = [f"{kind}:{d.path}" for d in rows if not d.meaning]
        assert not unexplained, f"describe them in the schema or in key_meanings: {unexplained}"
        assert all(d.type for d in rows)


def schema_kinds() -> tuple[str, ...]:
    return ("role", "inject", "scenario", "bibliography")


def test_role_lists_are_split_on_commas_once_each():
    assert split_list(" moscow, tehran,,moscow ") == ("moscow", "tehran")
    assert split_list(None) == ()
