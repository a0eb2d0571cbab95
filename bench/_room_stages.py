"""bench/room.py's two rooms, one after the other: a served hello-world app (the baseline) and
`ttx serve` with its facilitator process. Each returns its Figures; room.py prints them."""

from __future__ import annotations

if __name__ == "__main__":  # `make bench` runs every bench/*.py; this is a part of bench/room.py
    raise SystemExit(0)

import asyncio
import contextlib
import json
import shlex
import socket
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench._room_clients import Browser, answer
from bench._room_procs import Meter, Procs, Window, memory_mb, tree

ROOT = Path(__file__).resolve().parent.parent
ACTION_DEADLINE = 10.0  # a team screen that has not shown a change by then counts as missed

HELLO = """
import sys, time
from textual.app import App
from textual.widgets import Static


class Hello(App):
    BINDINGS = [("x", "press", "press")]
    presses = 0

    def compose(self):
        yield Static("hello world", id="hello")
        yield Static("", id="clock")

    def on_mount(self):
        if "clock" in sys.argv:  # the baseline for a console whose clock counts the seconds
            self.set_interval(1, self.tick)

    def tick(self):
        self.query_one("#clock", Static).update(time.strftime("%H:%M:%S"), layout=False)

    def action_press(self):
        self.presses += 1
        self.query_one("#hello", Static).update(f"hello world, pressed {self.presses}")


Hello().run()
"""

HELLO_SERVER = """
import sys
from textual_serve.server import Server

Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2]), title="hello").serve()
"""

# The facilitator's hand: one session opened once, a command per line on stdin, one JSON line
# back per command with the monotonic time it started (the same clock in every process).
DRIVER = """# bench/room.py's facilitator process
import json, sys, time
from exercise.engine import commands as cmd
from exercise.engine.view import inbox
from exercise.session import Session

session = Session.open(sys.argv[1])
notes = 0
for line in sys.stdin:
    started = time.monotonic()
    try:
        if line.strip() == "obs":
            notes += 1
            session.execute(cmd.AddObservation(f"bench note {notes}", author="bench"))
        else:
            session.execute(cmd.AdvancePhase(force=True))
        s = session.state
        reply = {"t": started, "turn": s.turn, "phase": s.phase}
        if line.strip() != "obs" and s.phase == 0:  # a new turn: what each inbox holds now
            reply["inbox"] = {r: len(inbox(s, r)) for r in s.world.scenario.roles}
    except Exception as exc:
        reply = {"t": started, "error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(reply), flush=True)
session.close()
"""


class RoomError(Exception):
    """The room could not be set up or measured: one line for the user."""


class BadOption(RoomError):
    """An option the run cannot use (exit 2)."""


@dataclass
class Figures:
    prompt: list[float] = field(default_factory=list)  # per console: first screen
    joined: list[float] = field(default_factory=list)  # per console: working screen
    first: float | None = None  # the facilitator's (or the first hello's) first screen
    rss: list[float] = field(default_factory=list)
    pss: list[float] = field(default_factory=list)
    lead_rss: float | None = None
    idle_console: float | None = None  # % of a core, mean per console
    idle_lead: float | None = None
    idle_clock: float | None = None  # hello world with a clock that ticks every second
    idle_room: float | None = None
    busy_room: float | None = None
    busy_console: float | None = None
    busy_lead: float | None = None
    latency: list[float] = field(default_factory=list)  # action (or key) -> screen, seconds
    quiet: list[float] = field(default_factory=list)
    inbox: list[float] = field(default_factory=list)  # a new turn -> its messages in the inbox
    notes: list[str] = field(default_factory=list)
    join_console: float | None = None  # CPU-seconds a console used from its start to joined
    join_server: float | None = None  # CPU-seconds of the server (and warm process) meanwhile
    machine_idle: float = 0.0
    machine_busy: float = 0.0
    bench_cpu: float = 0.0
    driver_cpu: float = 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _last_line(log: Path) -> str:
    with contextlib.suppress(OSError):
        lines = [x for x in log.read_text(errors="replace").splitlines() if x.strip()]
        return lines[-1].strip()[:200] if lines else "(no output)"
    return "(no log)"


