"""ttx new, ttx preview: authoring aids (a file that validates as written; an inject as a team
reads it)."""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

from exercise.cli.commands import UserError, command
from exercise.engine.constants import MEDIA

MEDIUMS = MEDIA  # the inject schema's (tests/engine/test_adhoc.py keeps them equal)


@command
def register_new(sub) -> None:
    p = sub.add_parser(
        "new", help="write a new role, inject or scenario file that validates as written"
    )
    kinds = p.add_subparsers(dest="new_kind", metavar="KIND", parser_class=type(p), required=True)
    _role_parser(kinds)
    _inject_parser(kinds)
    _scenario_parser(kinds)


def _common(p) -> None:
    p.add_argument("id", metavar="ID", help="the new id (lowercase letters, digits, '-', '_')")
    p.add_argument("--root", default=".", help="content root (default: current folder)")


def _role_parser(kinds) -> None:
    p = kinds.add_parser("role", help="roles/ID.yaml: a team (or, --not-played, a cell)")
    _common(p)
    p.add_argument("--name", help="the name consoles show (default: from the id)")
    p.add_argument(
        "--not-played", action="store_true", help="a role no team plays, like the control cell"
    )
    p.set_defaults(func=run_new)


def _inject_parser(kinds) -> None:
    p = kinds.add_parser("inject", help="injects/FOLDER/ID.yaml: private to --audience, or public")
    _common(p)
    p.add_argument("--folder", metavar="F", help="under injects/ (default: the scenario's folder)")
    p.add_argument("--scenario", metavar="S", help="the scenario it is for: dates in its period")
    p.add_argument("--turn", type=int, metavar="N", help="the scenario's turn it comes out in")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--audience", metavar="ROLES", help="who receives it, e.g. moscow,tehran")
    who.add_argument("--public", action="store_true", help="every team receives it")
    p.add_argument("--from", dest="sender", metavar="SENDER", help="a role or actor id")
    p.add_argument("--date", help="in-world date (default: the turn's, or the scenario's start)")
    p.add_argument("--medium", choices=MEDIUMS, metavar="MEDIUM", help=", ".join(MEDIUMS))
    p.set_defaults(func=run_new)


def _scenario_parser(kinds) -> None:
    p = kinds.add_parser("scenario", help="scenarios/ID.yaml: roles, turns, phases, indicators")
    _common(p)
    p.add_argument("--roles", metavar="ROLES", help="played roles (default: every team)")
    p.add_argument("--turns", type=int, default=2, metavar="N", help="how many turns (default 2)")
    p.add_argument(
        "--period", metavar="START..END", help="e.g. 2015-09..2016-03 (default: the root's first)"
    )
    p.set_defaults(func=run_new)


def run_new(args) -> int:
    from exercise.content.scaffold import ScaffoldError, write

    try:
        new = _scaffold(args)
        write(new)
    except ScaffoldError as exc:
        raise UserError(str(exc)) from None
    print(new.path)  # on stdout alone, for `$EDITOR "$(ttx new ...)"`
    for step in new.next_steps:
        print(f"next: {step}", file=sys.stderr)
    return 0


def _scaffold(args):
    from exercise.content.scaffold import new_role, split_list

    root = Path(args.root)
    if args.new_kind == "role":
        return new_role(root, args.id, name=args.name, played=not args.not_played)
    if args.new_kind == "inject":
        from exercise.content.scaffold_inject import new_inject

        return new_inject(
            root,
            args.id,
            folder=args.folder,
            scenario=args.scenario,
            turn=args.turn,
            audience=split_list(args.audience),
            public=args.public,
            sender=args.sender,
            date=args.date,
            medium=args.medium,
        )
    from exercise.content.scaffold_scenario import new_scenario

    return new_scenario(
        root, args.id, roles=split_list(args.roles), turns=args.turns, period=args.period
    )


@command
def register_preview(sub) -> None:
    p = sub.add_parser("preview", help="an inject exactly as one team will read it")
    p.add_argument("inject", metavar="INJECT", help="an inject id, or the path of an inject file")
    p.add_argument(
        "--as",
        dest="role",
        metavar="ROLE",
        help="the team to read it as; 'all' (the default) for a public inject",
    )
    p.add_argument("--root", default=".", help="content root (default: current folder)")
    p.set_defaults(func=run_preview)


def run_preview(args) -> int:
    from exercise.session.preview import PreviewRefused, preview_in_root
    from exercise.tui.widgets.injects import reader_content

    root = Path(args.root)
    if not root.is_dir():
        raise UserError(f"--root {args.root}: not a folder")
    try:
        shown = preview_in_root(root, args.inject, args.role)
    except PreviewRefused as exc:
        raise UserError(str(exc)) from None
    # The team console's own reader, as plain text: the same words in the same order.
    text = reader_content(shown.inject).plain
    print(f"{shown.inject.id} as {shown.reader_name} will read it:", file=sys.stderr)
    sys.stdout.write(_wrapped(text) if sys.stdout.isatty() else text + "\n")
    for option in shown.conditional:
        print(
            f"note: option '{option}' is offered only while its `requires` hold",
            file=sys.stderr,
        )
    return 0


def _wrapped(text: str) -> str:
    """Long lines wrapped at the terminal's width, list items under their own first word."""
    width = max(40, shutil.get_terminal_size().columns - 1)
    out = []
    for line in text.splitlines():
        lead = len(line) - len(line.lstrip())
        marker = line.lstrip().split(" ", 1)[0] if lead else ""
        hang = " " * (lead + len(marker) + 1) if marker in ("•",) or marker.startswith("[") else ""
        out.append(textwrap.fill(line, width, subsequent_indent=hang or " " * lead) or line)
    return "\n".join(out) + "\n"
