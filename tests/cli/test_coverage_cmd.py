"""ttx sources coverage: text on stdout, an HTML page or JSON with -o, one document with
--document, the texts found by --sources, TTX_SOURCES or ../shared/sources beside the root; bad
input gives one line naming what is wrong, exit 2, and writes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import exercise.cli.coverage_cmds  # noqa: F401  (registers `sources` wherever commands.py is)
from exercise.cli import main
from tests.conftest import one_error
from tests.content.coverage_helpers import make_root


@pytest.fixture
def content(tmp_path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.delenv("TTX_SOURCES", raising=False)
    return make_root(tmp_path)


def ttx(*args: str | Path) -> int:
    return main(["sources", "coverage", *map(str, args)])


def test_text_on_stdout(content, capsys):
    root, texts = content
    assert ttx("--root", root, "--sources", texts) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Source coverage: 3 documents in ")
    assert "== alpha \u00b7 alpha.txt" in out and "Uncited stretches, longest first" in out
    assert all(len(line) <= 100 for line in out.splitlines())
    # the missing quote and the unknown key are said on stderr too, not only in the report
    assert "1 quote not found" in err and "keys the bibliography lacks" in err


def test_an_html_page(content, tmp_path, capsys):
    root, texts = content
    page = tmp_path / "coverage.html"
    assert ttx("--root", root, "--sources", texts, "-o", page) == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'class="bar"' in html and 'id="reused"' in html
    assert f"wrote {page}: 3 documents" in capsys.readouterr().err


def test_json_for_tools_and_one_document(content, tmp_path):
    root, texts = content
    out = tmp_path / "coverage.json"
    assert ttx("--root", root, "--sources", texts, "-o", out, "--document", "beta") == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["key"] for d in data["documents"]] == ["beta"]
    assert data["documents"][0]["figures"]["passages_pct"] == 100.0


def test_the_texts_beside_the_root_and_from_ttx_sources(content, capsys, monkeypatch):
    root, texts = content
    beside = root.parent / "shared" / "sources"
    shutil.copytree(texts, beside)
    assert ttx("--root", root) == 0
    assert "documents in " in capsys.readouterr().out
    shutil.rmtree(beside)
    monkeypatch.setenv("TTX_SOURCES", str(texts))
    assert ttx("--root", root) == 0
    assert f"3 documents in {texts}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("--document", "gamma"), ("--document gamma", "alpha, beta")),
        (("--sources", "{tmp}/none"), ("--sources", "not a folder")),
        (("--sources", "{tmp}/empty"), ("--sources", "no source texts there", "alpha.txt")),
        (("-o", "{tmp}/coverage.pdf"), ("-o", ".html", ".json")),
        (("-o", "{tmp}/no/such/coverage.html"), ("-o", "no such folder")),
        (("-o", "{tmp}"), ("-o", "is a folder")),
    ],
)
def test_bad_input_is_one_line_and_exit_2(content, tmp_path, capsys, args, names):
    root, texts = content
    (tmp_path / "empty").mkdir()
    given = [a.format(tmp=tmp_path) for a in args]
    sources = [] if "--sources" in given else ["--sources", str(texts)]
    assert ttx("--root", root, *sources, *given) == 2
    one_error(capsys, *names)
    assert not (tmp_path / "coverage.pdf").exists()


def test_no_texts_anywhere(content, capsys):
    root, _ = content
    assert ttx("--root", root) == 2
    one_error(capsys, "no source texts", "--sources DIR", "TTX_SOURCES")


def test_a_root_without_content(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TTX_SOURCES", raising=False)
    assert ttx("--root", tmp_path / "nothing") == 2
    one_error(capsys, "--root", "not a folder")
    assert ttx("--root", tmp_path) == 2
    one_error(capsys, "--root", "no bibliography")


def test_a_bad_ttx_sources_is_named(content, capsys, monkeypatch, tmp_path):
    root, _ = content
    monkeypatch.setenv("TTX_SOURCES", str(tmp_path / "gone"))
    assert ttx("--root", root) == 2
    one_error(capsys, "TTX_SOURCES=", "not a folder")


def test_sources_needs_an_action(capsys):
    assert pytest.raises(SystemExit, main, ["sources"]).value.code == 2
    one_error(capsys, "ACTION")


def test_a_broken_file_is_left_out_with_a_warning(content, capsys):
    root, texts = content
    (root / "injects" / "t1-tehran.yaml").write_text("kind: inject\nid: [unclosed\n")
    assert ttx("--root", root, "--sources", texts) == 0
    out, err = capsys.readouterr()
    assert "run 'ttx validate'" in err and "t1-tehran" not in out.split("== beta")[0]
