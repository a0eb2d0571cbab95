"""YAML written the way the shipped content is: inject files, YAML cells, a scenario's lists.

Inject files get the schema modeline, keys in the order the shipped files use, short lists and
effects on one line, text over several lines as a literal block. A scenario is not rewritten:
only the values of its `schedule`, `triggered`, `manual` and each deck's `injects` are replaced
in its text, so its readme, comments and layout stay as the author wrote them.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, NamedTuple

import yaml

from exercise.content.yamlio import ContentLoader, PureContentLoader

INJECT_ORDER = (
    "kind",
    "id",
    "title",
    "date",
    "window",
    "from",
    "medium",
    "visibility",
    "audience",
    "deciders",
    "counterfactual",
    "manual",
    "trigger",
    "body",
    "questions",
    "options",
    "history",
    "expected",
    "facilitator_notes",
    "sources",
)
_ONE_LINE_MAPS = {"effects", "window"}  # written {a: 1, b: -1}, as in the shipped files
_ONE_LINE_ITEMS = {"when", "requires"}  # conditions: one {flag: x} per line
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


class _FlowList(list):
    pass


class _FlowMap(dict):
    pass


class _Quoted(str):
    pass


_QUOTED_KEYS = {"quote", "op"}  # written "..." in the shipped files


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # "  - item" under its key, as authors write it

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        # The shipped files quote with "...", unless the text holds a double quote itself.
        value = getattr(self.event, "value", "") or ""
        return '"' if style == "'" and '"' not in value else style


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else ('"' if _DATE.match(text) else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"')
)
_Dumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)


def _scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _flat(value: Any) -> bool:
    return isinstance(value, dict) and all(map(_scalar, value.values()))


def _word(value: Any) -> bool:
    """Ids, tags, numbers: what a list holds when it is written [a, b] on one line."""
    return _scalar(value) and " " not in str(value) and "\n" not in str(value)


def _styled(value: Any, key: str = "") -> Any:
    if isinstance(value, str) and key in _QUOTED_KEYS and "\n" not in value:
        return _Quoted(value)
    if isinstance(value, dict):
        if key in _ONE_LINE_MAPS and all(map(_scalar, value.values())):
            return _FlowMap({k: _styled(v, str(k)) for k, v in value.items()})
        return {k: _styled(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(map(_word, value)):
            return _FlowList(value)
        if key in _ONE_LINE_ITEMS and len(value) == 1 and _flat(value[0]):
            return _FlowList([_FlowMap({k: _styled(x, str(k)) for k, x in value[0].items()})])
        if key in _ONE_LINE_ITEMS:
            return [
                _FlowMap({k: _styled(x, str(k)) for k, x in v.items()})
                if isinstance(v, dict) and all(map(_scalar, v.values()))
                else _styled(v)
                for v in value
            ]
        return [_styled(v) for v in value]
    return value


# The order keys are written in below the top level of an inject (option, covert move,
# condition, citation, expected action, trigger...): for data whose own order was lost.
_NESTED_ORDER = (
    "id", "key", "quote", "note", "role", "text", "objective", "label", "description", "roles",
    "tags", "hidden_from", "discovery", "when", "mode", "indicator", "op", "value", "decision",
    "flag", "not_flag", "requires", "inject", "effects", "sets", "clears", "effects_if", "covert",
    "options", "sources", "from_turn", "until_turn", "from", "until",
)  # fmt: skip
_RANK = {k: n for n, k in enumerate(_NESTED_ORDER)}


def canonical(data: dict) -> dict:
    """An inject whose keys came back sorted (a session log stores canonical JSON) in the order
    authors write them. The effects keep the order they have: it means nothing."""

    def tidy(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            keys = (
                list(value) if key == "effects" else sorted(value, key=lambda k: _RANK.get(k, 99))
            )
            return {k: tidy(value[k], k) for k in keys}
        if isinstance(value, list):
            return [tidy(v) for v in value]
        return value

    return {k: data[k] if k in ("kind", "id") else tidy(data[k], k) for k in key_order(list(data))}


def dump_value(value: Any) -> str:
    """A value as block YAML, without the final newline (for a spreadsheet cell)."""
    text = yaml.dump(
        _styled(value), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000
    )
    return text.removesuffix("\n...\n").rstrip("\n")


def modeline(rel_path: str, kind: str) -> str:
    """The schema comment for a file at `rel_path` under the content root (shipped layout)."""
    up = "../" * (len(PurePosixPath(rel_path).parts) - 1)
    return f"# yaml-language-server: $schema={up}exercise/schemas/{kind}.schema.json\n"


def key_order(keys: list[str], written: tuple[str, ...] = ()) -> list[str]:
    """The order of an inject's keys: as its file already has them, a new key where the
    shipped files put it."""
    out = [k for k in written if k in keys]
    for k in INJECT_ORDER:
        if k in keys and k not in out:
            before = INJECT_ORDER[: INJECT_ORDER.index(k)]
            out.insert(max((out.index(b) + 1 for b in before if b in out), default=0), k)
    return out + [k for k in keys if k not in out]


def inject_text(data: dict, rel_path: str, written: tuple[str, ...] = ()) -> str:
    ordered = {k: data[k] for k in key_order(list(data), written)}
    return modeline(rel_path, "inject") + dump_value(ordered) + "\n"


# A scenario's lists, replaced in place


class Lists(NamedTuple):
    schedule: list[tuple[int, list[str]]]
    triggered: list[str]
    manual: list[str]
    decks: dict[str, list[str]]  # deck id -> its cards


def _id(value: str) -> str:
    return dump_value(value)  # quoted only where YAML would read something else


def _flow(ids: list[str]) -> str:
    return "[" + ", ".join(_id(i) for i in ids) + "]"


def _end(node: yaml.Node) -> int:
    """Where a value's own text ends (a block collection ends with its last item's text)."""
    if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _end(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.index


def _span(text: str, key: yaml.Node, value: yaml.Node) -> tuple[int, int]:
    start = text.index(":", key.end_mark.index) + 1
    return start, max(start, _end(value))


def _block(value: yaml.Node) -> tuple[bool, str]:
    """Whether the list was written as a block, and the indent of its items."""
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        return True, " " * value.start_mark.column
    return False, "  "  # written [a, b] (or empty): kept on one line


def _ids_value(value: yaml.Node | None, ids: list[str]) -> str:
    block, indent = _block(value) if value is not None else (True, "  ")
    if not ids:
        return " []"
    if not block:
        return " " + _flow(ids)
    return "".join(f"\n{indent}- {_id(i)}" for i in ids)


def _schedule_value(value: yaml.Node | None, schedule: list[tuple[int, list[str]]]) -> str:
    if not schedule:
        return " []"
    if value is not None and isinstance(value, yaml.SequenceNode) and value.flow_style:
        return " [" + ", ".join(f"{{turn: {t}, injects: {_flow(i)}}}" for t, i in schedule) + "]"
    block, indent = _block(value) if value is not None else (True, "  ")
    first = value.value[0] if value is not None and block else None
    if isinstance(first, yaml.MappingNode) and first.flow_style:
        return "".join(f"\n{indent}- {{turn: {t}, injects: {_flow(i)}}}" for t, i in schedule)
    return "".join(f"\n{indent}- turn: {t}\n{indent}  injects: {_flow(i)}" for t, i in schedule)


def _top(root: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    return {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}


def scenario_text(text: str, lists: Lists) -> str:
    """The scenario's text with its lists replaced; ValueError if the result would not read
    back as those lists (a layout this cannot edit safely)."""
    # The pure-Python composer: its marks count characters, which the edits below index by.
    root = yaml.compose(text, Loader=PureContentLoader)
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("the scenario file is not a mapping")
    top = _top(root)
    edits: list[tuple[int, int, str]] = []
    appended = ""
    for key, make in (
        ("schedule", lambda v: _schedule_value(v, lists.schedule)),
        ("triggered", lambda v: _ids_value(v, lists.triggered)),
        ("manual", lambda v: _ids_value(v, lists.manual)),
    ):
        if key in top:
            k, v = top[key]
            edits.append((*_span(text, k, v), make(v)))
        elif key == "schedule" or getattr(lists, key):
            appended += f"{key}:{make(None)}\n"
    edits.extend(_deck_edits(text, top, lists.decks))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    if appended:
        text = (text if text.endswith("\n") else text + "\n") + appended
    _check(text, lists)
    return text


def _deck_edits(
    text: str, top: dict[str, tuple[yaml.Node, yaml.Node]], decks: dict[str, list[str]]
) -> list[tuple[int, int, str]]:
    edits = []
    node = top.get("decks", (None, None))[1]
    for item in node.value if isinstance(node, yaml.SequenceNode) else ():
        fields = _top(item) if isinstance(item, yaml.MappingNode) else {}
        deck_id = fields.get("id", (None, None))[1]
        if "injects" in fields and isinstance(deck_id, yaml.ScalarNode) and deck_id.value in decks:
            k, v = fields["injects"]
            edits.append((*_span(text, k, v), " " + _flow(decks[deck_id.value])))
    return edits


def _check(text: str, lists: Lists) -> None:
    data = yaml.load(text, Loader=ContentLoader)
    got = Lists(
        [(s.get("turn"), s.get("injects")) for s in data.get("schedule") or ()],
        list(data.get("triggered") or ()),
        list(data.get("manual") or ()),
        {
            d.get("id"): d.get("injects")
            for d in data.get("decks") or ()
            if d.get("id") in lists.decks
        },
    )
    if got != lists:
        raise ValueError("the scenario's lists are laid out in a way this cannot edit in place")
