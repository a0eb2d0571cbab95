"""Every key of every content kind, read from the shipped JSON Schemas: path, type, whether it is
required, and what it means.

One walk of the schemas serves both the comments `ttx new` writes above each key and the key
table in docs/authoring.md (docs/keys.py prints it, a test compares it with the doc), so neither
can drift from the schemas. A schema's own `description` wins; `key_meanings.MEANINGS` says what
the others mean until the schemas describe every property.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from exercise.content.key_meanings import MEANINGS, PLACEHOLDERS
from exercise.content.kinds import KINDS
from exercise.content.schemas import schema

# Definitions described once, in a table of their own, wherever a kind refers to them.
SHARED = {"citation": "inject", "condition": "inject"}
_SHARED_REFS = {
    "#/$defs/citation": "a citation",
    "#/$defs/citations": "list of citations (at least 1)",
    "#/$defs/condition": "a condition",
}
_SCALAR_REFS = {"#/$defs/id": "id", "#/$defs/date": "date", "#/$defs/tag": "tag"}


class KeyDoc(NamedTuple):
    path: str  # dotted from the file's top: "options[].covert.discovery"
    type: str
    required: str  # "yes", "no", or the condition under which it is
    meaning: str


def keys(kind: str) -> list[KeyDoc]:
    """Every key a file of `kind` may hold, parents before their children, in schema order."""
    root = schema(kind)
    return list(_walk(kind, root, root, ""))


def shared_keys(name: str) -> list[KeyDoc]:
    """The keys of a shared definition (`citation`, `condition`), described once."""
    root = schema(SHARED[name])
    return list(_walk(name, root, root["$defs"][name], ""))


def key_doc(kind: str, path: str) -> KeyDoc:
    """One key's entry; KeyError for a key the schema does not have."""
    for doc in keys(kind) if kind in KINDS else shared_keys(kind):
        if doc.path == path:
            return doc
    raise KeyError(f"{kind} has no key '{path}'")


def _walk(owner: str, root: dict, node: dict, prefix: str) -> Iterator[KeyDoc]:
    node = _resolve(root, node)
    required = set(node.get("required", ()))
    conditional = _conditionally_required(node)
    for name, prop in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        need = "yes" if name in required else conditional.get(name, "no")
        text = type_text(root, prop, path)
        yield KeyDoc(path, text, need, meaning(owner, path, prop))
        yield from _children(owner, root, prop, path)


def _children(owner: str, root: dict, prop: dict, path: str) -> Iterator[KeyDoc]:
    """The keys inside a mapping, a list of mappings, or each value of a keyed mapping."""
    if prop.get("$ref") in _SHARED_REFS:
        return
    target = _resolve(root, prop)
    if target.get("type") == "array" and isinstance(target.get("items"), dict):
        items = target["items"]
        if items.get("$ref") not in _SHARED_REFS and _is_mapping(_resolve(root, items)):
            yield from _walk(owner, root, items, f"{path}[].")
        return
    if "properties" in target:
        yield from _walk(owner, root, target, f"{path}.")
        return
    value = target.get("additionalProperties")
    if isinstance(value, dict):
        branch = next((b for b in value.get("oneOf", [value]) if _is_mapping(b)), None)
        if branch is not None and "properties" in branch:
            yield from _walk(owner, root, branch, f"{path}.<{_key_name(path)}>.")


def _key_name(path: str) -> str:
    """What the keys of a keyed mapping are: 'role' for `higher_is`, 'indicator' for `effects`."""
    return PLACEHOLDERS.get(path.rsplit(".", 1)[-1].removesuffix("[]"), "key")


