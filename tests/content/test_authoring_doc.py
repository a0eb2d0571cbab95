"""docs/authoring.md: its worked example is the files in tests/fixtures/worked/, which validate
with the shipped roles and bibliography; its key table is the schemas' (docs/keys.py)."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from exercise.content.schema_keys import doc_tables, key_tables
from exercise.content.validate import validate
from tests.conftest import ROOT, shared_sources

DOC = ROOT / "docs" / "authoring.md"
WORKED = ROOT / "tests" / "fixtures" / "worked"
BLOCK = re.compile(r"\*\*`([^`]+\.yaml)`\*\*\n\n```yaml\n(.*?)```\n", re.DOTALL)


def worked_section() -> str:
    text = DOC.read_text("utf-8")
    start = text.index("\n## A worked example\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


@pytest.fixture
def worked_root(tmp_path, monkeypatch) -> Path:
    """The worked example where an author would put it: beside the shipped roles and sources."""
    monkeypatch.delenv("TTX_SOURCES", raising=False)
    root = tmp_path / "root"
    for folder in ("roles", "indicators", "sources"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(WORKED, root, dirs_exist_ok=True)
    return root


def test_the_doc_shows_the_worked_files_exactly():
    shown = dict(BLOCK.findall(worked_section()))
    files = {p.relative_to(WORKED).as_posix(): p for p in WORKED.rglob("*.yaml")}
    assert sorted(shown) == sorted(files)
    for rel, path in files.items():
        assert shown[rel] == path.read_text("utf-8"), rel


def test_the_worked_example_validates(worked_root):
    report = validate(worked_root)
    assert report.problems == []
    assert report.counts["scenarios"] == 1 and report.counts["injects"] == 2
    # The one warning the doc tells of: two injects cannot give both teams a private one a turn.
    assert [w.message.split(":")[0] for w in report.warnings] == [
        "turn 2 gives no scheduled private inject to moscow, tehran"
    ]


def test_the_worked_example_quotes_are_verbatim(worked_root):
    sources = shared_sources()
    if sources is None:
        pytest.skip("the source texts are not here (../shared/sources or TTX_SOURCES)")
    assert validate(worked_root, None, sources).problems == []


def test_the_worked_example_has_what_the_doc_says():
    from exercise.content.library import load

    lib = load(WORKED).library
    sc = lib.scenarios["worked"]
    assert len(sc.turns) == 2 and len(lib.injects) == 2
    private, public = lib.injects["wrk-joint-campaign"], lib.injects["wrk-first-strikes"]
    assert private.visibility == "private" and private.options
    assert all(o.effects for o in private.options)
    assert public.visibility == "public"


def test_the_key_tables_are_the_schemas():
    assert doc_tables(DOC.read_text("utf-8")) == key_tables()


def test_docs_keys_check_says_so(capsys):
    spec = importlib.util.spec_from_file_location("docs_keys", ROOT / "docs" / "keys.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
    assert "match the schemas" in capsys.readouterr().out
    assert module.main([]) == 0
    assert capsys.readouterr().out == key_tables() + "\n"
