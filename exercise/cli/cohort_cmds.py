"""ttx cohort: sessions of one scenario side by side (Markdown, HTML or JSON)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.cli.commands import UserError, command
from exercise.cli.session_files import check_output, session_files

if TYPE_CHECKING:
    from exercise.review.cohort_types import Cohort

FORMATS = ("md", "html", "json")
_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


@command
def register_cohort(sub) -> None:
    p = sub.add_parser(
        "cohort",
        help="sessions of one scenario side by side: choices against the historical record, "
        "where they parted, indicator paths, teams across sessions",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="session files of one scenario")
    p.add_argument(
        "--format",
        choices=FORMATS,
        metavar="FORMAT",
        help="md, html or json (default: from the -o suffix, else md)",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    p.set_defaults(func=run_cohort)


def render(cohort: Cohort, fmt: str) -> str:
    import json

    from exercise.review.cohort_html import render_cohort_html
    from exercise.review.cohort_md import render_cohort_md
    from exercise.review.report_types import as_json

    if fmt == "json":
        return json.dumps(as_json(cohort), indent=2, ensure_ascii=False) + "\n"
    return {"md": render_cohort_md, "html": render_cohort_html}[fmt](cohort)


def run_cohort(args) -> int:
    from exercise.review.cohort_model import CohortError, cohort_of_files
    from exercise.store.log import SessionFileError

    files = session_files(args.files)
    if args.output:
        check_output(args.output, files)
    fmt = args.format or (_SUFFIX.get(Path(args.output).suffix.lower()) if args.output else "md")
    if fmt is None:
        raise UserError(f"-o {args.output}: give --format md, html or json, or a name ending so")
    try:
        cohort = cohort_of_files(files)
    except (SessionFileError, CohortError) as exc:  # each names the file at fault
        raise UserError(str(exc)) from None
    _write(render(cohort, fmt), args.output)
    for s in cohort.sessions:
        if not s.verified:
            print(
                f"ttx: warning: {s.file}: hash chain NOT verified ({s.chain_problem}); it is in "
                "the cohort, marked so",
                file=sys.stderr,
            )
    return 0


def _write(text: str, output: str | None) -> None:
    from exercise.store.atomic import write_atomic

    if not output:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text)  # whole or not at all: an old OUT stays until the new is in
    except OSError as exc:
        raise UserError(f"-o {output}: {exc.strerror or exc}") from None
    print(f"wrote {output}", file=sys.stderr)
