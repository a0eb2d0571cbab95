"""ttx whatif: the roads not taken. At a team's decision (every one, or the one asked for), bots
play the rest of the session on, many times for each option the team could have chosen and for
the one it did; what each led to, side by side."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.cli.commands import UserError, command
from exercise.cli.runs import MAX_RUNS, workers_arg

if TYPE_CHECKING:  # the engine loads only when the command runs
    from exercise.session.whatif import Played

DEFAULT_RUNS = 100
RUNS_PER_OPTION = 10_000


def _whole(lowest: int, highest: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not lowest <= value <= highest:
            raise argparse.ArgumentTypeError(f"'{text}' is not between {lowest} and {highest}")
        return value

    return parse


@command
def register_whatif(sub) -> None:
    p = sub.add_parser(
        "whatif",
        help="the roads not taken: bots play on from a decision, for every option it offered",
    )
    p.add_argument("file", metavar="FILE", help="a session file")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--decision", metavar="ID", help="only this decision, ROLE:INJECT (default: every one)"
    )
    which.add_argument(
        "--at",
        metavar="SEQ",
        type=_whole(1, 10**12),
        help="only the decision taken (or last amended) at event SEQ",
    )
    p.add_argument(
        "--runs",
        metavar="N",
        type=_whole(1, RUNS_PER_OPTION),
        default=DEFAULT_RUNS,
        help=f"playthroughs per option (default {DEFAULT_RUNS})",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the result as JSON to OUT, for 'ttx report FILE --whatif OUT'",
    )
    p.add_argument(
        "--workers",
        type=workers_arg,
        metavar="N",
        help="processes to play them on (default: every core); same result for any N",
    )
    p.set_defaults(func=run_whatif)


def run_whatif(args) -> int:
    from exercise.cli.runs import Progress, cores
    from exercise.cli.whatif_text import format_whatif
    from exercise.session.whatif import forks
    from exercise.session.whatif_file import dumps
    from exercise.session.whatif_select import NoRoads, select

    _check_output(args.output, args.file)
    played = _read(args.file)
    found, skipped = forks(played)
    try:
        chosen, skipped = select(played, found, skipped, args.decision, args.at)
    except NoRoads as exc:
        raise UserError(str(exc)) from None
    total = args.runs * sum(len(f.options) for f in chosen)
    if total > MAX_RUNS:
        raise UserError(
            f"--runs {args.runs}: {total:,} playthroughs for {len(chosen)} decisions, more than "
            f"the limit of {MAX_RUNS:,}; ask for fewer runs, or one decision at a time"
        )
    with Progress(f"whatif {played.file}") as progress:  # on stderr: stdout is the result alone
        result = _play(played, chosen, skipped, args.runs, args.workers or cores(), progress)
    if args.output:
        _write(dumps(result), args.output)
        print(
            f"wrote {args.output}: {len(result.decisions)} decisions, {total:,} playthroughs; "
            f"add it to the report with: ttx report {args.file} --whatif {args.output}",
            file=sys.stderr,
        )
    elif args.json:
        sys.stdout.write(dumps(result))
    else:
        print(format_whatif(result))
    return 0


def _read(path: str) -> Played:
    from exercise.session.whatif import read_played
    from exercise.store.log import SessionFileError

    if not Path(path).exists():
        raise UserError(f"{path}: no such session file")
    if Path(path).is_dir():
        raise UserError(f"{path}: is a folder, not a session file")
    try:
        return read_played(path)
    except SessionFileError as exc:  # NotASession too: each names the file
        raise UserError(str(exc)) from None


def _play(played, chosen, skipped, runs: int, workers: int, progress):
    from concurrent.futures import BrokenExecutor

    from exercise.session.whatif import whatif

    try:
        return whatif(played, chosen, skipped, runs, workers, progress)
    except BrokenExecutor:  # a worker killed from outside (the OOM killer, kill -9)
        raise UserError("a worker process died; no result (try fewer --workers)") from None


def _check_output(output: str | None, session: str) -> None:
    """Refuse an OUT that cannot be written before any run is played."""
    if not output:
        return
    out = Path(output)
    if out.is_dir():
        raise UserError(f"-o {output}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise UserError(f"-o {output}: no such folder {out.parent}")
    if out.exists() and Path(session).exists() and out.samefile(session):
        raise UserError(f"-o {output}: is the session file {session}; give another file name")


def _write(text: str, output: str) -> None:
    from exercise.store.atomic import write_atomic

    try:
        write_atomic(output, text)  # whole or not at all: never half a result
    except OSError as exc:
        raise UserError(f"-o {output}: {exc.strerror or exc}") from None
