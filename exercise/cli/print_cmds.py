"""ttx print: role briefing packs, inject cards and the facilitator guide, as HTML or PDF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.cli.commands import UserError, command

if TYPE_CHECKING:  # the engine and review load only when the command runs
    from exercise.engine.state import State
    from exercise.engine.world import World

PART_CHOICES = ("briefings", "cards", "guide", "all")
OUTPUTS = (".html", ".pdf")
# A SCENARIO argument with one of these suffixes is a session file even when it does not exist
# (so a mistyped path says "no such session file", not "no scenario").
SESSION_SUFFIXES = (".ttx", ".sqlite", ".sqlite3", ".db")


@command
def register_print(sub) -> None:
    p = sub.add_parser(
        "print", help="print-ready packs: role briefings, inject cards, the facilitator guide"
    )
    p.add_argument(
        "file",
        metavar="SCENARIO|FILE",
        help="a scenario id (or its YAML file), or a session file: its world and releases",
    )
    p.add_argument(
        "--role", metavar="ROLE", help="one team's pack: its briefing and its cards, no guide"
    )
    p.add_argument(
        "--part",
        choices=PART_CHOICES,
        default="all",
        metavar="PART",
        help="briefings, cards, guide or all (default)",
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.html or OUT.pdf")
    p.add_argument("--root", default=".", help="content root (default: current folder)")
    p.set_defaults(func=run_print)


def run_print(args) -> int:
    pdf = _check_output(args.output, args.file)
    if pdf:
        _pdf_library(args.output)  # before any work: a missing library writes nothing
    world, state, source = _load(args)  # (a bad file is refused before the pack's code loads)
    from exercise.review.print_html import render_pack
    from exercise.review.print_pack import PARTS, PackError, build_pack

    parts = PARTS if args.part == "all" else (args.part,)
    try:
        pack = build_pack(world, parts, args.role or "", state, source)
    except PackError as exc:
        raise UserError(str(exc)) from None
    html = render_pack(pack)
    _write(_to_pdf(html, args.output) if pdf else html, args.output)
    held = [f"{len(pack.briefings)} briefing(s)", f"{len(pack.cards)} card(s)"]
    held += ["the facilitator guide"] if pack.guide else []
    print(f"wrote {args.output}: {', '.join(held)}", file=sys.stderr)
    return 0


def _check_output(output: str, source: str) -> bool:
    """Refuse an OUT that cannot be written; True when it is a PDF."""
    out = Path(output)
    if out.suffix.lower() not in OUTPUTS:
        raise UserError(f"-o {output}: write a .html or a .pdf file")
    if out.is_dir():
        raise UserError(f"-o {output}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise UserError(f"-o {output}: no such folder {out.parent}")
    if out.exists() and Path(source).exists() and out.samefile(source):
        raise UserError(f"-o {output}: is the session file {source}; give another file name")
    return out.suffix.lower() == ".pdf"


def _pdf_library(output: str) -> None:
    from exercise.review.print_pdf import PdfUnavailable, weasyprint

    try:
        weasyprint()
    except PdfUnavailable as exc:
        raise UserError(f"-o {output}: {exc}") from None


def _to_pdf(html: str, output: str) -> bytes:
    from exercise.review.print_pdf import PdfUnavailable, html_to_pdf

    try:
        return html_to_pdf(html)
    except PdfUnavailable as exc:
        raise UserError(f"-o {output}: {exc}") from None


def _load(args) -> tuple[World, State | None, str]:
    """The world to print, the session's state (None for a scenario), and where it came from."""
    from exercise.cli.common import load_world
    from exercise.engine.world import world_from_raw

    path = Path(args.file)
    if path.suffix.lower() not in (".yaml", ".yml") and (
        path.is_file() or path.suffix.lower() in SESSION_SUFFIXES
    ):
        state = _session_state(args.file)
        return state.world, state, _played_so_far(path, state)
    raw = load_world(args.root, args.file)
    return world_from_raw(raw), None, f"Scenario {raw['scenario']['id']}"


def _session_state(path: str) -> State:
    from exercise.engine.state import State
    from exercise.session import NotASession, Session

    if not Path(path).exists():
        raise UserError(f"{path}: no such session file")
    try:
        # Read-only: printing never marks a console open in the file, and works on archives.
        with Session.open(path, readonly=True) as session:
            state = session.state
    except NotASession as exc:
        raise UserError(str(exc)) from None
    if not isinstance(state, State):
        raise UserError(f"{path}: holds no session yet (no events)")
    return state


def _played_so_far(path: Path, state: State) -> str:
    turns = len(state.world.scenario.turns)
    where = f"turn {state.turn} of {turns}" if state.turn else "before the first turn"
    return f"Session file {path.name}: {where}" + (", ended" if state.ended else "")


def _write(data: str | bytes, output: str) -> None:
    from exercise.store.atomic import write_atomic

    try:
        # Whole or not at all: a kill or a full disk leaves the old OUT (or none), never half.
        write_atomic(output, data)
    except OSError as exc:
        raise UserError(f"-o {output}: {exc.strerror or exc}") from None
