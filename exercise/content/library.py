"""Load a content root: every role, inject, scenario and the bibliography."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exercise.content import build
from exercise.content.files import discover, display_path
from exercise.content.model import Library
from exercise.content.schemas import FOLDER_KIND, check, kind_of
from exercise.content.yamlio import ContentError, Document, read_document


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
    broken_ids: set[str] = field(default_factory=set)  # ids of files with schema errors


def load(root: Path | str = ".", extra: list[Path] | None = None) -> Loaded:
    root = Path(root)
    paths = discover(root)
    for p in extra or ():
        if p.resolve() not in {q.resolve() for q in paths}:
            paths.append(p)
    out = Loaded(Library({}, {}, {}, {}))
    for path in paths:
        shown = display_path(path, root)
        out.files.append(shown)
        try:
            doc = read_document(path, shown)
        except ContentError as err:
            out.problems.append(err)
            continue
        kind = kind_of(doc, path.parent.name if path.parent.name in FOLDER_KIND else None)
        if kind is None:
            out.problems.append(
                doc.error(
                    ("kind",),
                    "cannot tell what this file is: add 'kind: role', "
                    "'kind: inject', 'kind: scenario' or 'kind: bibliography'",
                    key=True,
                )
            )
            continue
        problems = check(doc, kind)
        if problems:
            out.problems.extend(problems)
            if isinstance(doc.data.get("id"), str):
                out.broken_ids.add(doc.data["id"])  # so other files do not also report it missing
            continue
        _add(out, kind, doc)
    return out


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
    tables: dict[str, dict[str, Any]] = {
        "role": lib.roles,
        "inject": lib.injects,
        "scenario": lib.scenarios,
    }
    table = tables[kind]
    ident = data["id"]
    if ident in table:
        first = out.docs[(kind, ident)]
        line, _ = first.mark(("id",))
        out.problems.append(
            doc.error(("id",), f"duplicate {kind} id '{ident}' (also in {first.path}:{line})")
        )
        return
    table[ident] = getattr(build, kind)(data)
    out.docs[(kind, ident)] = doc


def load_library(root: Path | str = ".") -> Library:
    """The library, or ContentProblems listing every problem (schema and cross-reference)."""
    from exercise.content.crossref import cross_check

    loaded = load(root)
    problems = loaded.problems + cross_check(loaded)
    if problems:
        raise ContentProblems(problems)
    return loaded.library


def scenario_world(root: Path | str, scenario_id: str) -> dict:
    """The raw, validated content one session needs: its scenario, injects and every role.

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
    docs = loaded.docs
    return {
        "scenario": docs[("scenario", scenario_id)].data,
        "injects": [docs[("inject", i)].data for i in loaded.library.world_inject_ids(scenario)],
        "roles": [docs[("role", r)].data for r in sorted(loaded.library.roles)],
    }
