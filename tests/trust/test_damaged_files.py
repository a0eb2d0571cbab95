"""Every command on every damaged or foreign file: one line naming the file, exit 2 (or 1 where
verify finds a broken chain), never a traceback or a hang, and the file left as it was."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.pty_console import ROOT
from tests.trust.damage import COMMANDS, CONSOLES, DAMAGES, READABLE, make


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    path = folder / "good.ttx"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "exercise",
            "simulate",
            "demo",
            "--seed",
            "2",
            "--session",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return path


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "-"


def _run(argv: list[str], console: bool) -> tuple[str, str]:
    """('failed', its one line) | ('ok', '') | ('opened', '') | ('broken', why)."""
    try:
        out = subprocess.run(
            [sys.executable, "-m", "exercise", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=10 if console else 30,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return ("opened", "") if console else ("broken", "hung")
    lines = out.stderr.strip().splitlines()
    if "Traceback" in out.stderr:
        return "broken", out.stderr[-400:]
    if out.returncode == 0:
        return "ok", ""
    if out.returncode in (1, 2) and len(lines) == 1:
        return "failed", lines[0]
    return "broken", f"exit {out.returncode}: {out.stderr.strip()[-300:]!r}"


@pytest.mark.slow
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_every_command_on_a_damaged_file(good, tmp_path, damage):
    bad = make(good, tmp_path, damage)
    before = _digest(bad)
    problems = []
    with ThreadPoolExecutor(max_workers=4) as pool:  # each command is its own process
        outcomes = dict(
            zip(
                COMMANDS,
                pool.map(
                    lambda item: _run(item[1](str(bad), tmp_path), item[0] in CONSOLES),
                    COMMANDS.items(),
                ),
                strict=True,
            )
        )
    for name, (outcome, detail) in outcomes.items():
        if outcome == "broken":
            problems.append(f"{name}: {detail}")
        elif outcome == "failed" and bad.name not in detail:
            problems.append(f"{name}: the line does not name the file: {detail}")
        elif name == "verify" and outcome != "failed":
            problems.append(f"verify did not catch it ({outcome})")
        elif (
            damage not in READABLE
            and outcome in ("ok", "opened")
            and name not in ("backup", "compare")
        ):
            problems.append(f"{name}: {outcome} on a file it cannot read")
    assert not problems, "\n".join(problems)
    if damage not in READABLE:  # (a console that could open the file marks itself open in it)
        assert _digest(bad) == before  # nothing was written into the damaged file
    assert not (tmp_path / "fork.ttx").exists()
