"""ttx balance: a scenario's dilemmas, free moves and saturation, for its authors."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from exercise.cli.commands import UserError, command
from exercise.cli.common import load_world
from exercise.cli.runs import workers_arg


def _runs(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"'{text}' is not between 1 and 100000")
    return value


@command
def register_balance(sub) -> None:
    p = sub.add_parser(
        "balance", help="rank every decision's options on the decider's scorecard, with bot sweeps"
    )
    p.add_argument("scenario", metavar="SCENARIO", help="scenario id (or path to its YAML file)")
    p.add_argument("--runs", type=_runs, default=200, help="bot playthroughs (default 200)")
    p.add_argument("--seed", type=int, default=0, help="first seed of the sweep (default 0)")
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.add_argument("--strict", action="store_true", help="exit 1 when a design threshold is broken")
    p.add_argument("--points", action="store_true", help="list every decision point's ranking")
    p.add_argument(
        "--workers", type=workers_arg, metavar="N", help="processes (default: every core)"
    )
    p.add_argument("--root", default=".", help="content root (default: current folder)")
    p.set_defaults(func=run_balance)


def run_balance(args) -> int:
    from concurrent.futures import BrokenExecutor

    from exercise.cli.runs import Progress, cores
    from exercise.engine.world import world_from_raw
    from exercise.session.balance import analyse
    from exercise.session.simulate import sweep

    raw = load_world(args.root, args.scenario)
    try:
        with Progress(raw["scenario"]["id"]) as progress:
            summary = sweep(raw, args.runs, args.seed, args.workers or cores(), progress)
    except BrokenExecutor:
        raise UserError(
            "a simulation worker process died; no analysis (try fewer --workers)"
        ) from None
    balance = analyse(world_from_raw(raw), summary)
    if args.json:
        json.dump(asdict(balance) | {"ok": balance.ok}, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        from exercise.cli.balance_text import render

        print(render(world_from_raw(raw), balance, args.points))
    return 1 if args.strict and not balance.ok else 0
