"""ttx print: the pack of a scenario or of a session file, as HTML or PDF; bad input (an unknown
scenario or role, an output it cannot write, a damaged session, no PDF library) gives one line
naming what is wrong, exit 2, and writes nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from exercise.cli import main
from exercise.review.print_pdf import INSTALL
from tests.conftest import ROOT, one_error, weasyprint_works
from tests.review.helpers import simulated
from tests.trust.damage import make


def ttx_print(*args: str) -> int:
    return main(["print", *args, "--root", str(ROOT)])


@pytest.fixture(scope="module")
def session_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("played") / "played.ttx"
    simulated(path, seed=3).close()
    return path


def test_a_scenarios_pack_has_every_part(tmp_path, capsys):
    out = tmp_path / "pack.html"
    assert ttx_print("demo", "-o", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="guide"' in html
    assert html.count('class="sheet briefing"') == 4
    assert "wrote " + str(out) in capsys.readouterr().err


def test_a_teams_pack_has_its_briefing_and_cards_and_no_guide(tmp_path):
    out = tmp_path / "moscow.html"
    assert ttx_print("demo", "--role", "moscow", "-o", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert 'id="brief-moscow"' in html and 'id="brief-tehran"' not in html
    assert 'id="guide"' not in html and 'id="card-int-soleimani-moscow"' in html
    assert 'id="card-int-tehran-airspace"' not in html  # private to Tehran


def test_one_part_alone(tmp_path):
    out = tmp_path / "cards.html"
    assert ttx_print("demo", "--part", "cards", "-o", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert 'class="sheet card"' in html
    assert 'class="sheet briefing"' not in html and 'id="guide"' not in html


def test_a_session_files_pack_uses_its_world_and_release_turns(session_file, tmp_path):
    out = tmp_path / "session.html"
    assert main(["print", str(session_file), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "A small test scenario" in html  # the session's world, not the content folder's
    assert "Session file played.ttx" in html and "released in turn 1, on schedule" in html


def test_a_yaml_file_names_the_scenario(tmp_path):
    out = tmp_path / "mini.html"
    scenario = ROOT / "tests" / "fixtures" / "mini" / "scenarios" / "mini.yaml"
    assert main(["print", str(scenario), "-o", str(out)]) == 0
    assert "A small test scenario" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, names",
    [
        (["nosuch"], ["no scenario 'nosuch'", "demo"]),
        (["demo", "--role", "nobody"], ["--role nobody", "moscow, tehran, damascus, jerusalem"]),
        (["demo", "--role", "control"], ["--role control", "roles: moscow"]),
        (["demo", "--role", "moscow", "--part", "guide"], ["--role", "facilitator guide"]),
        (["missing.ttx"], ["missing.ttx: no such session file"]),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(args, names, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "pack.html"
    assert ttx_print(*args, "-o", str(out)) == 2
    one_error(capsys, *names)
    assert not out.exists()


@pytest.mark.parametrize("name", ["pack.txt", "pack", "no-folder/pack.html"])
def test_an_output_it_cannot_write_is_named(name, tmp_path, capsys):
    out = tmp_path / name
    assert ttx_print("demo", "-o", str(out)) == 2
    one_error(capsys, f"-o {out}")
    assert not out.exists()


def test_an_output_that_is_a_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "pack.html"
    folder.mkdir()
    assert ttx_print("demo", "-o", str(folder)) == 2
    one_error(capsys, f"-o {folder}", "folder")


@pytest.mark.parametrize("damage", ["text", "truncated 50%", "payload not json", "empty log"])
def test_a_damaged_session_file_is_named_in_one_line(damage, session_file, tmp_path, capsys):
    bad = make(session_file, tmp_path, damage)
    out = tmp_path / "pack.html"
    assert main(["print", str(bad), "-o", str(out)]) == 2
    one_error(capsys, bad.name)
    assert not out.exists()


@pytest.mark.skipif(not weasyprint_works(), reason="weasyprint is not installed here")
def test_a_pdf_is_written_with_weasyprint(tmp_path):
    out = tmp_path / "moscow.pdf"
    assert ttx_print("demo", "--role", "moscow", "--part", "briefings", "-o", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_without_weasyprint_a_pdf_is_refused_saying_how_to_install_it(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the import now fails
    out = tmp_path / "pack.pdf"
    assert ttx_print("demo", "-o", str(out)) == 2
    one_error(capsys, f"-o {out}", "weasyprint", INSTALL)
    assert not out.exists() and list(tmp_path.iterdir()) == []
