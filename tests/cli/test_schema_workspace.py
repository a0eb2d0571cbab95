"""`ttx schema --workspace [DIR] [--modelines [workspace|package]]` on the command line: what it
writes and says; bad input in one line, exit 2, and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from exercise.cli import main
from exercise.content.kinds import KINDS
from tests.conftest import MINI, ROOT, one_error


@pytest.fixture
def root(tmp_path) -> Path:
    dest = tmp_path / "content"
    shutil.copytree(MINI, dest)
    return dest


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_it_writes_the_schemas_and_the_settings(root, capsys):
    assert main(["schema", "--workspace", str(root)]) == 0
    err = capsys.readouterr().err
    for kind in KINDS:
        data = json.loads((root / ".ttx" / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
        assert data["$id"].endswith(f"/workspace/{kind}.schema.json")
    settings = json.loads((root / ".vscode" / "settings.json").read_text("utf-8"))
    assert "./.ttx/schemas/inject.schema.json" in settings["yaml.schemas"]
    assert f"wrote {len(KINDS)} schemas" in err and "5 roles" in err
    assert "schema line" not in err  # the mini fixture has none to point


def test_the_current_folder_is_the_default(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["schema", "--workspace"]) == 0
    assert (root / ".ttx" / "schemas" / "inject.schema.json").is_file()
    assert "wrote" in capsys.readouterr().err


def test_schema_lines_are_pointed_only_when_asked(tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(ROOT / "roles", root / "roles")
    before = (root / "roles" / "moscow.yaml").read_bytes()
    assert main(["schema", "--workspace", str(root)]) == 0
    err = capsys.readouterr().err
    assert (root / "roles" / "moscow.yaml").read_bytes() == before
    assert "5 files (e.g. roles/control.yaml) start with a schema line" in err
    assert f"ttx schema --workspace {root} --modelines" in err
    assert main(["schema", "--workspace", str(root), "--modelines"]) == 0
    first = (root / "roles" / "moscow.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.ttx/schemas/role.schema.json"
    assert "pointed the schema line of 5 files at the workspace schemas" in capsys.readouterr().err


def test_printing_a_schema_still_works(capsys):
    assert main(["schema", "inject"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Inject"


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["schema", "inject", "--workspace"], ("inject", "--workspace")),
        (["schema", "--modelines"], ("--modelines", "--workspace")),
        (["schema", "--workspace", "/no/such/folder"], ("--workspace /no/such/folder",)),
    ],
)
def test_bad_arguments_are_one_line(argv, names, capsys):
    assert main(argv) == 2
    one_error(capsys, *names)


def test_a_folder_without_content_is_refused(tmp_path, capsys):
    assert main(["schema", "--workspace", str(tmp_path)]) == 2
    one_error(capsys, str(tmp_path), "not a content root")
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_modelines_mode_is_refused(root, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["schema", "--workspace", str(root), "--modelines", "elsewhere"])
    assert exc.value.code == 2
    assert "elsewhere" in capsys.readouterr().err
    assert not (root / ".ttx").exists()


def test_bad_settings_json_writes_nothing(root, capsys):
    settings = root / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{\n  "editor.tabSize": 4\n  "files.eol": "\\n"\n}\n', "utf-8")
    before = _tree(root)
    assert main(["schema", "--workspace", str(root)]) == 2
    one_error(capsys, f"{settings}:3:3", "not valid JSON", "nothing was written")
    assert _tree(root) == before