def _resolve(root: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return root["$defs"][ref.removeprefix("#/$defs/")]
    return node


def _is_mapping(node: dict) -> bool:
    return node.get("type") == "object" or "properties" in node


def _conditionally_required(node: dict) -> dict[str, str]:
    """Keys an if/then of the schema requires ({'audience': 'if visibility is private'}), and the
    keys of exactly-one-of groups (a condition is one of four tests)."""
    out: dict[str, str] = {}
    for group in (b.get("required", []) for b in node.get("oneOf", ())):
        for name in group:
            others = [g for g in group if g != name]
            article = "an" if group[0][0] in "aeiou" else "a"
            also = f", with {' and '.join(others)}" if others else ""
            out[name] = f"in {article} {group[0]} test{also}"
    for rule in node.get("allOf", ()):
        cond = rule.get("if", {}).get("properties", {})
        for key, test in cond.items():
            if "const" in test:
                for name in rule.get("then", {}).get("required", ()):
                    out[name] = f"if {key} is {test['const']}"
    return out


def meaning(owner: str, path: str, prop: dict) -> str:
    """The schema's description, else ours; "" for a key added to a schema without either (a
    test of the key table names it, while `ttx new` goes on working)."""
    return prop.get("description") or MEANINGS.get(f"{owner}:{path}", "")


def type_text(root: dict, prop: dict, path: str = "") -> str:
    """The type of a value in words: 'text (3 to 120 characters)', 'list of id', ..."""
    ref = prop.get("$ref")
    if ref in _SCALAR_REFS:
        return _SCALAR_REFS[ref]
    if ref in _SHARED_REFS:
        return _SHARED_REFS[ref]
    node = _resolve(root, prop)
    if "const" in node:
        return f"always `{node['const']}`"
    if "enum" in node:
        return "one of: " + ", ".join(f"`{v}`" for v in node["enum"]) + _default(node)
    if "oneOf" in node:
        return " or ".join(type_text(root, b) for b in node["oneOf"])
    kind = node.get("type")
    if kind == "array":
        return "list of " + _plural(type_text(root, node.get("items", {}))) + _count(node)
    if kind == "object" or "properties" in node:
        return _mapping_text(root, node, path)
    return _scalar_text(node)


def _scalar_text(node: dict) -> str:
    kind = node.get("type")
    if kind == "string":
        low, high = node.get("minLength"), node.get("maxLength")
        pattern = node.get("pattern", "")
        if "[0-9]{4}" in pattern:
            return "date"
        if "/" in pattern:
            return "inject-id/option-id"
        if pattern:
            return "id"
        return "text" + _range(low, high, " characters")
    if kind == "integer":
        return (
            "whole number" + _range(node.get("minimum"), node.get("maximum"), "") + _default(node)
        )
    if kind == "number":
        low = node.get("minimum")
        if "exclusiveMinimum" in node:
            return f"number (over {node['exclusiveMinimum']}, at most {node.get('maximum')})"
        return "number" + _range(low, node.get("maximum"), "")
    if kind == "boolean":
        return "`true` or `false`" + _default(node)
    return str(kind or "any")


def _mapping_text(root: dict, node: dict, path: str) -> str:
    value = node.get("additionalProperties")
    if isinstance(value, dict) and "properties" not in node:
        name = _key_name(path)
        key = name if name == "tag" else f"{name} id"
        return f"mapping: {key} → {type_text(root, value)}"
    return "mapping"


def _plural(text: str) -> str:
    if text == "mapping":
        return "mappings"
    if text.startswith("a "):
        return text[2:] + "s"
    return text


def _range(low: Any, high: Any, unit: str) -> str:
    if low is not None and high is not None:
        return f" ({low} to {high}{unit})"
    if low is not None:
        return f" (at least {low}{unit})"
    if high is not None:
        return f" (at most {high}{unit})"
    return ""


def _count(node: dict) -> str:
    return f" (at least {node['minItems']})" if node.get("minItems") else ""


def _default(node: dict) -> str:
    if "default" not in node:
        return ""
    value = node["default"]
    shown = str(value).lower() if isinstance(value, bool) else value
    return f"; default `{shown}`"


# The key table of docs/authoring.md

TABLE_START = "<!-- keys: written by `python docs/keys.py --write` from the schemas; edit those -->"
TABLE_END = "<!-- /keys -->"
_TITLES = (
    ("scenario", "Scenario (`scenarios/<id>.yaml`)"),
    ("inject", "Inject (`injects/<folder>/<id>.yaml`)"),
    ("role", "Role (`roles/<id>.yaml`)"),
    ("indicator", "Indicator (`indicators/<id>.yaml`)"),
    ("bibliography", "Bibliography (`sources/bibliography.yaml`)"),
    ("citation", "Citation (each item of a `sources` list)"),
    ("condition", "Condition (each item of `when`, `requires`)"),
)


def key_tables() -> str:
    """Every key of every kind as Markdown tables, between the markers the doc keeps them in."""
    out = [TABLE_START]
    for name, title in _TITLES:
        rows = keys(name) if name in KINDS else shared_keys(name)
        out += [
            "",
            f"#### {title}",
            "",
            "| key | type | required | meaning |",
            "| --- | --- | --- | --- |",
        ]
        out += [
            f"| `{r.path}` | {_cell(r.type)} | {_cell(r.required)} | {_cell(r.meaning)} |"
            for r in rows
        ]
    return "\n".join([*out, "", TABLE_END])


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def doc_tables(doc: str) -> str | None:
    """The key tables as a document has them (markers included), or None."""
    start, end = doc.find(TABLE_START), doc.find(TABLE_END)
    if start < 0 or end < start:
        return None
    return doc[start : end + len(TABLE_END)]
