"""`ttx validate`: every problem in a content root, as path:line:col: message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exercise.content.crossref import cross_check
from exercise.content.files import display_path
from exercise.content.indicator_checks import indicator_warnings
from exercise.content.library import load
from exercise.content.lints import lint
from exercise.content.logic import logic_errors, logic_warnings
from exercise.content.near_duplicates import near_duplicate_warnings
from exercise.content.yamlio import ContentError


@dataclass
class Report:
    problems: list[ContentError]
    warnings: list[ContentError]
    counts: dict[str, int]
    files: int
    grounded: bool


def validate(
    root: Path, paths: list[Path] | None = None, sources_dir: Path | None = None
) -> Report:
    """Validate the whole root (cross-references need it); report only `paths` when given."""
    extra: list[Path] = []
    for p in paths or ():
        if p.is_dir():
            extra.extend(
                sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file())
            )
        else:
            extra.append(p)
    loaded = load(root, extra)
    wanted = {display_path(p, root) for p in extra} if paths else None
    problems = _unique(
        loaded.problems
        + cross_check(loaded, sources_dir)
        + logic_errors(loaded, sources_dir, wanted)
    )
    # Warnings only on content that loads cleanly: a broken file makes them guesswork.
    warnings = (
        []
        if problems
        else lint(loaded.library, lambda k, i: loaded.docs[(k, i)])
        + logic_warnings(loaded)
        + indicator_warnings(loaded)
        + near_duplicate_warnings(loaded)
    )
    if wanted is not None:
        problems = [p for p in problems if p.path in wanted]
        warnings = [w for w in warnings if w.path in wanted]
    problems.sort(key=lambda p: (p.path, p.line, p.col))
    warnings.sort(key=lambda p: (p.path, p.line, p.col))
    lib = loaded.library
    counts = {
        "roles": len(lib.roles),
        "injects": len(lib.injects),
        "scenarios": len(lib.scenarios),
        "indicators": len(lib.indicators),
        "sources": len(lib.sources),
    }
    return Report(
        problems,
        warnings,
        counts,
        len(extra) if paths else len(loaded.files),
        sources_dir is not None,
    )


def _unique(problems: list[ContentError]) -> list[ContentError]:
    """Each problem once: two checks may find the same one (a missing source text is named by
    the citation check and, at the same citation, by the logic checks' look at the reported
    files)."""
    seen: set[str] = set()
    out = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out
