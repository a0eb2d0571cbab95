"""`ttx schema --workspace`: schemas that list the root's ids, as strict as `ttx validate` and no
stricter; the editor's settings merged, never clobbered; schema lines pointed and pointed back;
and, where node and npm are, the real yaml-language-server completing and checking ids."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from exercise.content.files import FOLDERS
from exercise.content.kinds import KINDS
from exercise.content.library import load
from exercise.content.scaffold import new_role, write
from exercise.content.scaffold_inject import new_inject
from exercise.content.schemas import schema
from exercise.content.workspace_files import (
    WorkspaceError,
    nested_roots,
    plan,
    schema_lines,
    settings_entries,
)
from exercise.content.workspace_ids import known_ids
from exercise.content.workspace_schemas import (
    DEFINITIONS,
    LENIENT,
    REFERENCES,
    SCHEMA_DIR,
    SORTS,
    node_at,
    workspace_schemas,
)
from tests.conftest import MINI, ROOT

ID_REF = "#/$defs/id"
OURS = {sort.name for sort in SORTS + LENIENT}
ID_PATTERNS = {
    schema("inject")["$defs"]["id"]["pattern"],
    schema("inject")["$defs"]["condition"]["properties"]["decision"]["pattern"],
}


@pytest.fixture(scope="module")
def shipped():
    return load(ROOT)


@pytest.fixture(scope="module")
def ws():
    return workspace_schemas(known_ids(ROOT))


def errors(ws, kind: str, data: dict) -> list[str]:
    found = Draft202012Validator(ws[kind]).iter_errors(data)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


# The schemas themselves


@pytest.mark.parametrize("kind", KINDS)
def test_each_is_a_valid_draft_2020_12_schema(ws, kind):
    Draft202012Validator.check_schema(ws[kind])
    assert ws[kind]["$id"] != schema(kind)["$id"]  # never mistaken for the package's


def test_every_shipped_file_validates_against_them(ws, shipped):
    assert shipped.docs and not shipped.broken
    bad = {
        doc.path: errors(ws, kind, doc.data)
        for (kind, _), doc in shipped.docs.items()
        if errors(ws, kind, doc.data)
    }
    assert shipped.bibliography_doc is not None
    bad.update({"bibliography": errors(ws, "bibliography", shipped.bibliography_doc.data)})
    assert {k: v for k, v in bad.items() if v} == {}


def _doc(shipped, kind: str, ident: str) -> dict:
    return copy.deepcopy(shipped.docs[(kind, ident)].data)


def _set(data: dict, path: tuple, value) -> dict:
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


# (kind, id of a shipped file, where, the wrong value, what the error's path ends with)
UNKNOWN = [
    ("inject", "alp-khan-touman", ("audience",), ["moscow", "kyiv"], "audience/1"),
    ("inject", "alp-khan-touman", ("from",), "nobody", "from"),
    ("inject", "alp-khan-touman", ("options", 0, "roles"), ["riyadh"], "options/0/roles/0"),
    ("inject", "alp-khan-touman", ("options", 0, "effects"), {"cohesoin": 1}, "options/0/effects"),
    ("inject", "alp-khan-touman", ("sources", 0, "key"), "nobody2020", "sources/0/key"),
    ("inject", "alp-khan-touman", ("expected", 0, "role"), "riyadh", "expected/0/role"),
    ("inject", "alp-aleppo-terms", ("expected", 0, "objective"), "teh-corridor", "objective"),
    ("inject", "alp-aleppo-terms", ("expected", 0, "objective"), "mos-nothing", "objective"),
    ("scenario", "aleppo-astana", ("roles",), ["moscow", "control"], "roles/1"),
    ("scenario", "aleppo-astana", ("schedule", 0, "injects"), ["alp-nope"], "injects/0"),
    ("scenario", "aleppo-astana", ("triggered",), ["alp-khan-touman"], "triggered/0"),
    ("scenario", "aleppo-astana", ("manual",), ["alp-nope"], "manual/0"),
    ("scenario", "aleppo-astana", ("decks", 0, "injects"), ["alp-nope"], "decks/0/injects/0"),
    ("scenario", "aleppo-astana", ("end_conditions", 0, "when"), [{"flag": "nope"}], "flag"),
    ("role", "moscow", ("objectives", 0, "sources", 0, "key"), "nobody2020", "key"),
]


@pytest.mark.parametrize(("kind", "ident", "where", "value", "at"), UNKNOWN)
def test_an_unknown_id_fails_where_it_is(ws, shipped, kind, ident, where, value, at):
    data = _set(_doc(shipped, kind, ident), where, value)
    found = errors(ws, kind, data)
    assert found, f"{where} = {value!r} passed"
    assert any(e.split(":")[0].endswith(at) for e in found), found
    # The package schema knows no ids: it accepts the same file.
    assert Draft202012Validator(schema(kind)).is_valid(data)


def test_conditions_name_real_indicators_decisions_and_flags(ws, shipped):
    data = _doc(shipped, "inject", "alp-khan-touman")
    real = {"decision": "int-soleimani-moscow/hold-back"}
    for condition, ok in [
        (real, True),
        ({"decision": "int-soleimani-moscow/no-such-option"}, False),
        ({"indicator": "cohesion", "op": "<=", "value": 3}, True),
        ({"indicator": "cohesoin", "op": "<=", "value": 3}, False),
        ({"flag": "israel-russia-channel"}, True),
        ({"not_flag": "never-set-anywhere"}, False),
        ({"decision": real["decision"], "role": "riyadh"}, False),
    ]:
        data["options"][0]["requires"] = [condition]
        assert (errors(ws, "inject", data) == []) is ok, condition


def test_an_option_may_set_a_new_flag_but_nothing_may_test_it(ws, shipped):
    data = _doc(shipped, "inject", "alp-khan-touman")
    data["options"][0]["sets"] = ["a-brand-new-flag"]
    data["options"][0]["clears"] = ["another-new-one"]
    assert errors(ws, "inject", data) == []
    data["trigger"] = {"when": [{"flag": "a-brand-new-flag"}]}
    assert errors(ws, "inject", data) != []
    data["options"][0]["sets"] = ["Not An Id"]
    del data["trigger"]
    assert errors(ws, "inject", data) != []


def test_the_messages_say_what_is_expected(ws):
    role = ws["inject"]["$defs"]["known-role"]
    assert role["enum"] == ["control", "damascus", "jerusalem", "moscow", "tehran"]
    assert role["enumDescriptions"][role["enum"].index("moscow")] == "Moscow (Russian Federation)"
    assert "moscow" in role["errorMessage"] and "ttx schema --workspace" in role["errorMessage"]
    inject = ws["scenario"]["$defs"]["known-inject"]
    assert "completion lists them" in inject["errorMessage"]  # 192 ids are not listed
    for kind in KINDS:
        for name in OURS & set(ws[kind]["$defs"]):
            branch = ws[kind]["$defs"][name].get("anyOf", [ws[kind]["$defs"][name]])[0]
            assert len(branch["enumDescriptions"]) == len(branch["enum"]), (kind, name)
            assert all(branch["enumDescriptions"]), (kind, name)


def test_keyed_mappings_list_their_keys(ws):
    effects = ws["inject"]["$defs"]["effects"]
    assert "cohesion" in effects["properties"]
    assert effects["properties"]["cohesion"]["type"] == "integer"
    assert "Moscow–Tehran cohesion" in effects["properties"]["cohesion"]["description"]
    higher = node_at(ws["scenario"], "/properties/indicators/items/properties/higher_is")
    assert set(higher["properties"]) == {"control", "damascus", "jerusalem", "moscow", "tehran"}


def test_same_content_same_schemas():
    assert workspace_schemas(known_ids(MINI)) == workspace_schemas(known_ids(MINI))


# Every id-valued key is accounted for


def _id_nodes(node, pointer: str = ""):
    """Pointers of the nodes holding an id or a decision (by $ref or pattern) or naming the
    keys of a mapping by id; the definition of `id` itself left out."""
    if isinstance(node, dict):
        if pointer != "/$defs/id" and (
            node.get("$ref") == ID_REF or node.get("pattern") in ID_PATTERNS
        ):
            yield pointer
        for key, value in node.items():
            if key == "if":  # a test, not a place a value goes
                continue
            yield from _id_nodes(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _id_nodes(value, f"{pointer}/{n}")


@pytest.mark.parametrize("kind", KINDS)
def test_every_id_is_a_reference_or_a_definition(kind):
    known = {p for p, _ in REFERENCES.get(kind, ())} | set(DEFINITIONS.get(kind, ()))
    found = set(_id_nodes(schema(kind)))
    assert found - known == set(), "classify these in workspace_schemas.py"
    assert known - found == set(), "these no longer hold an id in the schema"


# Files that do not load still define their names


def test_a_broken_file_still_counts_for_what_it_defines(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    path = root / "injects" / "t1-moscow.yaml"
    path.write_text(path.read_text("utf-8") + "unknown_key: 1\n", "utf-8")
    ids = known_ids(root)
    assert "t1-moscow" in ids.injects and ids.broken_files
    assert "does not load" in ids.injects["t1-moscow"]
    ws = workspace_schemas(ids)
    data = copy.deepcopy(load(root).docs[("inject", "t1-news")].data)
    data["options"][0]["requires"] = [{"decision": "t1-moscow/any-option"}]
    assert errors(ws, "inject", data) == []  # its options cannot be known yet
    data["options"][0]["requires"] = [{"decision": "t1-nope/any-option"}]
    assert errors(ws, "inject", data) != []


# The editor's settings


def test_settings_map_every_content_folder_at_any_depth():
    entries = settings_entries()
    globs = {g for gs in entries.values() for g in gs}
    for folder in FOLDERS:
        assert f"{folder}/**/*.yaml" in globs
    for key in entries:
        assert key.startswith("./.ttx/schemas/") and key.endswith(".schema.json")


def _written(todo) -> None:
    for path, data in todo.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, "utf-8")


@pytest.fixture
def mini_root(tmp_path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    return root


def test_settings_are_merged_not_clobbered(mini_root):
    settings = mini_root / ".vscode" / "settings.json"
    settings.parent.mkdir()
    mine = {
        "editor.tabSize": 4,
        "yaml.schemas": {
            "https://json.schemastore.org/github-workflow.json": [".github/workflows/*"],
            ".ttx/schemas/inject.schema.json": ["old/*.yaml"],  # an earlier run's, spelt so
        },
    }
    settings.write_text(json.dumps(mine), "utf-8")
    todo = plan(mini_root)
    merged = json.loads(todo.files[settings])
    assert merged["editor.tabSize"] == 4
    schemas = merged["yaml.schemas"]
    assert schemas["https://json.schemastore.org/github-workflow.json"] == [".github/workflows/*"]
    assert ".ttx/schemas/inject.schema.json" not in schemas
    assert {k: v for k, v in schemas.items() if k.startswith("./")} == settings_entries()
    _written(todo)
    again = plan(mini_root)
    assert again.files[settings] == todo.files[settings]  # a second run changes nothing


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"editor.tabSize": 4,,}', r"settings\.json:1:22: not valid JSON"),
        ('{\n  // mine\n  "a": 1\n}', r"settings\.json:2:3: a comment"),
        ("[1, 2]", r"settings\.json: not a JSON object"),
        ('{"yaml.schemas": ["x"]}', r'settings\.json: "yaml\.schemas" is not an object'),
    ],
)
def test_bad_settings_are_refused_in_one_line(mini_root, text, said):
    settings = mini_root / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(text, "utf-8")
    with pytest.raises(WorkspaceError) as exc:
        plan(mini_root)
    message = str(exc.value)
    assert "\n" not in message and re.search(said, message), message
    assert "nothing was written" in message


def test_the_shipped_vscode_settings_are_what_the_command_writes():
    """The repo's own .vscode/settings.json: running the command on the repo changes nothing
    (its test fixtures, content roots of their own, are left out of the globs)."""
    shipped = ROOT / ".vscode" / "settings.json"
    written = plan(ROOT).files[shipped]
    assert written == shipped.read_text("utf-8"), "run: ttx schema --workspace"
    for globs in json.loads(written)["yaml.schemas"].values():
        assert "!tests/fixtures/mini/**" in globs


def test_nested_content_roots_are_left_to_their_own_schemas(mini_root):
    (mini_root / "drafts" / "other" / "injects").mkdir(parents=True)
    assert nested_roots(mini_root) == ("drafts/other",)
    for globs in settings_entries(nested_roots(mini_root)).values():
        assert globs[-1] == "!drafts/other/**"


def test_the_generated_folder_ignores_itself(mini_root):
    todo = plan(mini_root)
    assert todo.files[mini_root / ".ttx" / ".gitignore"] == "*\n"
    assert todo.schema_files == tuple(
        mini_root.joinpath(*SCHEMA_DIR, f"{k}.schema.json") for k in KINDS
    )


# The files' own schema lines


@pytest.fixture
def shipped_root(tmp_path) -> Path:
    """The shipped content with the package's schemas beside it, as in this repo."""
    root = tmp_path / "root"
    for folder in FOLDERS:
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(ROOT / "exercise" / "schemas", root / "exercise" / "schemas")
    return root


