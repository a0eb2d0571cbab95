"""The root cause first: a file that does not load is told once, not in every file that names it.

Before, one unknown key in roles/moscow.yaml gave hundreds of "unknown role 'moscow'" lines in
the files naming that role, and its own message was lost among them. Now a name that only a
file that did not load defines is counted, and the count is one note beside that file's own
problem. The same for an indicator misspelt where a scenario defines it: said once, there.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from exercise.cli import main
from exercise.content.crossref import cross_check
from exercise.content.library import load
from tests.conftest import MINI, ROOT
from tests.content.test_crossref_checks import MINI2

SHIPPED = ("roles", "injects", "indicators", "scenarios", "sources")


@pytest.fixture
def shipped(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped content, the current folder (paths print as an author types them)."""
    root = tmp_path / "content"
    for folder in SHIPPED:
        shutil.copytree(ROOT / folder, root / folder)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def mini(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    monkeypatch.chdir(root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["validate", "--root", ".", *args])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.strip()


def checked(root: Path, *asked: str) -> list[str]:
    """Every line load and cross_check give, as validate reports them (only `asked`, if given)."""
    loaded = load(root, [root / a for a in asked] if asked else None)
    problems = loaded.problems + cross_check(loaded)
    if asked:
        problems = [p for p in problems if p.path in asked]
    return [str(p) for p in sorted(problems, key=lambda p: (p.path, p.line, p.col))]


def note(path: str, line: int, col: int, names: str) -> re.Pattern[str]:
    return re.compile(
        rf"{re.escape(path)}:{line}:{col}: \d+ references to {names} in \d+ files were not "
        rf"checked because {re.escape(path)} did not load"
    )


# The shipped content, as an author would break it


def test_unknown_key_in_a_role_is_one_problem_and_one_note(shipped, capsys):
    edit(shipped / "roles/moscow.yaml", "played: true\n", "played: true\nplayd: yes\n")
    code, lines, err = validate(capsys)
    assert code == 2
    assert len(lines) == 2, lines
    assert lines[0] == "roles/moscow.yaml:6:1: unknown key 'playd'; did you mean 'played'?"
    assert note("roles/moscow.yaml", 6, 1, "'moscow'").fullmatch(lines[1]), lines[1]
    assert err.startswith("2 problems in 1 file ")


def test_unreadable_yaml_in_the_control_role_quiets_its_actors_too(shipped, capsys):
    # A quote never closed: the file cannot be read at all, so its id and its actors' ids are
    # found in the text; every inject sent by an actor would otherwise be "unknown sender".
    edit(shipped / "roles/control.yaml", "played: false", 'played: "false')
    code, lines, _ = validate(capsys)
    assert code == 2 and len(lines) == 2, lines
    assert lines[0] == (
        "roles/control.yaml:5:9: invalid YAML: a quoted string opened here is never closed: "
        'add the closing " (without it, the string runs on to line '
        f"{next_quote_line(shipped / 'roles/control.yaml', 5)})"
    )
    assert note("roles/control.yaml", 5, 9, "'control', .+").fullmatch(lines[1]), lines[1]
    assert "'ankara'" in lines[1] or "more" in lines[1]


def next_quote_line(path: Path, after: int) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n in range(after + 1, len(lines) + 1) if '"' in lines[n - 1])


def test_a_broken_bibliography_is_not_an_unknown_key_at_every_citation(shipped, capsys):
    edit(
        shipped / "sources/bibliography.yaml",
        "  - key: duclos2019\n",
        "  - key: duclos2019\n    extra: 1\n",
    )
    code, lines, _ = validate(capsys)
    assert code == 2 and len(lines) == 2, lines
    assert lines[0] == (
        "sources/bibliography.yaml:5:5: unknown key 'extra' in entries[0]; "
        "expected one of: author, date, file, key, note, publisher, title"
    )
    assert note("sources/bibliography.yaml", 5, 5, "'.+").fullmatch(lines[1]), lines[1]


def test_asking_about_one_file_that_names_a_broken_role_is_not_ok(shipped, capsys):
    """Reporting on some files only, the broken role's message is not among them: each file
    asked about says what it could not check, so the run does not end with "ok"."""
    edit(shipped / "roles/moscow.yaml", "played: true\n", "played: true\nplayd: yes\n")
    inject = next(
        p.relative_to(shipped).as_posix()
        for p in sorted((shipped / "injects").rglob("*.yaml"))
        if "[moscow" in p.read_text(encoding="utf-8")
    )
    code, lines, _ = validate(capsys, inject)
    assert code == 2 and len(lines) == 1, lines
    assert re.fullmatch(
        rf"{re.escape(inject)}:\d+:\d+: \d+ references? to 'moscow' in this file (were|was) not "
        r"checked because roles/moscow.yaml did not load",
        lines[0],
    ), lines[0]