async def wait_up(http: aiohttp.ClientSession, url: str, proc, log: Path, what: str) -> None:
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RoomError(f"{what} exited with code {proc.returncode}: {_last_line(log)}")
        with contextlib.suppress(aiohttp.ClientError, OSError):
            async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as r:
                if r.status == 200:
                    return
        await asyncio.sleep(0.1)
    raise RoomError(f"{what} did not answer at {url} within 60 s: {_last_line(log)}")


def consoles(root: int, needle: str) -> list[int]:
    """The console interpreters under a server: their `sh -c` wrappers left out."""
    return [
        pid
        for pid, cmd in tree(root).items()
        if pid != root and needle in cmd and cmd.split(" ", 1)[0] not in ("/bin/sh", "sh")
    ]


async def open_all(http, browsers: list[Browser]) -> None:
    await asyncio.gather(*(b.open(http) for b in browsers))


async def all_show(browsers: list[Browser], marker: bytes, after: dict, seconds: float) -> int:
    """How many of `browsers` showed `marker` (raw bytes, from chunk `after[b]` on) in time."""
    deadline = time.monotonic() + seconds
    seen = await asyncio.gather(
        *(b.wait_for(marker, after.get(b.name, 0), deadline) for b in browsers)
    )
    return sum(seen)


_T0 = time.monotonic()


def _say(text: str) -> None:
    print(f"room: {time.monotonic() - _T0:6.1f} s  {text}", file=sys.stderr, flush=True)


def _cpu(window: Window, pids: list[int]) -> float | None:
    return window.percent(pids) / len(pids) if pids else None


def _answers(browsers: list[Browser], label: str, prefix: bool = False) -> list[float]:
    """The answers to the questions `label` (with `prefix`: `label 1`, `label 2`, ...)."""
    return [
        q.answer
        for b in browsers
        for q in b.questions
        if q.answer is not None
        and (q.label.startswith(label + " ") if prefix else q.label == label)
    ]


def _missed(browsers: list[Browser], prefix: str) -> int:
    return sum(
        1 for b in browsers for q in b.questions if q.label.startswith(prefix) and q.answer is None
    )


# -- the baseline: a served hello-world app -----------------------------------------------------
async def _ticking_hello(opts, tmp: Path, procs: Procs, http, env, app: Path) -> float | None:
    """Idle CPU of one served hello world whose clock ticks every second, as the facilitator's
    does: what a per-second clock costs any Textual app, measured apart from the room."""
    port, log = free_port(), tmp / "hello_clock.log"
    command = shlex.join([sys.executable, str(app), "clock"])
    server = tmp / "hello_serve.py"
    proc = procs.spawn([sys.executable, str(server), command, str(port)], log, env, tmp)
    await wait_up(http, f"http://127.0.0.1:{port}/", proc, log, "the ticking hello-world server")
    browser = Browser("hello clock", f"ws://127.0.0.1:{port}/ws")
    try:
        await browser.open(http)
        await all_show([browser], b"hello world", {}, 60)
        await asyncio.sleep(opts.settle)
        pids = consoles(proc.pid, str(app))
        meter = Meter([proc.pid])
        await asyncio.sleep(opts.seconds)
        return _cpu(meter.stop(), pids)
    finally:
        await browser.close()
        procs.stop(proc.pid)


