"""ttx simulate, ttx verify."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from exercise.cli.commands import UserError, command
from exercise.cli.common import load_world, new_session_path


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
    p.add_argument("--session", metavar="FILE", help="session file to write (default SCENARIO-seedN.ttx)")
    p.add_argument("--runs", type=_nonneg, help="play N sessions in memory and summarise them")
    p.add_argument("--json", action="store_true", help="with --runs: print the summary as JSON")
    p.add_argument("--root", default=".", help="content root (default: current folder)")
    p.set_defaults(func=run_simulate)


def run_simulate(args) -> int:
    from exercise.session.simulate import many_runs, simulate_session

    world = load_world(args.root, args.scenario)
    if args.runs is not None:
        if args.session:
            raise UserError("--session and --runs do not go together: --runs keeps no session files")
        if args.runs < 1:
            raise UserError("--runs must be at least 1")
        summary = many_runs(world, args.runs, args.seed)
        if args.json:
            json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
            print()
        else:
            print(format_summary(summary))
        return 0
    if args.json:
        raise UserError("--json needs --runs")
    sid = world["scenario"]["id"]
    path = new_session_path(args.session, f"{sid}-seed{args.seed}.ttx")
    session = simulate_session(world, args.seed, path)
    s = session.state
    values = ", ".join(f"{k} {v}" for k, v in s.indicators.items())
    print(f"{path}: {s.seq} events, {s.turn} of {len(s.world.scenario.turns)} turns, {s.end_reason}")
    print(f"final indicators: {values}")
    if s.end_conditions:
        print(f"end conditions met: {', '.join(s.end_conditions)}")
    session.close()
    return 0


def format_summary(summary: dict) -> str:
    lines = [f"{summary['scenario']}: {summary['runs']} runs from seed {summary['seed']}; "
             f"{summary['ended_early']} ended early; mean turns {summary['mean_turns']}", "",
             f"{'inject':44} {'kind':10} {'fired':>7}"]
    for i in summary["injects"]:
        mark = " (manual only)" if i["manual_only"] else (" (counterfactual)" if i["counterfactual"] else "")
        lines.append(f"{i['id'][:44]:44} {i['kind']:10} {i['share'] * 100:6.1f}%{mark}")
    never = summary["never_fired"]
    lines += ["", "never fired: " + (", ".join(never) if never else "none"), "",
              f"{'indicator':16} {'start':>5} {'min':>4} {'p10':>5} {'median':>6} {'mean':>6} {'p90':>5} {'max':>4}"]
    for k, v in summary["indicators"].items():
        lines.append(f"{k:16} {v['start']:5} {v['min']:4} {v['p10']:5.1f} {v['median']:6.1f} {v['mean']:6.2f} {v['p90']:5.1f} {v['max']:4}")
    lines += ["", "end conditions:"]
    for e in summary["end_conditions"]:
        lines.append(f"  {e['id']:24} {e['share'] * 100:6.1f}%  {e['label']}{' (ends the session)' if e['ends_session'] else ''}")
    return "\n".join(lines)


@command
def register_verify(sub) -> None:
    p = sub.add_parser("verify", help="recompute a session's hash chain")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_verify)


def run_verify(args) -> int:
    from exercise.session.service import check_snapshot
    from exercise.store import NotASession, SessionLog

    if not Path(args.file).exists():
        raise UserError(f"{args.file}: no such session file")
    try:
        with SessionLog(args.file) as log:
            count, bad, reason = log.verify()
            kind = None
            if bad is not None:
                kind = next((r.kind for r in log.rows(after=bad - 1, upto=bad)), "?")
            cache = check_snapshot(log) if bad is None else ""
    except NotASession as exc:
        raise UserError(str(exc)) from None
    if bad is not None:
        print(f"{args.file}: event {bad} ({kind}) does not match: {reason}", file=sys.stderr)
        return 1
    if cache:
        print(f"{args.file}: {count} events, hash chain intact, but {cache}", file=sys.stderr)
        return 1
    print(f"{args.file}: ok, {count} events, hash chain intact")
    return 0
