"""ttx sources coverage: which passages of the source texts the content cites, who cites them,
quotes reused across injects, and the stretches no content uses."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.cli.commands import UserError, command

if TYPE_CHECKING:
    from exercise.content.coverage import Coverage
    from exercise.content.model import Library

FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".txt": "text"}


@command
def register_sources(sub) -> None:
    p = sub.add_parser("sources", help="the source texts: which passages the content cites")
    actions = p.add_subparsers(
        dest="sources_action", metavar="ACTION", parser_class=type(p), required=True
    )
    cov = actions.add_parser(
        "coverage",
        help="per document: passages cited and by whom, quotes reused, parts no content uses",
    )
    cov.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="OUT.html (a page), OUT.json (for tools) or OUT.txt; default: text on stdout",
    )
    cov.add_argument("--root", default=".", help="content root (default: current folder)")
    cov.add_argument(
        "--sources",
        metavar="DIR",
        help="folder of the source texts (default: TTX_SOURCES, else ../shared/sources "
        "beside the root)",
    )
    cov.add_argument("--document", metavar="KEY", help="only the document with this key")
    cov.set_defaults(func=run_coverage)


def run_coverage(args) -> int:
    from exercise.content.coverage import coverage

    fmt = _format(args.output)
    root = Path(args.root)
    if not root.is_dir():
        raise UserError(f"--root {args.root}: not a folder")
    lib = _library(root, args.root)
    if args.document is not None and args.document not in lib.sources:
        keys = ", ".join(lib.sources)
        raise UserError(f"--document {args.document}: no such bibliography key (keys: {keys})")
    sources = _sources_dir(args.sources, root)
    cov = coverage(lib, sources, args.document)
    if not cov.documents:
        wanted = ", ".join(s.file for s in cov.absent)
        raise UserError(f"{_named(args.sources, sources)}: no source texts there ({wanted})")
    text = _render(cov, fmt)
    if args.output is None:
        sys.stdout.write(text)
    else:
        _write(text, args.output)
    _say(cov, args.output)
    return 0


def _format(output: str | None) -> str:
    if output is None:
        return "text"
    out = Path(output)
    if out.is_dir():
        raise UserError(f"-o {output}: is a folder; give a file name")
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise UserError(f"-o {output}: write an .html, a .json or a .txt file")
    if not out.parent.is_dir():
        raise UserError(f"-o {output}: no such folder {out.parent}")
    return fmt


def _sources_dir(explicit: str | None, root: Path) -> Path:
    """--sources, else TTX_SOURCES (as `ttx validate` takes them), else ../shared/sources from
    the root, where the project's own texts live."""
    from exercise.content.grounding import default_sources_dir

    chosen = default_sources_dir(explicit)
    if chosen is None:
        beside = Path(os.path.normpath(root / ".." / "shared" / "sources"))
        if not beside.is_dir():
            raise UserError(
                f"no source texts: give --sources DIR or set TTX_SOURCES (none at {beside})"
            )
        return beside
    if not chosen.is_dir():
        raise UserError(f"{_named(explicit, chosen)}: not a folder")
    return chosen


def _named(explicit: str | None, folder: Path) -> str:
    """The sources folder as the user gave it, for naming it in an error."""
    if explicit:
        return f"--sources {folder}"
    return f"TTX_SOURCES={folder}" if os.environ.get("TTX_SOURCES") else str(folder)


def _library(root: Path, shown: str) -> Library:
    from exercise.content.library import load

    loaded = load(root)
    if not loaded.library.sources:
        raise UserError(
            f"--root {shown}: no bibliography loaded (sources/bibliography.yaml; "
            "run 'ttx validate')"
        )
    if loaded.problems:
        n = len(loaded.problems)
        sys.stderr.write(
            f"ttx: warning: the content has {n} problem{'s' if n != 1 else ''} "
            "(run 'ttx validate'); files that did not load are left out\n"
        )
    return loaded.library


def _render(cov: Coverage, fmt: str) -> str:
    if fmt == "html":
        from exercise.content.coverage_html import render_html

        return render_html(cov)
    if fmt == "json":
        import json

        from exercise.content.coverage import as_json

        return json.dumps(as_json(cov), indent=1, ensure_ascii=False) + "\n"
    from exercise.content.coverage_text import render_text

    return render_text(cov)


def _write(text: str, output: str) -> None:
    from exercise.store.atomic import write_atomic

    try:
        write_atomic(output, text)  # whole or not at all
    except OSError as exc:
        raise UserError(f"-o {output}: {exc.strerror or exc}") from None


def _say(cov: Coverage, output: str | None) -> None:
    """What went where, and what the report holds that an author should not miss."""
    notes = []
    missing = sum(len(d.not_found) for d in cov.documents)
    if missing:
        notes.append(f"{missing} quote{'s' if missing != 1 else ''} not found in the text")
    if cov.absent:
        notes.append("no text for " + ", ".join(s.key for s in cov.absent))
    if cov.unknown:
        notes.append(f"{len(cov.unknown)} citation(s) of keys the bibliography lacks")
    for note in notes:
        sys.stderr.write(f"ttx: warning: {note} (listed in the report)\n")
    if output is not None:
        n = len(cov.documents)
        cites = sum(len(d.cites) for d in cov.documents)
        print(
            f"wrote {output}: {n} document{'s' if n != 1 else ''}, {cites} citations",
            file=sys.stderr,
        )
