"""ttx report, ttx fork, ttx compare: the after-action review from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.cli.commands import UserError, command
from exercise.cli.common import open_session

if TYPE_CHECKING:  # the review modules load only when a review command runs
    from exercise.review.report_types import Report

FORMATS = ("md", "html", "json", "pdf")
_SUFFIX = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".pdf": "pdf",
}


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UserError(f"'{text}' is not a whole number") from None


def _write(text: str | bytes, output: str | None) -> None:
    from exercise.store.atomic import write_atomic

    if not output:
        assert isinstance(text, str)  # a PDF is refused without -o before anything is read
        sys.stdout.write(text)
        return
    try:
        # Whole or not at all: a kill or a full disk leaves the old OUT (or none), never half
        # a report.
        write_atomic(output, text)
    except OSError as exc:
        raise UserError(f"-o {output}: {exc.strerror or exc}") from None
    print(f"wrote {output}", file=sys.stderr)


def _check_output(output: str | None, *sessions: str) -> None:
    """Refuse an OUT that would replace a session being read, or that is a folder."""
    if not output:
        return
    if Path(output).is_dir():
        raise UserError(f"-o {output}: is a folder; give a file name")
    for path in sessions:
        if Path(path).exists() and Path(output).exists() and Path(output).samefile(path):
            raise UserError(f"-o {output}: is the session file {path}; give another file name")


@command
def register_report(sub) -> None:
    p = sub.add_parser(
        "report", help="the after-action report of a session (Markdown, HTML or JSON)"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--format",
        choices=FORMATS,
        metavar="FORMAT",
        help="md, html, json or pdf (default: from the -o suffix, else json); pdf needs -o "
        "and the 'pdf' extra (WeasyPrint)",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    p.add_argument(
        "--whatif",
        metavar="RESULT",
        help="add the roads not taken: a result of 'ttx whatif FILE -o RESULT'",
    )
    p.add_argument(
        "--anonymise",
        action="store_true",
        help="replace participants' names by 'Participant 1..n' throughout (authors of "
        "decisions, messages, estimates and feedback, observers, the white cell's members)",
    )
    p.set_defaults(func=run_report)


def report_format(fmt: str | None, output: str | None) -> str:
    if fmt:
        return fmt
    return _SUFFIX.get(Path(output).suffix.lower(), "json") if output else "json"


def render(model: Report, fmt: str) -> str | bytes:
    from exercise.review.render_html import render_html
    from exercise.review.render_md import render_md
    from exercise.review.report_json import render_json

    if fmt == "pdf":
        from exercise.review.print_pdf import html_to_pdf

        return html_to_pdf(render_html(model))
    return {"md": render_md, "html": render_html, "json": render_json}[fmt](model)


def _pdf_ready(output: str | None) -> None:
    """Before any work: a PDF needs a file to go to and WeasyPrint; else nothing is written."""
    from exercise.review.print_pdf import PdfUnavailable, weasyprint

    if not output:
        raise UserError("--format pdf: give the file to write with -o OUT.pdf")
    try:
        weasyprint()
    except PdfUnavailable as exc:
        raise UserError(f"-o {output}: {exc}") from None


def run_report(args) -> int:
    from exercise.review.report_model import report_of_file
    from exercise.session.whatif_file import WhatIfFileError, read_whatif
    from exercise.store import NotASession

    fmt = report_format(args.format, args.output)
    _check_output(args.output, args.file)
    if fmt == "pdf":
        _pdf_ready(args.output)
    if not Path(args.file).exists():
        raise UserError(f"{args.file}: no such session file")
    try:
        whatif = read_whatif(args.whatif) if args.whatif else None
        # one read of the log: replay, check and scan at once
        model = report_of_file(args.file, whatif)
    except (NotASession, WhatIfFileError) as exc:
        raise UserError(str(exc)) from None
    if args.anonymise:
        from exercise.review.anonymise import anonymised

        model = anonymised(model)
    _write(render(model, fmt), args.output)
    return 0


@command
def register_fork(sub) -> None:
    p = sub.add_parser(
        "fork", help="a new session holding the first SEQ events of FILE, to play on from there"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--at", required=True, metavar="SEQ", help="last event to copy")
    p.add_argument("--session", required=True, metavar="NEW", help="the new session file")
    p.set_defaults(func=run_fork)


def run_fork(args) -> int:
    from exercise.session.fork import ForkError, fork_session
    from exercise.store.atomic import WriteFailed

    at = _whole(args.at)
    if Path(args.session).exists():
        raise UserError(f"{args.session}: already exists; choose another --session file")
    with open_session(args.file) as source:
        try:
            forked = fork_session(source, at, args.session)
        except (ForkError, FileExistsError) as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:  # a full disk or an unwritable folder: nothing was left behind
            raise UserError(
                str(exc)
                if isinstance(exc, WriteFailed)
                else f"{args.session}: {exc.strerror or exc}"
            ) from None
    s = forked.state
    forked.close()
    where = (
        (f"turn {s.turn}" + (f", phase {s.phase_name()}" if s.phase_name() else ""))
        if s.turn
        else "before the first turn"
    )
    print(
        f"{args.session}: events 1 to {at} of {args.file} ({where}"
        f"{', session ended' if s.ended else ''}); resume it with the facilitator console"
    )
    return 0


@command
def register_compare(sub) -> None:
    p = sub.add_parser(
        "compare", help="where two sessions of one scenario diverge, and how far apart they end"
    )
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument(
        "--format",
        choices=("md", "json"),
        default="md",
        metavar="FORMAT",
        help="md (default) or json",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    p.set_defaults(func=run_compare)


def run_compare(args) -> int:
    import json

    _check_output(args.output, args.a, args.b)
    with open_session(args.a) as a, open_session(args.b) as b:
        # (after the files open: a bad one is refused before the comparison's code loads)
        from exercise.review.compare import CompareError, compare, render_compare_md
        from exercise.review.report_types import as_json

        try:
            result = compare(a, b)
        except CompareError as exc:
            raise UserError(str(exc)) from None
    text = (
        json.dumps(as_json(result), indent=2, ensure_ascii=False) + "\n"
        if args.format == "json"
        else render_compare_md(result)
    )
    _write(text, args.output)
    return 0