async def hello_room(opts, tmp: Path, procs: Procs, http, env, rng) -> Figures:
    n, fig = opts.consoles, Figures()
    app, server = tmp / "hello.py", tmp / "hello_serve.py"
    app.write_text(HELLO)
    server.write_text(HELLO_SERVER)
    port, log = free_port(), tmp / "hello.log"
    command = shlex.join([sys.executable, str(app)])
    proc = procs.spawn([sys.executable, str(server), command, str(port)], log, env, tmp)
    await wait_up(http, f"http://127.0.0.1:{port}/", proc, log, "the hello-world server")
    url = f"ws://127.0.0.1:{port}/ws"
    lead = Browser("hello lead", url)
    lead.ask("prompt", time.monotonic(), r"hello world")
    await lead.open(http)
    browsers = [Browser(f"hello {k}", url) for k in range(n)]
    everyone = [lead, *browsers]
    try:
        await all_show([lead], b"hello world", {}, 60)
        _say(f"hello world: {n} consoles connecting at once")
        joining = Meter([proc.pid])
        await open_all(http, browsers)
        for b in browsers:
            b.ask("prompt", b.t_connect, r"hello world")
        shown = await all_show(browsers, b"hello world", {}, 30 + 3 * n)
        _join_cpu(fig, joining.stop(), consoles(proc.pid, str(app)))
        if shown < n:
            fig.notes.append(f"hello world: only {shown} of {n} consoles showed their screen")
        await asyncio.sleep(opts.settle)
        pids = consoles(proc.pid, str(app))
        for pid in pids:
            rss, pss = memory_mb(pid)
            fig.rss.append(rss)
            fig.pss.append(pss)
        meter = Meter([proc.pid])
        await asyncio.sleep(opts.seconds)
        window = meter.stop()
        fig.idle_console = _cpu(window, pids)
        fig.idle_room = window.percent(window.used)
        fig.machine_idle = window.machine_busy
        await _keys(opts, browsers, rng)
    finally:
        await asyncio.gather(*(b.close() for b in everyone))
        procs.stop(proc.pid)
    for b in everyone:
        answer(b)
    fig.idle_clock = await _ticking_hello(opts, tmp, procs, http, env, app)
    fig.first = lead.questions[0].answer
    fig.prompt = fig.joined = _answers(browsers, "prompt")
    fig.latency = _answers(browsers, "key")
    return fig


async def _keys(opts, browsers: list[Browser], rng) -> None:
    """A key to every console at once, a few rounds: the served repaint floor."""
    for k in range(1, opts.key_rounds + 1):
        after = {b.name: len(b.chunks) for b in browsers}
        for b in browsers:
            b.ask("key", await b.key("x"), rf"pressed {k}\b")
        await all_show(browsers, b"pressed %d" % k, after, ACTION_DEADLINE)
        await asyncio.sleep(rng.uniform(0.3, 0.6))


# -- the room -----------------------------------------------------------------------------------
class Driver:
    """The facilitator process: commands through the session layer, one at a time."""

    def __init__(self, proc: asyncio.subprocess.Process, log: Path, procs: Procs):
        self.proc, self.log, self.procs = proc, log, procs
        self.lock = asyncio.Lock()
        self.done: dict[str, int] = {}  # command -> how many the session took

    @classmethod
    async def start(cls, session: Path, env, procs: Procs, log: Path) -> Driver:
        with open(log, "ab") as err:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                DRIVER,
                str(session),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=err,
                env=env,
                start_new_session=True,
            )
        procs.adopt(proc.pid)
        return cls(proc, log, procs)

    async def call(self, word: str) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        async with self.lock:
            self.proc.stdin.write(word.encode() + b"\n")
            await self.proc.stdin.drain()
            try:
                line = await asyncio.wait_for(self.proc.stdout.readline(), 60)
            except TimeoutError:
                raise RoomError("the facilitator process did not answer in 60 s") from None
        if not line:
            raise RoomError(f"the facilitator process stopped: {_last_line(self.log)}")
        reply = json.loads(line)
        if "error" in reply:
            raise RoomError(f"the facilitator process could not {word}: {reply['error']}")
        self.done[word] = self.done.get(word, 0) + 1
        return reply

    async def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.proc.wait(), 10)
            self.procs.forget(self.proc.pid)  # reaped: its pid may be another process's soon


def load_world(scenario: str, actions: int) -> dict:
    """The scenario's content; BadOption when it is unknown or has too few phases to advance."""
    from exercise.content.library import ContentProblems, scenario_world

    try:
        world = scenario_world(ROOT, scenario)
    except KeyError as exc:
        raise BadOption(f"--scenario {scenario}: {exc.args[0]}") from None
    except ContentProblems as exc:
        raise RoomError(f"the content does not validate: {str(exc)[:200]}") from None
    sc = world["scenario"]
    advances = len(sc["turns"]) * len(sc["phases"]) - 1  # the one after is the session's end
    if advances < actions:
        raise BadOption(
            f"--scenario {scenario}: {advances} phase advances before its end, "
            f"this run makes {actions}"
        )
    return world


