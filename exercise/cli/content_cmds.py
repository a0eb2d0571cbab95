"""ttx validate, ttx schema."""

from __future__ import annotations

import sys
from pathlib import Path

from exercise.cli.commands import UserError, command
from exercise.content.kinds import KINDS


@command
def register_validate(sub) -> None:
    p = sub.add_parser("validate", help="check content files; path:line:col: message per problem")
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to report on (default: all)"
    )
    p.add_argument(
        "--root", default=".", help="content root holding roles/, injects/, scenarios/, sources/"
    )
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="folder of source texts to check quotes against (or TTX_SOURCES)",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too (errors: exit 2)")
    p.set_defaults(func=run_validate)


def run_validate(args) -> int:
    from exercise.content.grounding import default_sources_dir
    from exercise.content.validate import validate

    root = Path(args.root)
    if not root.is_dir():
        raise UserError(f"--root {args.root}: not a folder")
    for p in args.paths:
        if not Path(p).exists():
            raise UserError(f"{p}: no such file or folder")
    sources = default_sources_dir(args.sources)
    if sources is not None and not sources.is_dir():
        raise UserError(f"--sources {sources}: not a folder")
    report = validate(root, [Path(p) for p in args.paths], sources)
    for problem in report.problems:
        print(problem)
    for w in report.warnings:
        print(f"{w.path}:{w.line}:{w.col}: warning: {w.message}")
    c = report.counts
    what = (
        f"{c['roles']} roles, {c['injects']} injects, {c['scenarios']} scenarios, "
        f"{c['sources']} sources"
    )
    grounded = (
        f"; quotes checked against {sources}"
        if report.grounded
        else "; quotes not checked (no --sources)"
    )
    if report.problems:
        n = len(report.problems)
        files = len({p.path for p in report.problems})
        print(
            f"{n} problem{'s' if n != 1 else ''} in "
            f"{files} file{'s' if files != 1 else ''} ({what})",
            file=sys.stderr,
        )
        return 2
    n = len(report.warnings)
    warned = f"{n} warning{'s' if n != 1 else ''}"
    if n and args.strict:
        print(
            f"{warned} in {report.files} files ({what}); --strict fails on warnings",
            file=sys.stderr,
        )
        return 1
    print(
        f"ok: {report.files} files, {what}{grounded}{'; ' + warned if n else ''}", file=sys.stderr
    )
    return 0


@command
def register_schema(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of a content kind")
    p.add_argument(
        "kind", nargs="?", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}"
    )
    p.set_defaults(func=run_schema)


def run_schema(args) -> int:
    if not args.kind:
        print("kinds: " + ", ".join(KINDS))
        return 0
    from exercise.content.schemas import schema_text

    sys.stdout.write(schema_text(args.kind))
    return 0


# ttx balance is an author's tool too: listed after validate and schema in the help.
from exercise.cli import balance_cmds  # noqa: E402,F401