def _modeline_target(path: Path) -> Path:
    first = path.read_text("utf-8").splitlines()[0]
    found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert found, first
    return (path.parent / found.group(1)).resolve()


def test_modelines_point_at_the_workspace_and_back(shipped_root):
    before = {p: p.read_bytes() for p in shipped_root.rglob("*.yaml")}
    todo = plan(shipped_root, "workspace")
    assert todo.modelines == len(before) and todo.overriding == ()
    _written(todo)
    for path in before:
        kind = _modeline_target(path).name.split(".")[0]
        assert _modeline_target(path) == shipped_root.joinpath(*SCHEMA_DIR, f"{kind}.schema.json")
        # Only the first line changed.
        assert path.read_bytes().split(b"\n", 1)[1] == before[path].split(b"\n", 1)[1]
    _written(plan(shipped_root, "package"))
    assert {p: p.read_bytes() for p in before} == before  # exactly as shipped


def test_without_modelines_the_files_that_override_are_counted(shipped_root):
    todo = plan(shipped_root)
    assert todo.modelines == 0
    assert len(todo.overriding) == len(list(shipped_root.rglob("*.yaml")))
    assert not any(p.suffix == ".yaml" for p in todo.files)  # content files untouched


def test_other_schemas_and_line_ends_are_left_as_they_are(mini_root):
    deep = mini_root / "injects" / "a" / "b"
    deep.mkdir(parents=True)
    crlf = deep / "crlf.yaml"
    crlf.write_bytes(b"# yaml-language-server: $schema=../x/inject.schema.json\r\nkind: inject\r\n")
    other = mini_root / "injects" / "other.yaml"
    other.write_bytes(b"# yaml-language-server: $schema=https://example.org/mine.json\nkind: x\n")
    lines = schema_lines(mini_root, "workspace")
    assert other not in lines
    assert lines[crlf] == (
        b"# yaml-language-server: $schema=../../../.ttx/schemas/inject.schema.json\r\n"
        b"kind: inject\r\n"
    )


