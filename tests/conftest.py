from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerCancelled

from exercise.session import Session

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
MINI_TEXTS = MINI / "texts"


def shared_sources() -> Path | None:
    env = os.environ.get("TTX_SOURCES")
    for candidate in (env, ROOT.parent / "shared" / "sources"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture(autouse=True)
def own_state_folder(tmp_path_factory, monkeypatch) -> Path:
    """Each test keeps its recent list and start caches in a folder of its own, never the user's."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def mini_world() -> dict:
    from exercise.content.library import scenario_world

    return scenario_world(MINI, "mini")


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    import shutil

    dest = tmp_path / "content"
    shutil.copytree(MINI, dest)
    return dest


T0 = 1_790_000_000.0


class FixedClock:
    """Wall time that moves only when a test says so (snapshots and clocks stay stable)."""

    def __init__(self, now: float = T0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def session_file(tmp_path, mini_world, clock) -> Path:
    path = tmp_path / "mini.ttx"
    participants = (
        ("moscow", "facilitator"),
        ("tehran", "facilitator"),
        ("damascus", "team"),
        ("jerusalem", "bot"),
    )
    codes = tuple((r, f"CODE{i}") for i, (r, _) in enumerate(participants))
    Session.create(
        path, mini_world, seed=11, participants=participants, codes=codes, clock=clock
    ).close()
    return path


def kinds(path: Path) -> list[str]:
    s = Session.open(path)
    try:
        return [r.kind for r in s.rows()]
    finally:
        s.close()


# -- waiting for a condition, never for a time ---------------------------------------------------
# Tests wait for what they need (a screen, a widget's text, an event in the log) with a deadline,
# so a slow, shared machine makes them slower, not flaky; a missed deadline names what was awaited.

WAIT = 15.0  # seconds; generous (a loaded 2-core machine), as a passing test never waits for it


# What is awaited: a text, or a callable that says it as things stand at the deadline.
Said = str | Callable[[], str]


def _missed(timeout: float, what: Said, condition) -> None:
    said = what() if callable(what) else what
    # An AssertionError, not pytest.fail: a BaseException inside a snapshot's run_before
    # hangs the app.
    raise AssertionError(f"waited {timeout:g}s for {said or condition!r}")


async def wait_for(
    pilot, condition: Callable[[], object], timeout: float = WAIT, what: Said = ""
) -> None:
    """Let the app run (`pilot.pause()` until idle, again and again) until `condition()` is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            _missed(timeout, what, condition)
        await pilot.pause()


def _measured(table) -> bool:
    """A DataTable has sized its columns to the rows added to it: it does that when it is next
    idle, which may come after every queue is empty."""
    from rich.cells import cell_len

    for column in table.ordered_columns:
        if not column.auto_width:  # a fixed width: nothing to measure
            continue
        for cell in table.get_column(column.key):
            text = cell.plain if hasattr(cell, "plain") else str(cell)
            if cell_len(text) > column.content_width:
                return False
    return True


def _passing(app) -> list:
    """The app's workers but a console's look-out (group "poll", tui/watch.py), which lives as
    long as its screen."""
    return [w for w in app.workers if w.group != "poll"]


def _quiet(app) -> bool:
    """No message waits in any queue of the app or its active screen, no worker runs, and every
    table has sized its columns."""
    from textual.widgets import DataTable

    nodes = [app, *app.screen.walk_children(with_self=True)]
    return (
        all(n.message_queue_size == 0 for n in nodes)
        and all(w.is_finished for w in _passing(app))
        and all(_measured(t) for t in nodes if isinstance(t, DataTable))
    )


async def idle(pilot, timeout: float = WAIT) -> None:
    """The app has handled every message (those its handlers posted too) and every worker it
    started has finished: what a test may look at after an action that needs no other wait."""
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        running = [w for w in _passing(pilot.app) if not w.is_finished]
        # (an empty list would make wait_for_complete wait for every worker, the look-out too)
        # a worker still running is named below; one cancelled (an exclusive worker that a
        # newer one replaced) has nothing more to do
        with contextlib.suppress(TimeoutError, WorkerCancelled):
            if running:
                await asyncio.wait_for(
                    pilot.app.workers.wait_for_complete(running),
                    max(deadline - time.monotonic(), 0),
                )
        await pilot.pause()
        if _quiet(pilot.app):
            return
        if time.monotonic() > deadline:
            busy = ", ".join(w.name or repr(w) for w in _passing(pilot.app) if not w.is_finished)
            raise AssertionError(
                f"the app was still busy after {timeout:g}s (workers: {busy or 'none'})"
            )


async def wait_for_screen(pilot, kind: type, timeout: float = WAIT) -> Any:
    """The active screen is a `kind` (a dialog pushed, a console switched to); returns it, idle."""
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, kind),
        timeout,
        lambda: f"a {kind.__name__} (the screen is a {type(pilot.app.screen).__name__})",
    )
    await idle(pilot, timeout)
    return pilot.app.screen


