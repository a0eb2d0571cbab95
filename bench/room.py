"""A full room through `ttx serve`: N browser team consoles plus the facilitator's, driven over
textual-serve's websocket protocol on loopback, beside a served hello-world Textual app measured
the same way in the same run.

The room is the one issue 14 describes: N team consoles (spread over the scenario's roles,
several browsers per team) and one served facilitator console (/facilitator), all started by
one `ttx serve` on a fresh session. The facilitator's actions come from a separate process
through the session layer (one `Session`, opened once), as a second facilitator console would
make them: an observation once a second (an event no team can see) and phase advances (which
every team sees in its header). The figures:

- joining: from opening each websocket (all N at once, after the facilitator's) to the first
  screen (the "Joining as" prompt) and to the team screen showing the session's position;
- memory of each console process once joined (RSS, and PSS, which shares common pages);
- CPU of the whole process tree (server and consoles, from /proc) while idle and while one
  facilitator-only event a second is written; per team console, and the facilitator's;
- latency from a phase advance (the moment the facilitator process starts it) to each team's
  screen showing it in its header, with and without that event stream; and from a phase
  advance that opens a turn to the turn's messages in each team's inbox (the tab's unread
  count), which a console draws in the frame after its header.

The baseline is a hello-world app served by textual-serve's own Server: N+1 consoles joined the
same way, idle the same way, and a key sent to every console at once until each shows it. One
more hello world, whose clock ticks every second as the facilitator's does, is idled alone: the
facilitator's idle figure is printed beside it too, so what the clock itself costs is seen.
Screens are decoded (pyte) after the measuring, never during it. The machine is shared, so the
load average and the whole machine's busy cores are printed beside the figures.

Targets (issue 14; printed, never asserted): room CPU with the event stream <= 30% of one core;
action -> team screen median <= 0.3 s, p90 <= 0.5 s; idle console <= 2x hello world; with 30
simultaneous connections every join prompt <= 5 s and joined median <= 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._room_stages import (  # noqa: E402
    BadOption,
    Figures,
    RoomError,
    hello_room,
    load_world,
    ttx_room,
)

ROOT = Path(__file__).resolve().parent.parent


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2: argparse's usage block is not an error
        self.exit(2, f"room.py: {message}\n")


def parse(argv: list[str]) -> argparse.Namespace:
    p = _Parser(prog="room.py", description="N served consoles and a facilitator on loopback")
    p.add_argument("--consoles", type=int, default=None, help="team consoles (default 30)")
    p.add_argument("--seconds", type=float, default=None, help="each CPU window (default 10)")
    p.add_argument("--scenario", default="aleppo-astana", help="scenario id (default: %(default)s)")
    p.add_argument("--quick", action="store_true", help="4 consoles, 2 s windows: a smoke test")
    opts = p.parse_args(argv)
    if opts.consoles is not None and not 1 <= opts.consoles <= 200:
        p.error(f"--consoles {opts.consoles}: must be 1 to 200")
    if opts.seconds is not None and not 0.5 <= opts.seconds <= 600:
        p.error(f"--seconds {opts.seconds:g}: must be 0.5 to 600")
    if opts.consoles is None:
        opts.consoles = 4 if opts.quick else 30
    if opts.seconds is None:
        opts.seconds = 2.0 if opts.quick else 10.0
    opts.quiet_actions, opts.stream_actions, opts.key_rounds = (
        (1, 2, 1) if opts.quick else (4, 8, 3)
    )
    opts.settle = 0.5 if opts.quick else 2.0
    return opts


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_STATE_HOME=str(tmp / "state"))
    for name in ("TTX_JOIN_CODE", "TTX_JOIN_CLIENT", "TTX_JOIN_NAME", "TEXTUAL", "TTX_DEBUG"):
        env.pop(name, None)  # a developer's own settings would change what is measured
    return env


async def run(opts, tmp: Path, procs) -> tuple[Figures, Figures]:
    import aiohttp

    env = _env(tmp)
    rng = random.Random(14)
    # No cookie jar: aiohttp's keeps none for IP addresses; each request names its cookies.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        hello = await hello_room(opts, tmp, procs, http, env, rng)
        room = await ttx_room(opts, tmp, procs, http, env, rng)
    return hello, room


# -- the table ----------------------------------------------------------------------------------
def _median(xs):
    return statistics.median(xs) if xs else None


def _p90(xs):
    return sorted(xs)[math.ceil(0.9 * len(xs)) - 1] if xs else None


def _last(xs):
    return max(xs) if xs else None


def _num(v, digits: int = 2) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


def rows(h: Figures, r: Figures, n: int) -> list[tuple[str, float | None, float | None, str]]:
    """(figure, value, baseline, target)."""
    return [
        (f"join prompt, last of {n} (s)", _last(r.prompt), _last(h.prompt), "<= 5 s"),
        ("join prompt, median (s)", _median(r.prompt), _median(h.prompt), ""),
        ("joined, median (s)", _median(r.joined), _median(h.joined), "<= 2 s"),
        (f"joined, last of {n} (s)", _last(r.joined), _last(h.joined), ""),
        ("CPU to join, per team console, median (CPU-s)", r.join_console, h.join_console, ""),
        ("CPU to join, server and the rest (CPU-s)", r.join_server, h.join_server, ""),
        ("facilitator console, first screen (s)", r.first, h.first, ""),
        ("memory per team console, RSS (MB)", _median(r.rss), _median(h.rss), ""),
        ("memory per team console, PSS (MB)", _median(r.pss), _median(h.pss), ""),
        ("memory, facilitator console, RSS (MB)", r.lead_rss, _median(h.rss), ""),
        ("idle CPU per team console (% of a core)", r.idle_console, h.idle_console, "<= 2x"),
        ("idle CPU, facilitator console (% of a core)", r.idle_lead, h.idle_console, "<= 2x"),
        ("  the same, beside hello world with a 1 s clock", r.idle_lead, h.idle_clock, ""),
        ("idle CPU, whole room (% of a core)", r.idle_room, h.idle_room, ""),
        ("CPU, whole room, 1 event/s (% of a core)", r.busy_room, h.idle_room, "<= 30 %"),
        ("CPU per team console, 1 event/s (% of a core)", r.busy_console, h.idle_console, ""),
        ("CPU, facilitator console, 1 event/s (% of a core)", r.busy_lead, h.idle_console, ""),
        ("action -> team screen, median (s)", _median(r.latency), _median(h.latency), "<= 0.3 s"),
        ("action -> team screen, p90 (s)", _p90(r.latency), _p90(h.latency), "<= 0.5 s"),
        ("action -> team screen, max (s)", _last(r.latency), _last(h.latency), ""),
        ("action -> team screen, no event stream, median (s)", _median(r.quiet), None, ""),
        ("new turn -> its messages in the inbox, median (s)", _median(r.inbox), None, ""),
        ("new turn -> its messages in the inbox, p90 (s)", _p90(r.inbox), None, ""),
    ]


def table(h: Figures, r: Figures, opts, load: tuple[tuple[float, ...], tuple[float, ...]]) -> str:
    n = opts.consoles
    lines = [
        f"room: {n} team consoles + 1 facilitator served by `ttx serve`, scenario {opts.scenario},"
        f" {opts.seconds:g} s CPU windows; baseline: a hello-world Textual app served by"
        f" textual-serve, {n} + 1 consoles, same run",
        f"{'figure':52} {'value':>8} {'baseline':>9} {'ratio':>7}  target",
    ]
    for figure, value, base, target in rows(h, r, n):
        ratio = f"{value / base:6.1f}x" if value is not None and base else "     —"
        lines.append(f"{figure:52} {_num(value):>8} {_num(base):>9} {ratio:>7}  {target}")
    lines += r.notes + h.notes
    (a1, a5, _), (b1, b5, _) = load
    lines.append(
        f"machine: {os.cpu_count()} cores, load average {a1:.2f}/{a5:.2f} (1/5 min) at the "
        f"start, {b1:.2f}/{b5:.2f} at the end; busy cores, every process: idle window "
        f"{r.machine_idle:.2f}, event-stream window {r.machine_busy:.2f} "
        f"(hello-world idle {h.machine_idle:.2f}); this bench's own CPU in the stream window "
        f"{r.bench_cpu:.1f}% of a core, the facilitator process's {r.driver_cpu:.1f}%"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    opts = parse(sys.argv[1:] if argv is None else argv)
    from bench._room_procs import Procs

    try:
        import pyte  # noqa: F401  (the screens are read with it, at the end of a long run)

        opts.world = load_world(opts.scenario, opts.quiet_actions + opts.stream_actions)
    except ImportError:
        print("room.py: pyte is not installed (pip install -e '.[test]')", file=sys.stderr)
        return 1
    except RoomError as exc:
        print(f"room.py: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, BadOption) else 1

    tmp = Path(tempfile.mkdtemp(prefix="ttx-room-"))
    procs = Procs()
    print(f"room: working in {tmp}", file=sys.stderr, flush=True)
    # Ctrl-C even when started with SIGINT ignored (a background job); SIGTERM the same way.
    previous = (
        signal.signal(signal.SIGINT, signal.default_int_handler),
        signal.signal(signal.SIGTERM, _interrupt),
    )
    load0 = os.getloadavg()
    try:
        hello, room = asyncio.run(run(opts, tmp, procs))
    except KeyboardInterrupt:
        print("room: interrupted; every process it started is stopped", file=sys.stderr)
        return 130
    except RoomError as exc:
        print(f"room: {exc}", file=sys.stderr)
        return 1
    finally:
        procs.stop_all()
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])
        shutil.rmtree(tmp, ignore_errors=True)
    print(table(hello, room, opts, (load0, os.getloadavg())))
    return 0


def _interrupt(signum, frame):
    # As Ctrl-C: asyncio.run turns SIGINT into cancelling the run, so every stage's cleanup runs.
    signal.raise_signal(signal.SIGINT)


if __name__ == "__main__":
    sys.exit(main())
