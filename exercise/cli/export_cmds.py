"""ttx export: sessions' events, decisions, rulings, observations, reads and messages as tables
for analysts' own tools (CSV, XLSX or JSON Lines)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from exercise.cli.commands import UserError, command
from exercise.cli.session_files import check_output, session_files

FORMATS = ("csv", "xlsx", "jsonl")
_BY_SUFFIX = {".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl", ".zip": "csv"}


@command
def register_export(sub) -> None:
    p = sub.add_parser(
        "export",
        help="sessions as tables for analysts: events, decisions, rulings (with dice), "
        "observations, reads, messages (CSV, XLSX or JSON Lines)",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="session files, of any scenarios")
    p.add_argument(
        "--format",
        choices=FORMATS,
        metavar="FORMAT",
        help="csv (a folder of one file per table, or a .zip of them), xlsx (a sheet per "
        "table) or jsonl (an object per line, its 'table' first); default: from -o's suffix, "
        "jsonl without -o",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a folder or OUT.zip (csv), OUT.xlsx, OUT.jsonl; jsonl without -o goes to "
        "standard output",
    )
    p.add_argument(
        "--tables", metavar="NAME,...", help="only these tables (default: all; see 'columns')"
    )
    p.set_defaults(func=run_export)


def _format(args) -> str:
    out = args.output
    suffix = Path(out).suffix.lower() if out else ""
    fmt = args.format or (_BY_SUFFIX.get(suffix) if out else "jsonl")
    if fmt is None:
        raise UserError(
            "give --format csv, xlsx or jsonl (or an -o ending in .zip, .xlsx or .jsonl)"
        )
    if out is None and fmt != "jsonl":
        raise UserError(f"--format {fmt}: give -o OUT (only jsonl goes to standard output)")
    if out is None:
        return fmt
    if fmt == "csv" and suffix == ".csv":
        raise UserError(f"-o {out}: a CSV export is one file per table; give a folder or a .zip")
    if fmt == "xlsx" and suffix != ".xlsx":
        raise UserError(f"-o {out}: an XLSX export is a file ending in .xlsx")
    if fmt != "xlsx" and suffix == ".xlsx" or fmt != "csv" and suffix == ".zip":
        raise UserError(f"-o {out}: a {suffix} name for a {fmt} export; change one or the other")
    return fmt


def _tables(text: str | None):
    from exercise.review.export_tables import TABLES, chosen

    names = [n.strip() for n in text.split(",") if n.strip()] if text is not None else None
    if names is not None and not names:
        raise UserError("--tables: name at least one table")
    try:
        return chosen(names)
    except KeyError as exc:
        raise UserError(
            f"--tables: no table '{exc.args[0]}' (tables: {', '.join(t.name for t in TABLES)})"
        ) from None


def run_export(args) -> int:
    fmt = _format(args)
    tables = _tables(args.tables)
    files = session_files(args.files)
    if args.output:
        check_output(args.output, files, folder_ok=fmt == "csv")
        exported = _export(files, tables, fmt, args.output)
    else:
        with tempfile.TemporaryDirectory() as tmp:  # whole or nothing on standard output too
            built = Path(tmp) / "export.jsonl"
            exported = _export(files, tables, fmt, str(built))
            with open(built, "rb") as fh:
                sys.stdout.flush()
                shutil.copyfileobj(fh, sys.stdout.buffer)
                sys.stdout.buffer.flush()
    for path, why in exported.unverified:
        print(
            f"ttx: warning: {path}: hash chain NOT verified ({why}); its rows are exported, "
            "with verified=false in the sessions table",
            file=sys.stderr,
        )
    counts = ", ".join(f"{name} {n}" for name, n in exported.rows.items())
    where = f"wrote {args.output}" if args.output else "wrote standard output"
    print(f"{where}: {len(files)} session(s); rows: {counts}", file=sys.stderr)
    return 0


def _export(files, tables, fmt: str, output: str):
    from exercise.review.export_files import OutputRefused
    from exercise.review.export_write import export
    from exercise.store.log import SessionFileError

    try:
        return export(files, tables, fmt, output)
    except SessionFileError as exc:  # NotASession too: the message names the file
        raise UserError(str(exc)) from None
    except OutputRefused as exc:
        raise UserError(f"-o {exc}") from None
    except ValueError as exc:  # a value the format cannot hold (a cell too long for a sheet)
        raise UserError(f"-o {output}: {exc}") from None
    except OSError as exc:  # an unwritable folder, a full disk: nothing was left behind
        inputs = {str(path) for path, _ in files}
        where = exc.filename if exc.filename in inputs else f"-o {output}"
        raise UserError(f"{where}: {exc.strerror or exc}") from None