def widget_text(app, selector: str) -> str:
    """What a widget on the ACTIVE screen shows as plain text; "" while there is no such widget."""
    from textual.css.query import NoMatches

    try:
        widget = app.screen.query_one(selector)
    except NoMatches:
        return ""
    if widget.children:  # a composite (the status bar): what its Statics show
        return " ".join(str(w.render()) for w in widget.query("Static"))
    return str(widget.render())


async def wait_for_text(pilot, selector: str, text: str, timeout: float = WAIT) -> str:
    """The widget `selector` on the active screen shows `text`; returns all it shows."""
    await wait_for(
        pilot,
        lambda: text in widget_text(pilot.app, selector),
        timeout,
        lambda: f"{text!r} in {selector} (it shows {widget_text(pilot.app, selector)[:300]!r})",
    )
    return widget_text(pilot.app, selector)


def log_events(path: Path, kind: str | None = None) -> list[dict]:
    """The payloads of a session log's events (of one kind), read without replaying the log."""
    from exercise.store import SessionLog

    with SessionLog(path, readonly=True) as log:
        return [r.data() for r in log.rows() if kind is None or r.kind == kind]


def log_count(path: Path, kind: str, where: Callable[[dict], bool] = lambda _data: True) -> int:
    return sum(1 for data in log_events(path, kind) if where(data))


async def wait_for_event(
    pilot,
    path: Path,
    kind: str,
    count: int = 1,
    timeout: float = WAIT,
    where: Callable[[dict], bool] = lambda _data: True,
) -> None:
    """At least `count` events of `kind` (matching `where`) are in the session log at `path`."""
    await wait_for(
        pilot,
        lambda: log_count(path, kind, where) >= count,
        timeout,
        lambda: (
            f"{count} {kind} event(s) in {path.name} (there are {log_count(path, kind, where)})"
        ),
    )


def wait_until(
    condition: Callable[[], object], timeout: float = 60.0, what: Said = "", interval: float = 0.02
) -> None:
    """For tests without an app (other processes at work): poll `condition` until a deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            _missed(timeout, what, condition)
        time.sleep(interval)  # the poll interval of a deadline wait


def screen_text(app) -> str:
    """What the terminal shows now, toasts included, line by line: read from the app's public
    SVG screenshot (its text elements, grouped by row)."""
    import html
    import re

    rows: dict[float, list[tuple[float, str]]] = {}
    svg = app.export_screenshot()
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m[2]), []).append((float(m[1]), html.unescape(m[3])))
    return "\n".join(
        "".join(t for _, t in sorted(rows[y])).replace("\xa0", " ") for y in sorted(rows)
    )


def notifications(app) -> list[str]:
    """Every notification the app was asked to show so far, title and message, in order
    (recorded by `record_notifications`: a toast may have gone, or not yet be drawn)."""
    return list(getattr(app, "said_in_tests", []))


@pytest.fixture(autouse=True)
def record_notifications(monkeypatch):
    """App.notify (which every widget's notify calls) also keeps what it was asked to say."""
    from textual.app import App

    notify = App.notify

    def recording(self, message, *args, **kwargs):
        title = kwargs.get("title", "")
        self.__dict__.setdefault("said_in_tests", []).append(
            f"{title}\n{message}" if title else str(message)
        )
        return notify(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", recording)


def one_error(capsys, *names: str) -> str:
    """The command's stderr is one `ttx: ...` line naming `names`, with no traceback."""
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ttx"), err
    assert "Traceback" not in err
    assert all(n in lines[0] for n in names), lines[0]
    return lines[0]


def weasyprint_works() -> bool:
    """WeasyPrint imports here (with the system's Pango): the PDF path can be tried."""
    from exercise.review.print_pdf import PdfUnavailable, weasyprint

    try:
        weasyprint()
    except PdfUnavailable:
        return False
    return True
