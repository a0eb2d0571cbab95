"""ttx msel export, ttx msel import: the HSEEP MSEL of a scenario as CSV or XLSX, and back."""

from __future__ import annotations

import sys
from pathlib import Path

from exercise.cli.commands import UserError, command

FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
# A SOURCE with one of these suffixes is a session file even when it does not exist (so a
# mistyped path says "no such session file", not "no scenario"); as `ttx print` reads them.
SESSION_SUFFIXES = (".ttx", ".sqlite", ".sqlite3", ".db")


@command
def register_msel(sub) -> None:
    p = sub.add_parser("msel", help="the HSEEP MSEL of a scenario as CSV or XLSX, and back")
    actions = p.add_subparsers(
        dest="msel_action", metavar="ACTION", parser_class=type(p), required=True
    )
    out = actions.add_parser(
        "export", help="one row per inject: turn, date, from, to, method, subject, message..."
    )
    out.add_argument(
        "source",
        metavar="SCENARIO|FILE",
        help="a scenario id (or its YAML file), or a session file: adds when each came out",
    )
    out.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.csv or OUT.xlsx")
    out.add_argument("--root", default=".", help="content root (default: current folder)")
    out.set_defaults(func=run_export)
    into = actions.add_parser(
        "import", help="a sheet becomes inject files and the scenario's lists, once all pass"
    )
    into.add_argument("sheet", metavar="FILE", help="a .csv or .xlsx MSEL")
    into.add_argument("--scenario", required=True, metavar="ID", help="the scenario it fills")
    into.add_argument("--map", metavar="MAP.yaml", help="our column names to the sheet's headers")
    into.add_argument("--root", default=".", help="content root (default: current folder)")
    into.add_argument(
        "-o", "--output", metavar="DIR", help="write the files under DIR (default: the root)"
    )
    into.add_argument(
        "--sources", metavar="DIR", help="folder of source texts to check quotes against"
    )
    into.set_defaults(func=run_import)


def _format(output: str) -> str:
    fmt = FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        raise UserError(f"-o {output}: write a .csv or an .xlsx file")
    if Path(output).is_dir():
        raise UserError(f"-o {output}: is a folder; give a file name")
    if not Path(output).parent.is_dir():
        raise UserError(f"-o {output}: no such folder {Path(output).parent}")
    return fmt


def _is_session(source: str) -> bool:
    path = Path(source)
    return path.suffix.lower() not in (".yaml", ".yml") and (
        path.is_file() or path.suffix.lower() in SESSION_SUFFIXES
    )


def _from_session(source: str, output: str):
    from exercise.session import NotASession
    from exercise.session.msel_played import session_msel

    if not Path(source).exists():
        raise UserError(f"{source}: no such session file")
    if Path(output).exists() and Path(output).samefile(source):
        raise UserError(f"-o {output}: is the session file {source}; give another file name")
    try:
        world, played = session_msel(source)
    except NotASession as exc:
        raise UserError(str(exc)) from None
    return world, {}, played


def _from_scenario(root: str, scenario: str):
    from exercise.cli.common import content_loading, find_scenario
    from exercise.content.msel import scenario_source

    root, scenario = find_scenario(root, scenario)
    with content_loading():
        world, files = scenario_source(Path(root), scenario)
    return world, files, None


def run_export(args) -> int:
    from exercise.content.msel import export_sheet
    from exercise.store.atomic import write_atomic

    fmt = _format(args.output)
    if _is_session(args.source):
        world, files, played = _from_session(args.source, args.output)
    else:
        world, files, played = _from_scenario(args.root, args.source)
    try:
        data = export_sheet(fmt, world, files, played)
    except ValueError as exc:  # a text too long for a spreadsheet cell
        raise UserError(f"{args.source}: {exc}") from None
    try:
        write_atomic(args.output, data)  # whole or not at all
    except OSError as exc:
        raise UserError(f"-o {args.output}: {exc.strerror or exc}") from None
    n = len(world["injects"])
    print(f"wrote {args.output}: {n} inject{'s' if n != 1 else ''}", file=sys.stderr)
    return 0


def _check_import_args(args) -> tuple[Path, Path, Path | None, Path | None]:
    from exercise.content.grounding import default_sources_dir

    sheet, root = Path(args.sheet), Path(args.root)
    if not sheet.is_file():
        raise UserError(f"{args.sheet}: no such file")
    if sheet.suffix.lower() not in FORMATS:
        raise UserError(f"{args.sheet}: import reads a .csv or an .xlsx file")
    if not root.is_dir():
        raise UserError(f"--root {args.root}: not a folder")
    if args.map and not Path(args.map).is_file():
        raise UserError(f"--map {args.map}: no such file")
    if args.output and Path(args.output).exists() and not Path(args.output).is_dir():
        raise UserError(f"-o {args.output}: not a folder")
    sources = default_sources_dir(args.sources)
    if sources is not None and not sources.is_dir():
        raise UserError(f"--sources {sources}: not a folder")
    return sheet, root, Path(args.map) if args.map else None, sources


def run_import(args) -> int:
    from exercise.content.msel import MselProblems, import_sheet

    sheet, root, mapping, sources = _check_import_args(args)
    try:
        plan = import_sheet(sheet, args.scenario, root, mapping, sources)
    except MselProblems as exc:
        if len(exc.problems) == 1:
            raise UserError(f"{exc.problems[0]}; nothing written") from None
        for line in exc.problems:
            print(line, file=sys.stderr)
        raise UserError(f"{len(exc.problems)} problems in {args.sheet}; nothing written") from None
    for warning in plan.warnings:
        print(warning, file=sys.stderr)
    out = Path(args.output) if args.output else root
    _write_plan(out, plan.files)
    print(
        f"wrote {plan.injects} inject file{'s' if plan.injects != 1 else ''} and "
        f"{plan.scenario_file} under {out}",
        file=sys.stderr,
    )
    return 0


def _write_plan(out: Path, files: dict[str, str]) -> None:
    from exercise.store.atomic import write_atomic

    for rel, text in files.items():
        target = out / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text)  # each file whole or not at all
        except OSError as exc:
            raise UserError(f"{target}: {exc.strerror or exc}") from None
