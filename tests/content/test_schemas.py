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
