"""ttx validate, ttx schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.cli.commands import UserError, command
from exercise.content.kinds import KINDS

if TYPE_CHECKING:  # the content machinery loads only when the command runs
    from exercise.content.workspace_files import Plan


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
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of a content kind, or write schemas with the root's ids",
    )
    p.add_argument(
        "kind", nargs="?", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}"
    )
    p.add_argument(
        "--workspace",
        nargs="?",
        const=".",
        metavar="DIR",
        help="for editors: write schemas that list the ids of the content root DIR (default: "
        "the current folder) to DIR/.ttx/schemas/ and map them in DIR/.vscode/settings.json",
    )
    p.add_argument(
        "--modelines",
        nargs="?",
        const="workspace",
        choices=("workspace", "package"),
        metavar="workspace|package",
        help="with --workspace: point each file's `# yaml-language-server` line at the "
        "workspace schemas (the default), or back at the package's as shipped",
    )
    p.set_defaults(func=run_schema)


def run_schema(args) -> int:
    if args.workspace is not None:
        if args.kind:
            raise UserError(f"{args.kind}: give a KIND to print or --workspace, not both")
        return run_workspace(args.workspace, args.modelines)
    if args.modelines:
        raise UserError(f"--modelines {args.modelines}: only with --workspace")
    if not args.kind:
        print("kinds: " + ", ".join(KINDS))
        return 0
    from exercise.content.schemas import schema_text

    sys.stdout.write(schema_text(args.kind))
    return 0


def run_workspace(folder: str, modelines: str | None) -> int:
    from exercise.content.workspace_files import WorkspaceError, is_content_root, plan

    root = Path(folder)
    if not root.is_dir():
        raise UserError(f"--workspace {folder}: not a folder")
    if not is_content_root(root):
        raise UserError(
            f"--workspace {folder}: not a content root (no roles/, injects/, scenarios/ or "
            "sources/ folder in it)"
        )
    try:
        todo = plan(root, modelines)
    except WorkspaceError as exc:
        raise UserError(str(exc)) from None
    _write_all(todo.files)
    for line in _workspace_report(folder, modelines, todo):
        print(line, file=sys.stderr)
    return 0


def _write_all(files: dict[Path, str | bytes]) -> None:
    """Each file whole or not at all, every one checked and built before the first is written."""
    from exercise.store.atomic import write_atomic

    for target, data in files.items():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
        except OSError as exc:
            raise UserError(f"{target}: {exc.strerror or exc}") from None


def _workspace_report(folder: str, modelines: str | None, todo: Plan) -> list[str]:
    from exercise.content.files import display_path

    ids = todo.ids
    counts = (
        f"{len(ids.roles)} roles, {len(ids.senders) - len(ids.roles)} actors, "
        f"{len(ids.indicators)} indicators, {len(ids.all_objectives())} objectives, "
        f"{len(ids.sources)} bibliography keys, {len(ids.injects)} injects, "
        f"{len(ids.flags)} flags"
    )
    folder_shown = display_path(todo.schema_files[0].parent, todo.root)
    lines = [
        f"wrote {len(todo.schema_files)} schemas to {folder_shown}/ ({counts}) and mapped them "
        f"in {display_path(todo.settings, todo.root)}"
    ]
    if todo.modelines:
        where = "the workspace schemas" if modelines == "workspace" else "the package's schemas"
        n = todo.modelines
        lines.append(f"pointed the schema line of {n} file{'s' if n != 1 else ''} at {where}")
    if todo.overriding and modelines != "package":
        first = todo.overriding[0].relative_to(todo.root).as_posix()
        n = len(todo.overriding)
        lines.append(
            f"{n} file{'s' if n != 1 else ''} (e.g. {first}) start{'' if n != 1 else 's'} "
            "with a schema line that editors obey before settings.json; to complete ids there "
            "too: "
            f"ttx schema --workspace {folder} --modelines"
        )
    if ids.broken_files:
        n = len(ids.broken_files)
        lines.append(
            f"{n} file{'s' if n != 1 else ''} did not load (run ttx validate); the ids they "
            "would define are listed all the same"
        )
    return lines


# ttx balance is an author's tool too: listed after validate and schema in the help.
from exercise.cli import balance_cmds  # noqa: E402,F401
