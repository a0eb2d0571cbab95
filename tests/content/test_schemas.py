import json

import pytest
from jsonschema import Draft202012Validator

from exercise.cli import main
from exercise.content.schemas import KINDS, schema


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind):
    s = schema(kind)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(s)


@pytest.mark.parametrize("kind", KINDS)
def test_ttx_schema_prints_it(kind, capsys):
    assert main(["schema", kind]) == 0
    assert json.loads(capsys.readouterr().out) == schema(kind)


def test_unknown_kind_is_one_line_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["schema", "nope"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "nope" in err


# Every key explained, for the editor's hover and the key table of docs/authoring.md


def _properties(node, pointer: str = ""):
    """(pointer, schema) of every property at every depth, shared definitions included; the
    properties an `if` tests are not keys of their own."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "if":
                continue
            here = f"{pointer}/{key}"
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    yield f"{here}/{name}", prop
            yield from _properties(value, here)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _properties(value, f"{pointer}/{n}")


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_description(kind):
    props = list(_properties(schema(kind)))
    assert props
    missing = [p for p, prop in props if not str(prop.get("description", "")).strip()]
    assert missing == [], f"describe these in exercise/schemas/{kind}.schema.json"
    unfinished = [p for p, prop in props if not prop["description"].rstrip().endswith(".")]
    assert unfinished == [], "a description is a sentence, ending with a full stop"


@pytest.fixture(scope="module")
def shipped_workspace():
    """The schemas with the shipped content's ids (`ttx schema --workspace` on this repo)."""
    from exercise.content.workspace_ids import known_ids
    from exercise.content.workspace_schemas import workspace_schemas
    from tests.conftest import ROOT

    return workspace_schemas(known_ids(ROOT))


@pytest.mark.parametrize("kind", KINDS)
def test_examples_are_valid_and_name_ids_the_content_has(kind, shipped_workspace):
    """Each example fits its key, checked against the workspace schema, so an example id (a
    role, an indicator, a flag, a bibliography key...) is one the shipped content defines."""
    from exercise.content.workspace_schemas import node_at

    whole = shipped_workspace[kind]
    checked = 0
    for pointer, prop in _properties(schema(kind)):
        examples = prop.get("examples", [])
        assert isinstance(examples, list) and all(e is not None for e in examples), pointer
        node = {**node_at(whole, pointer), "$defs": whole["$defs"]}
        for example in examples:
            errors = [e.message for e in Draft202012Validator(node).iter_errors(example)]
            assert errors == [], f"{pointer}: example {example!r}: {errors}"
            checked += 1
    assert checked, f"the {kind} schema shows no examples"
