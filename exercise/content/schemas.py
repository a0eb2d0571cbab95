"""The JSON Schemas shipped with the package, compiled once, with errors in plain English."""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from exercise.content.kinds import FOLDER_KIND, KINDS
from exercise.content.yamlio import ContentError, Document, type_name

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# jsonschema and fastjsonschema load on the first check: listing scenarios needs neither.


def schema_text(kind: str) -> str:
    return resources.files("exercise.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")


@cache
def schema(kind: str) -> dict:
    return json.loads(schema_text(kind))


@cache
def validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def fast_check(kind: str) -> Callable[[object], object]:
    """A compiled yes/no check of the same schema, about 15x faster than jsonschema.

    fastjsonschema has no 2020-12 mode, but these schemas only use keywords whose meaning is the
    same in draft-07; a property test checks that both verdicts agree. jsonschema stays the
    authority: it runs whenever the fast check fails, to report every error in plain English.
    """
    import fastjsonschema

    draft7 = copy.deepcopy(schema(kind))  # compile() annotates the dict it is given
    draft7["$schema"] = "http://json-schema.org/draft-07/schema#"
    code = fastjsonschema.compile_to_code(draft7)
    # The generated code names every value it checks for its error message as it goes, with
    # "...[{i}]".format(**locals()) on each list item checked through a $ref: a quarter of its
    # time on content. Only the verdict is read here (jsonschema explains a failure), so the
    # names are left out; code of another shape is run as it comes, only slower.
    code = _ITEM_NAME.sub('(name_prefix or "data")', code)
    root = _FIRST_FUNCTION.search(code)
    if root is None:
        return fastjsonschema.compile(draft7)
    scope: dict = {}
    exec(compile(code, f"<fastjsonschema: {kind}>", "exec"), scope)  # as compile() itself does
    return scope[root.group(1)]


_ITEM_NAME = re.compile(r'\(name_prefix or "data"\) \+ "(?:[^"\\]|\\.)*"\.format\(\*\*locals\(\)\)')
_FIRST_FUNCTION = re.compile(r"^def (\w+)\(data, ", re.MULTILINE)


def describe_path(path: tuple) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "the file"


def _where(path: tuple) -> str:
    return f" in {describe_path(path)}" if path else ""


def _best(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, report the branch that came closest rather than the umbrella error."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        deepest = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.message)))
        if len(deepest.absolute_path) > len(error.absolute_path):
            return _best(deepest)
    return error


def explain(doc: Document, error: ValidationError) -> Iterator[ContentError]:
    error = _best(error)
    path = tuple(error.absolute_path)
    value = error.instance
    v = error.validator
    if v == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(error.schema.get("properties", {}))
        # A key YAML reads as a number sorts among the others by its text, not by a TypeError.
        for extra in sorted((k for k in value if k not in allowed), key=str):
            hint = difflib.get_close_matches(str(extra), allowed, n=1)
            suggestion = (
                f"; did you mean '{hint[0]}'?"
                if hint
                else f"; expected one of: {', '.join(allowed)}"
            )
            yield doc.error(
                path + (extra,), f"unknown key '{extra}'{_where(path)}{suggestion}", key=True
            )
        return
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield doc.error(path, f"missing required key '{missing}'{_where(path)}", key=True)
        return
    if v == "oneOf" and isinstance(value, dict) and error.schema is not None:
        yield doc.error(
            path,
            f"{describe_path(path)} must have exactly one of: "
            "indicator+op+value, decision, flag, not_flag",
            key=True,
        )
        return
    if v == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        article = "an" if str(expected)[0] in "aeiou" else "a"
        words = {"object": "mapping", "array": "list", "integer": "whole number"}
        exp = words.get(expected, expected)
        yield doc.error(
            path,
            f"{describe_path(path)} should be {article if exp == expected else 'a'} {exp}, "
            f"not {type_name(value)}",
        )
        return
    if v in ("enum", "const"):
        choices = error.validator_value if v == "enum" else [error.validator_value]
        hint = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
        tail = f"; did you mean '{hint[0]}'?" if hint else ""
        yield doc.error(
            path,
            f"{describe_path(path)} is {value!r}; "
            f"it must be one of: {', '.join(map(str, choices))}{tail}",
        )
        return
    if v == "pattern":
        what = (
            "an in-world date (YYYY, YYYY-MM or YYYY-MM-DD)"
            if "[0-9]{4}" in error.validator_value
            else (
                "an inject-id/option-id pair"
                if "/" in error.validator_value
                else "an id (lowercase letters, digits, '-' and '_')"
            )
        )
        yield doc.error(path, f"{describe_path(path)} is {value!r}; it must be {what}")
        return
    if v in ("minLength", "maxLength"):
        word = "at least" if v == "minLength" else "at most"
        yield doc.error(
            path, f"{describe_path(path)} must be {word} {error.validator_value} characters long"
        )
        return
    if v in ("minItems", "maxItems"):
        word = "at least" if v == "minItems" else "at most"
        yield doc.error(
            path, f"{describe_path(path)} must have {word} {error.validator_value} item(s)"
        )
        return
    if v in ("minimum", "maximum"):
        word = "at least" if v == "minimum" else "at most"
        yield doc.error(path, f"{describe_path(path)} must be {word} {error.validator_value}")
        return
    if v == "uniqueItems":
        yield doc.error(path, f"{describe_path(path)} lists the same item twice")
        return
    yield doc.error(path, f"{describe_path(path)}: {error.message}")


def kind_of(doc: Document, folder_hint: str | None) -> str | None:
    kind = doc.data.get("kind")
    if isinstance(kind, str) and kind in KINDS:
        return kind
    return FOLDER_KIND.get(folder_hint or "")


def check(doc: Document, kind: str) -> list[ContentError]:
    import fastjsonschema

    try:
        fast_check(kind)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems: list[ContentError] = []
    for error in validator(kind).iter_errors(doc.data):
        problems.extend(explain(doc, error))
    problems.sort(key=lambda p: (p.line, p.col))
    return problems