def make_session(path: Path, world: dict) -> tuple[dict[str, str], list[str], int, int]:
    """A fresh session, every role a team console: (codes, roles, turns, phases)."""
    from exercise.session import Session

    roles = list(world["scenario"]["roles"])
    with Session.create(path, world, seed=14, participants=tuple((r, "team") for r in roles)) as s:
        codes = dict(s.state.codes)
    return codes, roles, len(world["scenario"]["turns"]), len(world["scenario"]["phases"])


async def sign_in(http, base: str, path: str, code: str, name: str) -> dict[str, str]:
    """The cookie header a browser gets by typing `code` into the console's sign-in form."""
    async with http.post(
        base + path,
        data={"code": code, "name": name},
        headers={"Origin": base},
        allow_redirects=False,
    ) as r:
        if r.status != 303:
            raise RoomError(f"signing in at {path} gave {r.status}: {(await r.text())[:120]}")
        cookie = "; ".join(f"{m.key}={m.value}" for m in r.cookies.values())
    return {"Cookie": cookie, "Origin": base}


POSITION = r"Turn {turn} of {turns} · Phase {phase} of {phases}\b"


async def ttx_room(opts, tmp: Path, procs: Procs, http, env, rng) -> Figures:
    n, fig = opts.consoles, Figures()
    session = tmp / "room.ttx"
    codes, roles, turns, phases = make_session(session, opts.world)
    port, log = free_port(), tmp / "serve.log"
    per_team = max(3, -(-n // len(roles)))
    argv = [sys.executable, "-m", "exercise", "serve", str(session), "--port", str(port)]
    argv += ["--max-consoles", str(max(40, n + 1)), "--max-per-console", str(per_team)]
    proc = procs.spawn(argv, log, env, tmp)
    base, ws = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}"
    await wait_up(http, base + "/", proc, log, "ttx serve")
    lead = Browser("facilitator", ws + "/ws/facilitator")
    lead.headers = await sign_in(http, base, "/facilitator", codes["facilitator"], "")
    browsers = []
    for k in range(n):
        role = roles[k % len(roles)]
        b = Browser(f"{role} {k // len(roles) + 1}", f"{ws}/ws/team/{role}", role=role)
        b.headers = await sign_in(http, base, f"/team/{role}", codes[role], f"player {k + 1}")
        browsers.append(b)
    pos = POSITION.format(turn=1, turns=turns, phase=1, phases=phases)
    lead.ask("prompt", time.monotonic(), pos)
    await lead.open(http)
    driver = None
    try:
        if not await all_show([lead], b"Phase 1 of", {}, 60):
            raise RoomError(f"the facilitator console never showed the session: {lead.error}")
        _say(f"ttx: {n} team consoles connecting at once")
        joining = Meter([proc.pid])
        await open_all(http, browsers)
        for b in browsers:
            b.ask("prompt", b.t_connect, r"Joining as|Phase \d+ of")
            b.ask("joined", b.t_connect, pos)
        joined = await all_show(browsers, b"Phase 1 of", {}, 30 + 3 * n)
        _join_cpu(fig, joining.stop(), consoles(proc.pid, " team "))
        if joined < n:
            fig.notes.append(f"ttx: only {joined} of {n} team consoles joined in time")
        await asyncio.sleep(opts.settle)
        _memory(fig, proc.pid)
        _say("ttx: idle")
        await _idle(opts, fig, proc.pid)
        driver = await Driver.start(session, env, procs, tmp / "driver.log")
        at = dict(turns=turns, phases=phases)
        _say("ttx: phase advances, no event stream")
        await _actions(opts.quiet_actions, "quiet", driver, browsers, at, rng)
        _say("ttx: one facilitator-only event a second")
        await _streaming(opts, fig, proc.pid, driver, browsers, at, rng)
    finally:
        await asyncio.gather(*(b.close() for b in [lead, *browsers]))
        if driver is not None:
            await driver.stop()
            fig.notes.append(
                f"ttx: the facilitator process wrote {driver.done.get('obs', 0)} observations "
                f"and {driver.done.get('advance', 0)} phase advances"
            )
        procs.stop(proc.pid)
    _say("reading the screens")
    return _read(fig, lead, browsers, opts.stream_actions)


def _join_cpu(fig: Figures, window: Window, joined: list[int]) -> None:
    """What joining cost: each console's CPU since it started (none ran before the window),
    and what the other processes still alive (the server, a warm process) used in it."""
    mine = [window.used[p] for p in joined if p in window.used]
    fig.join_console = statistics.median(mine) if mine else None
    fig.join_server = sum(t for p, t in window.used.items() if p not in joined)


def _memory(fig: Figures, root: int) -> None:
    for pid in consoles(root, " team "):
        rss, pss = memory_mb(pid)
        fig.rss.append(rss)
        fig.pss.append(pss)
    lead = consoles(root, " play ")
    fig.lead_rss = memory_mb(lead[0])[0] if lead else None


async def _idle(opts, fig: Figures, root: int) -> None:
    meter = Meter([root])
    await asyncio.sleep(opts.seconds)
    window = meter.stop()
    fig.idle_console = _cpu(window, consoles(root, " team "))
    fig.idle_lead = _cpu(window, consoles(root, " play "))
    fig.idle_room = window.percent(window.used)
    fig.machine_idle = window.machine_busy


async def _actions(count: int, label: str, driver: Driver, browsers, at, rng) -> None:
    """`count` phase advances, each once every team screen showed the one before (or missed)."""
    for k in range(count):
        after = {b.name: len(b.chunks) for b in browsers}
        reply = await driver.call("advance")
        phase = reply["phase"] + 1
        pattern = POSITION.format(turn=reply["turn"], phase=phase, **at)
        for b in browsers:
            b.ask(f"{label} {k + 1}", reply["t"], pattern)
            if "inbox" in reply:  # nothing is read in the bench: every message is unread
                n = reply["inbox"][b.role]
                b.ask(f"inbox {label} {k + 1}", reply["t"], rf"Inbox \({n} unread\)")
        await all_show(browsers, b"Phase %d of %d" % (phase, at["phases"]), after, ACTION_DEADLINE)
        await asyncio.sleep(rng.uniform(0.5, 1.0))


async def _stream(driver: Driver, stop: asyncio.Event) -> None:
    due = time.monotonic()
    while not stop.is_set():
        await driver.call("obs")
        due += 1.0
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max(0.0, due - time.monotonic()))