# The real editor


def test_yaml_language_server_completes_and_checks_ids():
    """tools/editor_check.py: roles and indicators offered, an unknown role flagged, by the
    language server VS Code's YAML extension runs, with and without a schema line."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed")
    env = {**os.environ, "npm_config_fetch_timeout": "20000", "npm_config_fetch_retries": "1"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "editor_check.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if done.returncode == 3:
        pytest.skip(done.stderr.strip() or "the editor check cannot run here")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "editor check passed" in done.stdout


def test_a_new_file_points_where_its_neighbours_point(shipped_root):
    # Schemas written but the lines left as shipped: a new file keeps the shipped line too.
    _written(plan(shipped_root))
    shipped_line = new_inject(shipped_root, "zz-one", scenario="intervention").text.split("\n")[0]
    assert (
        shipped_line == "# yaml-language-server: $schema=../../exercise/schemas/inject.schema.json"
    )
    # Once the lines point at the workspace (--modelines), so does a new file, at any depth.
    _written(plan(shipped_root, "workspace"))
    for folder in ("south", "a/b"):
        new = new_inject(shipped_root, "zz-two", folder=folder, audience=("moscow",))
        write(new)
        assert _modeline_target(new.path) == shipped_root.joinpath(
            *SCHEMA_DIR, "inject.schema.json"
        )
        new.path.unlink()
    role = new_role(shipped_root, "zz-three")
    assert role.text.startswith("# yaml-language-server: $schema=../.ttx/schemas/role.schema.json")
