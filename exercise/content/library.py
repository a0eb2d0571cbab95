"""Load a content root: every role, inject, shared indicator, scenario and the bibliography."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from exercise.content import build
from exercise.content.broken import INDICATOR, BrokenFile, broken_file
from exercise.content.files import discover, display_path
from exercise.content.indicator_names import SharedTypo, shared_typos
from exercise.content.indicators import Expanded, expand
from exercise.content.model import Library, Scenario
from exercise.content.schemas import FOLDER_KIND, check, kind_of
from exercise.content.yamlio import ContentError, Document, decode, parse_text, read_bytes


class ContentProblems(Exception):
    """Raised when content needed to run something does not validate."""

    def __init__(self, problems: list[ContentError]):
        super().__init__(f"{len(problems)} problem(s) in content; first: {problems[0]}")
        self.problems = problems


@dataclass
class Loaded:
    """A library plus, for each object, the document it came from (for error positions)."""

    library: Library
    problems: list[ContentError] = field(default_factory=list)
    docs: dict[tuple[str, str], Document] = field(default_factory=dict)  # (kind, id) -> doc
    bibliography_doc: Document | None = None
    files: list[str] = field(default_factory=list)
    broken: list[BrokenFile] = field(default_factory=list)  # files that did not load
    requested: frozenset[str] | None = None  # the files asked about by name; None: all
    expanded: dict[str, Expanded] = field(default_factory=dict)  # scenario id -> written out
    shared_typos: list[SharedTypo] = field(default_factory=list)  # misspelt shared indicators

    @property
    def broken_ids(self) -> set[str]:
        """Ids of the files that did not load, so that other files do not report them missing."""
        return {file.ident for file in self.broken}

    def scenario_data(self, scenario_id: str) -> dict:
        """The scenario as its file has it, with every indicator written out in full: what a
        session's world holds (see indicators.expand)."""
        return self.expanded[scenario_id].data


def load(root: Path | str = ".", extra: list[Path] | None = None) -> Loaded:
    root = Path(root)
    paths = discover(root)
    for p in extra or ():
        if p.resolve() not in {q.resolve() for q in paths}:
            paths.append(p)
    out = Loaded(Library({}, {}, {}, {}, {}))
    if extra:
        out.requested = frozenset(display_path(p, root) for p in extra)
    for path in paths:
        shown = display_path(path, root)
        out.files.append(shown)
        _load_file(out, root, path, shown)
    _build_scenarios(out)
    return out


def _build_scenarios(out: Loaded) -> None:
    """Each scenario, its indicators written out from the shared definitions: built once every
    file is read, since a scenario may come before the definitions it names."""
    lib = out.library
    definitions = {i: out.docs[("indicator", i)].data for i in lib.indicators}
    scenarios = [(i, d) for (kind, i), d in out.docs.items() if kind == "scenario"]
    unreadable = {name for f in out.broken for what, name in f.names if what == INDICATOR}
    out.shared_typos = shared_typos(lib, [d.data for _, d in scenarios], definitions, unreadable)
    meant = {typo.name: typo.meant for typo in out.shared_typos}
    for ident, doc in scenarios:
        expanded = expand(doc.data, definitions, meant)
        out.expanded[ident] = expanded
        lib.scenarios[ident] = build.scenario(expanded.data)


def _folder_kind(path: Path, root: Path) -> str | None:
    """The kind the file's top folder under the root implies (injects sit in sub-folders)."""
    try:
        top = path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        top = path.parent.name
    return FOLDER_KIND.get(top)


def _load_file(out: Loaded, root: Path, path: Path, shown: str) -> None:
    raw: bytes | None = None
    try:
        raw = read_bytes(path, shown)
        doc = parse_text(shown, decode(shown, raw))
    except ContentError as err:
        out.problems.append(err)
        # Even unreadable YAML says what the file is about, enough to quiet what names it.
        text = raw.decode("utf-8", "replace") if raw is not None else None
        _broken(out, shown, _folder_kind(path, root), text, None, [err])
        return
    kind = kind_of(doc, path.parent.name if path.parent.name in FOLDER_KIND else None)
    if kind is None:
        unknown_kind = doc.error(
            ("kind",),
            "cannot tell what this file is: add 'kind: role', 'kind: inject', "
            "'kind: scenario', 'kind: indicator' or 'kind: bibliography'",
            key=True,
        )
        out.problems.append(unknown_kind)
        _broken(out, shown, _folder_kind(path, root), doc.text, doc, [unknown_kind])
        return
    problems = check(doc, kind)
    if problems:
        out.problems.extend(problems)
        _broken(out, shown, kind, doc.text, doc, problems)
        return
    _add(out, kind, doc)


def _broken(
    out: Loaded,
    shown: str,
    kind: str | None,
    text: str | None,
    doc: Document | None,
    problems: list[ContentError],
) -> None:
    file = broken_file(shown, kind, text, doc, problems)
    if file is not None:
        out.broken.append(file)


def _add(out: Loaded, kind: str, doc: Document) -> None:
    lib = out.library
    data = doc.data
    if kind == "bibliography":
        if out.bibliography_doc is not None:
            out.problems.append(
                doc.error((), f"a second bibliography; the first is {out.bibliography_doc.path}")
            )
            return
        out.bibliography_doc = doc
        lib.sources.update(build.sources(data))
        return
    ident = data["id"]
    if (kind, ident) in out.docs:
        first = out.docs[(kind, ident)]
        line, _ = first.mark(("id",))
        out.problems.append(
            doc.error(("id",), f"duplicate {kind} id '{ident}' (also in {first.path}:{line})")
        )
        return
    out.docs[(kind, ident)] = doc
    if kind == "scenario":
        return  # built by _build_scenarios, once every shared indicator is known
    tables: dict[str, MutableMapping[str, Any]] = {
        "role": lib.roles,
        "inject": lib.injects,
        "indicator": cast(MutableMapping[str, Any], lib.indicators),
    }
    tables[kind][ident] = getattr(build, kind)(data)


def load_library(root: Path | str = ".") -> Library:
    """The library, or ContentProblems listing every problem (schema and cross-reference)."""
    from exercise.content.crossref import cross_check

    loaded = load(root)
    problems = loaded.problems + cross_check(loaded)
    if problems:
        raise ContentProblems(problems)
    return loaded.library


def validated_scenario(root: Path | str, scenario_id: str) -> tuple[Loaded, Scenario]:
    """The root, loaded and cross-checked, and one of its scenarios.

    Raises ContentProblems when the content does not validate, KeyError for an unknown scenario.
    """
    from exercise.content.crossref import cross_check

    loaded = load(root)
    problems = loaded.problems + cross_check(loaded)
    if problems:
        raise ContentProblems(problems)
    scenario = loaded.library.scenarios.get(scenario_id)
    if scenario is None:
        known = ", ".join(sorted(loaded.library.scenarios)) or "none"
        raise KeyError(f"no scenario '{scenario_id}' (scenarios: {known})")
    return loaded, scenario


def scenario_world(root: Path | str, scenario_id: str) -> dict:
    """The raw, validated content one session needs: its scenario, injects and every role.

    Raises ContentProblems when the content does not validate, KeyError for an unknown scenario.
    """
    loaded, scenario = validated_scenario(root, scenario_id)
    docs = loaded.docs
    return {
        "scenario": loaded.scenario_data(scenario_id),
        "injects": [docs[("inject", i)].data for i in loaded.library.world_inject_ids(scenario)],
        "roles": [docs[("role", r)].data for r in sorted(loaded.library.roles)],
    }
