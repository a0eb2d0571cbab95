"""ttx cohort: Markdown on standard output, or md/html/json to -o by its suffix; sessions of
another scenario, damaged files, the same file twice and outputs that cannot be written are
one line naming what is wrong, exit 2, and nothing written."""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import exercise.cli.cohort_cmds  # noqa: F401  (registers `ttx cohort` until commands.py lists it)
from exercise.cli import main
from exercise.session.simulate import simulate_session
from tests.review.export_helpers import bot_sessions, console_played
from tests.review.helpers import mini_world
from tests.trust.damage import DAMAGES, READABLE, make

# Played in `ttx play` (tmux, keys pressed); not .ttx: the repository ignores those.
CONSOLE = Path(__file__).resolve().parents[1] / "fixtures" / "console" / "played-in-console.session"


def ttx(*args: str) -> int:
    return main(["cohort", *args])


@pytest.fixture(scope="module")
def sessions(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("sessions")
    played = folder / "played.ttx"
    console_played(played).close()
    return [*bot_sessions(folder, [3, 4, 5]), played]


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "TTX_DEBUG" not in err[0]
    return err[0]


def test_markdown_on_standard_output(sessions, capsys):
    assert ttx(*map(str, sessions)) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Sessions compared: A small test scenario\n")
    assert "4 sessions; hash chains all verified" in out and "## Where the sessions parted" in out


def test_each_format_by_its_suffix_or_by_format(sessions, tmp_path, capsys):
    files = list(map(str, sessions))
    for name in ("c.md", "c.html", "c.json"):
        assert ttx(*files, "-o", str(tmp_path / name)) == 0
        assert capsys.readouterr().err == f"wrote {tmp_path / name}\n"
    assert (tmp_path / "c.html").read_text().startswith("<!DOCTYPE html>")
    data = json.loads((tmp_path / "c.json").read_text())
    assert data["format"] == "ttx-cohort" and len(data["sessions"]) == 4
    assert ttx(*files, "--format", "json", "-o", str(tmp_path / "c.txt")) == 0
    assert json.loads((tmp_path / "c.txt").read_text()) == data


def test_a_session_of_another_scenario_is_named(sessions, tmp_path, capsys):
    other = copy.deepcopy(mini_world())
    other["scenario"]["id"] = "elsewhere"
    odd = tmp_path / "odd.ttx"
    simulate_session(other, 3, odd).close()
    out = tmp_path / "c.html"
    assert ttx(str(sessions[0]), str(odd), str(sessions[1]), "-o", str(out)) == 2
    line = one_line(capsys)
    assert f"{odd}: a session of scenario 'elsewhere'" in line and "'mini'" in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-o", "OUT/c.txt"], "give --format md, html or json"),
        (["-o", "OUT/no/c.md"], "no such folder"),
        (["-o", "OUT"], "is a folder; give a file name"),
        (["-o", "/proc/ttx-cohort.md"], "-o /proc/ttx-cohort.md: "),
    ],
)
def test_bad_outputs_are_one_line_and_exit_2(sessions, tmp_path, capsys, args, says):
    args = [a.replace("OUT", str(tmp_path)) for a in args]
    assert ttx(str(sessions[0]), str(sessions[1]), *args) == 2
    assert says in one_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_the_same_file_twice_or_as_the_output_is_refused(sessions, tmp_path, capsys):
    assert ttx(str(sessions[0]), str(sessions[1]), str(sessions[0])) == 2
    assert f"{sessions[0]}: given twice" in one_line(capsys)
    mine = tmp_path / "mine.ttx"
    shutil.copy(sessions[0], mine)
    before = mine.read_bytes()
    assert ttx(str(mine), str(sessions[1]), "--format", "md", "-o", str(mine)) == 2
    assert "is the session file" in one_line(capsys)
    assert mine.read_bytes() == before


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_file_is_named_in_one_line(sessions, tmp_path, capsys, damage):
    bad = make(sessions[1], tmp_path, damage)
    before = bad.read_bytes()
    out = tmp_path / "c.md"
    code = ttx(str(sessions[0]), str(bad), "-o", str(out))
    err = capsys.readouterr().err.strip().splitlines()
    if damage in READABLE and code == 0:
        assert any("NOT verified" in line and bad.name in line for line in err)
    else:
        assert code == 2 and len(err) == 1 and bad.name in err[0], err
        assert "TTX_DEBUG" not in err[0]
        assert not out.exists()
    assert bad.read_bytes() == before


def test_a_tampered_session_is_in_the_cohort_with_a_warning(sessions, tmp_path, capsys):
    tampered = tmp_path / "tampered.ttx"
    shutil.copy(sessions[1], tampered)
    db = sqlite3.connect(tampered)
    db.execute("UPDATE events SET payload = replace(payload, 'doctrine', 'DOCTRINE') WHERE seq = 9")
    db.commit()
    db.close()
    assert ttx(str(sessions[0]), str(tampered), "-o", str(tmp_path / "c.json")) == 0
    err = capsys.readouterr().err.splitlines()
    assert any(
        line.startswith(f"ttx: warning: {tampered}: hash chain NOT verified") for line in err
    )
    data = json.loads((tmp_path / "c.json").read_text())
    assert [s["verified"] for s in data["sessions"]] == [True, False]


def test_many_files(sessions, tmp_path, capsys):
    copies = []
    for n in range(60):
        c = tmp_path / f"s{n:02d}.ttx"
        shutil.copy(sessions[n % 3], c)
        copies.append(str(c))
    assert ttx(*copies, "-o", str(tmp_path / "c.json")) == 0
    data = json.loads((tmp_path / "c.json").read_text())
    assert len(data["sessions"]) == 60
    # Copies of three seeds: three groups that never part within themselves.
    groups = sorted(len(b["sessions"]) for b in data["divergence"][0]["branches"])
    assert sum(groups) == 60


def test_a_session_played_in_the_console_beside_bot_sessions(sessions, tmp_path, capsys):
    played = tmp_path / "console.ttx"
    shutil.copy(CONSOLE, played)
    assert ttx(str(played), *map(str, sessions[:3]), "-o", str(tmp_path / "c.json")) == 0
    data = json.loads((tmp_path / "c.json").read_text())
    assert data["scenario"] == "mini" and data["sessions"][0]["id"] == "console"
    assert data["sessions"][0]["end_reason"] == "ended by the facilitator"
    [news] = [i for i in data["injects"] if i["inject"] == "t1-news"]
    [tehran] = [r for r in news["roles"] if r["role"] == "tehran"]
    [free] = [o for o in tehran["options"] if o["option"] is None]
    assert free["sessions"] == ["console"] and free["texts"][0].startswith("+Send the Quds")
    assert ttx(str(played), *map(str, sessions[:3]), "-o", str(tmp_path / "c.html")) == 0
    assert "+Send the Quds Force anyway" in (tmp_path / "c.html").read_text()
