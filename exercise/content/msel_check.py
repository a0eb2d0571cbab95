"""Validate the files an import would write, with the project's own validator, before any is.

The content root is copied to a scratch folder, the new files put in their places there, and
`validate` run over it, so every check `ttx validate` makes (schemas, cross-references, windows,
quotes when the source texts are given) applies. Each problem in a new file is traced back to
its row, and through the YAML node it points at to the column the value came from.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from exercise.content.broken import follows
from exercise.content.files import discover
from exercise.content.msel_rows import Parsed, Problem
from exercise.content.validate import validate
from exercise.content.yamlio import ContentError, PureContentLoader

Path_ = tuple[str | int, ...]

_COLUMN_OF_KEY = {
    "id": "id",
    "title": "subject",
    "date": "date",
    "window": "window",
    "from": "from",
    "medium": "method",
    "visibility": "visibility",
    "audience": "to",
    "deciders": "deciders",
    "counterfactual": "counterfactual",
    "manual": "manual",
    "trigger": "trigger",
    "body": "message",
    "questions": "questions",
    "options": "options",
    "facilitator_notes": "notes",
    "sources": "sources",
}
# Where a problem in the scenario's lists points at an inject id: the column that placed it.
_COLUMN_OF_LIST = {"schedule": "turn", "decks": "deck", "triggered": "trigger", "manual": "release"}


def column_of(path: Path_) -> str:
    if not path:
        return ""
    head = str(path[0])
    if head == "history":
        return "history_sources" if path[1:2] == ("sources",) else "history"
    if head == "expected":
        return "objective" if path[2:3] == ("objective",) else "expected_action"
    return _COLUMN_OF_KEY.get(head, "")


def _positions(text: str) -> tuple[dict[tuple[int, int], Path_], list[tuple[int, str]]]:
    """Every node's (line, col), 1-based, with its path; and each top-level key's line."""
    root = yaml.compose(text, Loader=PureContentLoader)
    at: dict[tuple[int, int], Path_] = {}
    tops: list[tuple[int, str]] = []

    def mark(node: yaml.Node, path: Path_) -> None:
        at.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), path)

    def walk(node: yaml.Node, path: Path_) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                mark(k, (*path, k.value))
                mark(v, (*path, k.value))
                if not path:
                    tops.append((k.start_mark.line + 1, str(k.value)))
                walk(v, (*path, k.value))
        elif isinstance(node, yaml.SequenceNode):
            for n, item in enumerate(node.value):
                mark(item, (*path, n))
                walk(item, (*path, n))

    if root is not None:
        walk(root, ())
    return at, tops


def node_path(text: str, line: int, col: int) -> Path_:
    """The path of the node a problem points at; failing an exact match, the top-level key
    whose lines hold it (a missing key is reported at its parent)."""
    at, tops = _positions(text)
    if (line, col) in at:
        return at[(line, col)]
    above = [key for start, key in tops if start <= line]
    return (above[-1],) if above else ()


def _value_at(text: str, line: int, col: int) -> tuple[Path_, str]:
    root = yaml.compose(text, Loader=PureContentLoader)
    found: list[tuple[Path_, str]] = []

    def walk(node: yaml.Node, path: Path_) -> None:
        if isinstance(node, yaml.ScalarNode):
            if (node.start_mark.line + 1, node.start_mark.column + 1) == (line, col):
                found.append((path, node.value))
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, (*path, k.value))
        elif isinstance(node, yaml.SequenceNode):
            for n, item in enumerate(node.value):
                walk(item, (*path, n))

    if root is not None:
        walk(root, ())
    return found[0] if found else ((), "")


class Staged:
    """The planned files and the rows they come from, checked in a copy of the root."""

    def __init__(self, root: Path, files: dict[str, str], rows: dict[str, Parsed], scenario: str):
        self.root, self.files, self.rows, self.scenario = root, files, rows, scenario
        self.by_id = {p.inject["id"]: p for p in rows.values()}

    def check(self, sources: Path | None) -> tuple[list[Problem], list[Problem], int]:
        """Problems (those the root already had elsewhere left out), warnings on the new
        files, and how many of the root's own problems were left out."""
        with tempfile.TemporaryDirectory(prefix="ttx-msel-") as scratch:
            stage = Path(scratch).resolve()
            for path in discover(self.root):
                target = stage / path.relative_to(self.root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            for rel, text in self.files.items():
                target = stage / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            report = validate(stage, None, sources)
            # A note on what a broken file kept unchecked names the scratch copy: its cause
            # is reported at its row already.
            found = [(p, _rel(p, stage)) for p in report.problems if not follows(p)]
            # Warnings only on the files the import writes: the rest of the root is not its own.
            warnings = [
                self._traced(w, rel)
                for w in report.warnings
                if (rel := _rel(w, stage)) in self.files
            ]
        before = self._before(sources) if any(r not in self.files for _, r in found) else set()
        problems = [
            self._traced(p, rel)
            for p, rel in found
            if (rel, p.line, p.col, p.message) not in before
        ]
        return problems, warnings, len(found) - len(problems)

    def _before(self, sources: Path | None) -> set[tuple[str, int, int, str]]:
        """The root's problems as it is: a sheet is not refused for a file it leaves alone."""
        base = self.root.resolve()
        return {
            (_rel(p, base), p.line, p.col, p.message)
            for p in validate(self.root, None, sources).problems
        }

    def _traced(self, error: ContentError, rel: str) -> Problem:
        if rel in self.rows:
            path = node_path(self.files[rel], error.line, error.col)
            return Problem(self.rows[rel].row, column_of(path), error.message)
        if rel == self.scenario:
            path, value = _value_at(self.files[rel], error.line, error.col)
            placed = self.by_id.get(value) if path and path[0] in _COLUMN_OF_LIST else None
            if placed is not None:
                return Problem(placed.row, _COLUMN_OF_LIST[str(path[0])], error.message)
        shown = f"{self.root / rel}:{error.line}:{error.col}"
        if rel == self.scenario:
            shown += " (as the import would write it)"
        return Problem(None, "", f"{shown}: {error.message}")


def _rel(error: ContentError, stage: Path) -> str:
    try:
        return Path(error.path).resolve().relative_to(stage).as_posix()
    except ValueError:
        return error.path
