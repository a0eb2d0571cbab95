"""ttx new and ttx preview on the command line: the new file's path on stdout, and a file that
`ttx validate` accepts; an inject as a team reads it; bad input in one line, exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import exercise.cli.author_cmds  # noqa: F401  (registers `ttx new` and `ttx preview` until commands.py lists them)
from exercise.cli import main, parser
from exercise.cli.author_cmds import MEDIUMS
from exercise.content.library import load_library
from exercise.content.schemas import schema
from exercise.session.team_view import team_inject
from exercise.tui.widgets.injects import reader_content
from tests.conftest import ROOT, one_error


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("TTX_SOURCES", raising=False)
    dest = tmp_path / "shipped"
    for folder in ("roles", "injects", "indicators", "scenarios", "sources"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def test_new_files_validate_with_ttx_validate(shipped_copy, capsys):
    root = str(shipped_copy)
    made = [
        ["new", "role", "riyadh", "--root", root, "--name", "Riyadh"],
        ["new", "scenario", "gulf", "--root", root, "--roles", "moscow,riyadh", "--turns", "3"],
        ["new", "inject", "gulf-one", "--root", root, "--scenario", "gulf", "--turn", "2"],
        ["new", "inject", "gulf-two", "--root", root, "--folder", "gulf", "--public"],
    ]
    paths = []
    for argv in made:
        assert main(argv) == 0, capsys.readouterr().err
        out, err = capsys.readouterr()
        paths.append(Path(out.strip()))
        assert paths[-1].is_file() and err.startswith("next: ")
    assert [p.relative_to(shipped_copy).as_posix() for p in paths] == [
        "roles/riyadh.yaml",
        "scenarios/gulf.yaml",
        "injects/gulf/gulf-one.yaml",
        "injects/gulf/gulf-two.yaml",
    ]
    assert main(["validate", "--root", root]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("ok: ") and "warning" in err
    # Only what cannot be avoided before the author lists the injects in the scenario.
    for line in out.splitlines():
        assert "no scenario uses this inject" in line or "no scheduled private inject" in line


def test_new_refuses_in_one_line(shipped_copy, capsys):
    root = str(shipped_copy)
    cases = [
        (["new", "role", "moscow"], "the root already has a role 'moscow'"),
        (["new", "inject", "Bad!"], "ID 'Bad!': an id is lowercase"),
        (["new", "inject", "x", "--scenario", "nope"], "--scenario nope: no such scenario"),
        (["new", "inject", "x", "--folder", "f", "--audience", "kyiv"], "--audience kyiv"),
        (["new", "inject", "x", "--turn", "two"], "argument --turn: invalid int value"),
        (["new", "inject", "x", "--public", "--audience", "moscow"], "not allowed with"),
        (["new", "inject", "x", "--medium", "fax"], "argument --medium: invalid choice"),
        (["new", "scenario", "x", "--period", "2016"], "--period 2016: write it START..END"),
        (["new", "kind", "x"], "invalid choice: 'kind'"),
    ]
    for argv, message in cases:
        with_root = argv + ["--root", root] if argv[1] in ("role", "inject", "scenario") else argv
        try:
            code = main(with_root)
        except SystemExit as exc:  # argparse's own refusals
            code = int(exc.code or 0)
        assert code == 2, with_root
        one_error(capsys, message)
    assert not list(shipped_copy.rglob("x.yaml"))


def test_preview_prints_what_the_team_reads(capsys):
    lib = load_library(ROOT)
    assert main(["preview", "alp-khan-touman", "--as", "tehran", "--root", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    expected = reader_content(team_inject(lib.injects["alp-khan-touman"], "tehran")).plain
    assert out == expected + "\n"
    assert err.startswith("alp-khan-touman as Tehran")
    assert "Historical note" not in out and "withhold-cover" not in out


def test_preview_refuses_in_one_line(capsys):
    root = ["--root", str(ROOT)]
    assert main(["preview", "alp-astana-invite", "--as", "tehran", *root]) == 2
    one_error(capsys, "'tehran' does not receive this private inject; its audience is moscow")
    assert main(["preview", "alp-astana-invite", *root]) == 2
    one_error(capsys, "'alp-astana-invite' is a private inject; name a role of its audience")
    assert main(["preview", "alp-astana-invit", "--as", "moscow", *root]) == 2
    one_error(capsys, "no inject 'alp-astana-invit'", "did you mean 'alp-astana-invite'?")
    assert main(["preview", "alp-astana-invite", "--as", "kyiv", *root]) == 2
    one_error(capsys, "--as kyiv: no such role")
    assert main(["preview", "x", "--root", "no/such/folder"]) == 2
    one_error(capsys, "--root no/such/folder: not a folder")


def test_the_medium_choices_are_the_schemas():
    assert list(MEDIUMS) == schema("inject")["properties"]["medium"]["enum"]


def test_new_and_preview_build_alone():
    for name in ("new", "preview"):
        sub = next(a for a in parser([name])._actions if hasattr(a, "choices") and a.choices)
        assert list(sub.choices) == [name]