def test_a_misspelt_indicator_is_told_once_where_it_is_defined(shipped, capsys):
    scenario = shipped / "scenarios/aleppo-astana.yaml"
    text = scenario.read_text(encoding="utf-8")
    line = text[: text.index("  - id: cohesion\n")].count("\n") + 1
    edit(scenario, "  - id: cohesion\n", "  - id: cohesoin\n")
    code, lines, _ = validate(capsys)
    assert code == 2 and len(lines) == 1, lines
    assert lines[0] == (
        f"scenarios/aleppo-astana.yaml:{line}:9: unknown indicator 'cohesoin'; did you mean "
        "'cohesion' (indicators/cohesion.yaml:3)?"
    )


# The mini fixture: exact lines


def test_a_role_with_a_schema_error(mini):
    edit(mini / "roles/damascus.yaml", "name: Damascus\n", "")
    assert checked(mini) == [
        "roles/damascus.yaml:1:1: missing required key 'name'",
        "roles/damascus.yaml:1:1: 4 references to 'damascus' in 3 files were not checked "
        "because roles/damascus.yaml did not load",
    ]


def test_a_role_that_is_not_utf8_is_known_by_its_file_name(mini):
    path = mini / "roles/damascus.yaml"
    path.write_bytes(
        path.read_bytes().replace(b"name: Damascus", "name: Dámascus".encode("latin-1"))
    )
    assert checked(mini) == [
        "roles/damascus.yaml:3:8: the file is not UTF-8 text; save it as UTF-8",
        "roles/damascus.yaml:3:8: 4 references to 'damascus' in 3 files were not checked "
        "because roles/damascus.yaml did not load",
    ]


def test_an_inject_that_does_not_load_quiets_its_flags_and_its_decisions(mini):
    edit(mini / "injects/t1-news.yaml", "medium: cable\n", "medium: cable\nmediun: cable\n")
    edit(
        mini / "injects/rupture.yaml",
        '    - {indicator: cohesion, op: "<=", value: 3}',
        "    - {flag: t1-news-coop}\n    - {decision: t1-news/coop}",
    )
    assert checked(mini) == [
        "injects/t1-news.yaml:7:1: unknown key 'mediun'; did you mean 'medium'?",
        "injects/t1-news.yaml:7:1: 3 references to 't1-news' and 't1-news-coop' in 2 files "
        "were not checked because injects/t1-news.yaml did not load",
    ]


def test_a_name_no_broken_file_defines_is_still_unknown(mini):
    edit(mini / "roles/damascus.yaml", "name: Damascus\n", "")
    edit(
        mini / "injects/t1-pair.yaml",
        "audience: [damascus, jerusalem]",
        "audience: [damascus, kyiv]",
    )
    assert checked(mini) == [
        "injects/t1-pair.yaml:8:22: unknown role 'kyiv'",
        "roles/damascus.yaml:1:1: missing required key 'name'",
        "roles/damascus.yaml:1:1: 4 references to 'damascus' in 3 files were not checked "
        "because roles/damascus.yaml did not load",
    ]


def test_asked_about_one_file_the_note_goes_to_it(mini):
    edit(mini / "roles/damascus.yaml", "name: Damascus\n", "")
    assert checked(mini, "injects/t1-pair.yaml") == [
        "injects/t1-pair.yaml:8:12: 2 references to 'damascus' in this file were not checked "
        "because roles/damascus.yaml did not load",
    ]
    assert checked(mini, "roles/damascus.yaml") == [
        "roles/damascus.yaml:1:1: missing required key 'name'",
        "roles/damascus.yaml:1:1: 4 references to 'damascus' in 3 files were not checked "
        "because roles/damascus.yaml did not load",
    ]


def test_a_misspelt_definition_in_the_only_scenario(mini):
    own = "{id: cohesoin, label: Cohesion, min: 0, max: 10, start: 5}"  # this scenario's alone
    edit(mini / "scenarios/mini.yaml", "{id: cohesion}", own)
    assert checked(mini) == [
        "scenarios/mini.yaml:15:10: indicator 'cohesoin' is defined but never used; 20 effects "
        "and 2 conditions name 'cohesion', which is not defined — a typo?",
    ]


def test_a_misspelt_shared_definition_is_told_at_its_file(mini):
    edit(mini / "indicators/cohesion.yaml", "id: cohesion", "id: cohesoin")
    assert checked(mini) == [
        "indicators/cohesion.yaml:2:5: indicator 'cohesoin' is defined but no scenario tracks "
        "it; 1 scenario and 22 effects or conditions name 'cohesion', which is not defined — a "
        "typo?",
    ]


def test_a_misspelt_definition_where_another_scenario_defines_the_name(mini):
    (mini / "scenarios/mini2.yaml").write_text(MINI2, encoding="utf-8")
    edit(mini / "scenarios/mini.yaml", "{id: escalation}", "{id: escalatoin}")
    assert checked(mini) == [
        "scenarios/mini.yaml:16:10: unknown indicator 'escalatoin'; did you mean 'escalation' "
        "(indicators/escalation.yaml:2)?",
    ]


def test_an_effect_close_to_a_defined_indicator_says_did_you_mean(mini):
    edit(mini / "injects/t1-news.yaml", "effects: {cohesion: 1}", "effects: {cohesoin: 1}")
    assert checked(mini) == [
        "injects/t1-news.yaml:16:15: unknown indicator 'cohesoin'; did you mean 'cohesion'?",
    ]
