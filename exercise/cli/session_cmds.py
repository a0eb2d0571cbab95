"""ttx simulate, ttx verify."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from exercise.cli.commands import UserError, command
from exercise.cli.common import load_world, new_session_path
from exercise.cli.runs import workers_arg


def _nonneg(text: str) -> int:
    # argparse reports ArgumentTypeError on one line (exit 2); any other exception would escape it
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must not be negative")
    return value


@command
def register_simulate(sub) -> None:
    p = sub.add_parser("simulate", help="bots play a whole session (or many, with --runs)")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario id (or path to its YAML file)")
    p.add_argument("--seed", type=_nonneg, default=1, help="seed of the session's RNG (default 1)")
    p.add_argument(
        "--session", metavar="FILE", help="session file to write (default SCENARIO-seedN.ttx)"
    )
    p.add_argument("--runs", type=_nonneg, help="play N sessions in memory and summarise them")
    p.add_argument("--json", action="store_true", help="with --runs: print the summary as JSON")
    p.add_argument(
        "--workers",
        type=workers_arg,
        metavar="N",
        help="with --runs: processes to play them on (default: every core); same summary for any N",
    )
    p.add_argument("--root", default=".", help="content root (default: current folder)")
    p.set_defaults(func=run_simulate)


def run_simulate(args) -> int:
    from exercise.cli.runs import Progress, cores, too_many
    from exercise.session.simulate import simulate_session
    from exercise.store.atomic import WriteFailed

    world = load_world(args.root, args.scenario)
    if args.runs is not None:
        if args.session:
            raise UserError(
                "--session and --runs do not go together: --runs keeps no session files"
            )
        if args.runs < 1:
            raise UserError("--runs must be at least 1")
        workers = args.workers or cores()
        refusal = too_many(world, args.runs, args.seed, workers)
        if refusal:
            raise UserError(refusal)
        with Progress(
            world["scenario"]["id"]
        ) as progress:  # on stderr: stdout stays the summary alone
            summary = _sweep(world, args, workers, progress)
        if args.json:
            json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
            print()
        else:
            print(format_summary(summary))
        return 0
    if args.json or args.workers:
        raise UserError(f"{'--json' if args.json else '--workers'} needs --runs")
    sid = world["scenario"]["id"]
    path = new_session_path(args.session, f"{sid}-seed{args.seed}.ttx")
    try:
        session = simulate_session(world, args.seed, path)
    except FileExistsError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:  # a full disk or an unwritable folder: nothing was left behind
        raise UserError(
            str(exc) if isinstance(exc, WriteFailed) else f"{path}: {exc.strerror or exc}"
        ) from None
    s = session.state
    values = ", ".join(f"{k} {v}" for k, v in s.indicators.items())
    print(
        f"{path}: {s.seq} events, {s.turn} of {len(s.world.scenario.turns)} turns, {s.end_reason}"
    )
    print(f"final indicators: {values}")
    if s.end_conditions:
        print(f"end conditions met: {', '.join(s.end_conditions)}")
    print(f"receipt: {session.receipt()}  (keep it apart; ttx verify {path} --head RECEIPT)")
    session.close()
    return 0


def _sweep(world: dict, args, workers: int, progress) -> dict:
    from concurrent.futures import BrokenExecutor

    from exercise.session.simulate import sweep

    try:
        return sweep(world, args.runs, args.seed, workers, progress)
    except BrokenExecutor:  # a worker killed from outside (the OOM killer, kill -9)
        raise UserError(
            "a simulation worker process died; no summary (try fewer --workers)"
        ) from None


def format_summary(summary: dict) -> str:
    lines = [
        f"{summary['scenario']}: {summary['runs']} runs from seed {summary['seed']}; "
        f"{summary['ended_early']} ended early; mean turns {summary['mean_turns']}",
        "",
        f"{'inject':44} {'kind':10} {'fired':>7}",
    ]
    for i in summary["injects"]:
        mark = (
            " (manual only)"
            if i["manual_only"]
            else (" (counterfactual)" if i["counterfactual"] else "")
        )
        lines.append(f"{i['id'][:44]:44} {i['kind']:10} {i['share'] * 100:6.1f}%{mark}")
    never = summary["never_fired"]
    lines += [
        "",
        "never fired: " + (", ".join(never) if never else "none"),
        "",
        f"{'indicator':16} {'start':>5} {'min':>4} {'p10':>5} "
        f"{'median':>6} {'mean':>6} {'p90':>5} {'max':>4}",
    ]
    for k, v in summary["indicators"].items():
        lines.append(
            f"{k:16} {v['start']:5} {v['min']:4} {v['p10']:5.1f} "
            f"{v['median']:6.1f} {v['mean']:6.2f} {v['p90']:5.1f} {v['max']:4}"
        )
    lines += ["", "end conditions:"]
    for e in summary["end_conditions"]:
        lines.append(
            f"  {e['id']:24} {e['share'] * 100:6.1f}%  {e['label']}"
            f"{' (ends the session)' if e['ends_session'] else ''}"
        )
    return "\n".join(lines)


@command
def register_verify(sub) -> None:
    p = sub.add_parser(
        "verify", help="recompute a session's hash chain; check its head, a receipt, and its WAL"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--head",
        metavar="RECEIPT",
        type=_receipt,
        help=(
            "a receipt kept elsewhere ('SEQ:HASH', or the HASH alone): "
            "the file must hold that event"
        ),
    )
    p.set_defaults(func=run_verify)


def _receipt(text: str) -> tuple[int | None, str]:
    seq, _, digest = text.strip().rpartition(":")
    digest = digest.lower()
    if (
        len(digest) != 64
        or any(c not in "0123456789abcdef" for c in digest)
        or (seq and not seq.isdigit())
    ):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a receipt (SEQ:HASH or a 64-digit hex HASH)"
        )
    return (int(seq) if seq else None), digest


def run_verify(args) -> int:
    from exercise.store import NotASession, SessionLog
    from exercise.store.copies import standalone_problems

    if not Path(args.file).exists():
        raise UserError(f"{args.file}: no such session file")
    # First, before any other connection is open here: what the file alone holds, without its WAL.
    warnings = standalone_problems(args.file)
    try:
        with SessionLog(args.file, readonly=True) as log:
            count, bad, reason = log.verify()
            kind = next((r.kind for r in log.rows(after=bad - 1, upto=bad)), None) if bad else None
            tail = log.tail()
            receipt = _check_receipt(log, args.head) if args.head else ""
            after_receipt = _after_receipt(log, args.head) if args.head and not receipt else ""
    except NotASession as exc:
        raise UserError(str(exc)) from None
    except sqlite3.Error as exc:
        from exercise.store.log import describe_error

        raise UserError(describe_error(args.file, exc)) from None
    if bad is not None:
        chain = reason.startswith(("sequence jumps", "hash does not match"))
        print(
            f"{args.file}: event {bad} ({kind}) does not match: {reason}"
            if chain
            else f"{args.file}: {reason}",
            file=sys.stderr,
        )
        return 1
    if receipt:
        print(f"{args.file}: {receipt}", file=sys.stderr)
        return 1
    print(f"{args.file}: ok, {count} events, hash chain intact, head {tail[0]}:{tail[1]}")
    if args.head and after_receipt:
        # A receipt vouches for the log up to its event; what came after, it cannot speak for.
        print(
            f"  the receipt's event is there; {after_receipt} came after it: "
            "check that they are the session's own"
        )
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 1 if warnings else 0


def _check_receipt(log, receipt: tuple[int | None, str]) -> str:
    """'' when the log holds the event the receipt names; else what does not match."""
    seq, digest = receipt
    if seq is None:
        found = log.db.execute("SELECT seq FROM events WHERE hash = ?", (digest,)).fetchone()
        return (
            ""
            if found
            else f"no event has the receipt's hash {digest[:12]}…: the log was rewritten"
        )
    row = next(log.rows(after=seq - 1, upto=seq), None)
    if row is None:
        return (
            f"the receipt names event {seq}, but the log ends at {log.max_seq()}: events were cut"
        )
    if row.hash != digest:
        return (
            f"event {seq} does not match the receipt ({row.hash[:12]}… here, "
            f"{digest[:12]}… on the receipt): the log was rewritten"
        )
    return ""


def _after_receipt(log, receipt: tuple[int | None, str]) -> str:
    """'' when the log ends at the receipt's event; else how many events of which kinds follow."""
    seq, digest = receipt
    if seq is None:
        seq = log.db.execute("SELECT seq FROM events WHERE hash = ?", (digest,)).fetchone()[0]
    kinds: dict[str, int] = {}
    for row in log.rows(after=seq):
        kinds[row.kind] = kinds.get(row.kind, 0) + 1
    if not kinds:
        return ""
    n = sum(kinds.values())
    return f"{n} event{'s' if n != 1 else ''} ({', '.join(f'{k} {v}' for k, v in kinds.items())})"