async def _streaming(opts, fig: Figures, root: int, driver: Driver, browsers, at, rng) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(_stream(driver, stop))
    try:
        await asyncio.sleep(1.0)  # the first events in: the window sees the steady state
        meter = Meter([root, driver.proc.pid])
        bench0 = time.process_time()
        await asyncio.sleep(opts.seconds)
        window = meter.stop()
        fig.bench_cpu = 100 * (time.process_time() - bench0) / window.seconds
        fig.driver_cpu = window.percent([driver.proc.pid])
        room = [p for p in window.used if p != driver.proc.pid]
        fig.busy_room = window.percent(room)
        fig.busy_console = _cpu(window, consoles(root, " team "))
        fig.busy_lead = _cpu(window, consoles(root, " play "))
        fig.machine_busy = window.machine_busy
        await _actions(opts.stream_actions, "stream", driver, browsers, at, rng)
    finally:
        stop.set()
        with contextlib.suppress(RoomError):
            await task


def _read(fig: Figures, lead: Browser, browsers: list[Browser], actions: int) -> Figures:
    for b in [lead, *browsers]:
        answer(b)
    fig.first = lead.questions[0].answer
    fig.prompt = _answers(browsers, "prompt")
    fig.joined = _answers(browsers, "joined")
    fig.latency = _answers(browsers, "stream", prefix=True)
    fig.quiet = _answers(browsers, "quiet", prefix=True)
    fig.inbox = _answers(browsers, "inbox", prefix=True)
    per_action = []
    for k in range(1, actions + 1):
        got = _answers(browsers, f"stream {k}")
        per_action.append(f"{statistics.median(got):.2f}" if got else "—")
    if per_action:
        fig.notes.append(
            "ttx: action -> team screen median, action by action: " + " ".join(per_action)
        )
    missed = _missed(browsers, "stream") + _missed(browsers, "quiet") + _missed(browsers, "inbox")
    if missed:
        fig.notes.append(f"ttx: {missed} team screens never showed an action within 10 s")
    errors = sorted({b.error for b in [lead, *browsers] if b.error})
    if errors:
        fig.notes.append(f"ttx: websocket errors: {'; '.join(errors)[:300]}")
    return fig
