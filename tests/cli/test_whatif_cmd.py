"""ttx whatif FILE: the result's JSON shape, the same bytes whatever the number of workers, the
result file the report reads, and bad input refused in one line (exit 2), nothing written."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import exercise.cli.whatif_cmds  # noqa: F401  registers 'whatif' (until commands.py imports it)
from exercise.cli import main
from exercise.content.library import scenario_world
from exercise.session import Session
from exercise.session.simulate import simulate_session
from tests.conftest import ROOT
from tests.review.helpers import fresh, mini_world, played
from tests.trust.damage import make

RUNS = ["--runs", "5"]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("whatif")
    simulate_session(mini_world(), 3, folder / "sim.ttx").close()
    played(folder / "hand.ttx").close()
    fresh(folder / "new.ttx").close()
    return {name: folder / f"{name}.ttx" for name in ("sim", "hand", "new")}


def ttx(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_gives_each_decision_its_alternatives_runs_spread_and_end_rates(files, capsys):
    code, out, _ = ttx(capsys, "whatif", str(files["hand"]), *RUNS, "--json", "--workers", "1")
    assert code == 0
    doc = json.loads(out)
    assert doc["format"] == "ttx-whatif" and doc["runs"] == 5 and doc["session"]["seed"] == 5
    assert doc["lineage"]["session_seed"] == 5 and "sha256" in doc["lineage"]["rule"]
    assert [s["decision"] for s in doc["skipped"]] == ["t1:moscow:free"]
    assert doc["decisions"]
    for d in doc["decisions"]:
        assert {"decision", "seq", "turn", "role", "inject", "chosen", "alternatives"} <= set(d)
        assert {"difference", "beyond_chance", "sentence"} <= set(d)
        assert [a["chosen"] for a in d["alternatives"]].count(True) == 1
        for a in d["alternatives"]:
            assert a["runs"] == 5 and len(a["seeds"]) == 5
            assert set(a["indicators"]) == {"cohesion", "escalation"}
            cohesion = a["indicators"]["cohesion"]
            assert {"min", "p10", "median", "mean", "p90", "max", "histogram", "fan"} <= set(
                cohesion
            )
            assert sum(cohesion["histogram"].values()) == 5
            assert [(e["id"], e["met"] / 5) for e in a["end_conditions"]] == [
                (e["id"], e["share"]) for e in a["end_conditions"]
            ]


@pytest.mark.parametrize("form", [["--json"], []], ids=["json", "text"])
def test_the_same_bytes_with_one_worker_or_two(files, capsys, form):
    outs = []
    for workers in ("1", "2"):
        code, out, _ = ttx(capsys, "whatif", str(files["sim"]), *RUNS, "--workers", workers, *form)
        assert code == 0
        outs.append(out)
    assert outs[0] == outs[1]


def test_the_text_names_each_decision_its_options_and_the_largest_difference(files, capsys):
    with Session.open(files["hand"], readonly=True) as s:  # Moscow's, from "coop" to "push"
        amended = next(row.seq for row in s.rows() if row.kind == "DecisionAmended")
    code, out, _ = ttx(capsys, "whatif", str(files["hand"]), *RUNS, "--at", str(amended))
    assert code == 0
    assert "roads not taken at 1 decision, 5 runs per option" in out
    assert f"event {amended}: Moscow on" in out
    assert "  A  coop  Cooperate with the partner\n" in out
    assert "  B* push  Push hard  (its choice)\n" in out
    said = next(line for line in out.splitlines() if line.startswith("  Had Moscow chosen"))
    assert said.startswith(
        "  Had Moscow chosen \u201cCooperate with the partner\u201d instead of "
        "\u201cPush hard\u201d, "
    )
    assert " of runs, against " in said and said.endswith(
        ("after its own choice.", "after its own choice. (within chance)")
    )


def test_a_result_file_is_what_the_report_shows(files, capsys, tmp_path):
    result = tmp_path / "roads.json"
    code, out, err = ttx(capsys, "whatif", str(files["hand"]), *RUNS, "-o", str(result))
    assert code == 0 and out == "" and f"wrote {result}" in err
    assert f"ttx report {files['hand']} --whatif {result}" in err
    assert json.loads(result.read_text())["format"] == "ttx-whatif"
    code, out, _ = ttx(capsys, "report", str(files["hand"]), "--whatif", str(result))
    assert code == 0
    roads = json.loads(out)["roads_not_taken"]
    assert roads["runs"] == 5 and len(roads["decisions"]) == len(
        json.loads(result.read_text())["decisions"]
    )
    code, out, _ = ttx(
        capsys, "report", str(files["hand"]), "--whatif", str(result), "--format", "md"
    )
    assert code == 0 and "## 9. Roads not taken" in out and "- 9. Roads not taken" in out
    code, out, _ = ttx(capsys, "report", str(files["hand"]), "--format", "json")
    assert "roads_not_taken" not in json.loads(out)  # without a result, the report as it was


def _one_line(code: int, err: str) -> str:
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--decision", "nobody:x"], "ttx: error: --decision nobody:x: no such decision in"),
        (["--decision", "t1:moscow:free"], "ttx: error: --decision t1:moscow:free: a free action"),
        (["--at", "99999"], "ttx: error: --at 99999: out of range; hand.ttx has events 1 to"),
        (["--at", "1"], "ttx: error: --at 1: event 1 is SessionStarted, not a team's decision"),
        (["--at", "0"], "ttx whatif: error: argument --at: '0' is not between 1 and"),
        (["--at", "x"], "ttx whatif: error: argument --at: 'x' is not a whole number"),
        (["--runs", "0"], "ttx whatif: error: argument --runs: '0' is not between 1 and 10000"),
        (["--runs", "2.5"], "ttx whatif: error: argument --runs: '2.5' is not a whole number"),
        (["--workers", "0"], "ttx whatif: error: argument --workers: '0' is not between 1 and"),
        (["--at", "2", "--decision", "x"], "ttx whatif: error: argument --decision: not allowed"),
        (["--runs", "10000"], "ttx: error: --runs 10000: "),
    ],
)
def test_bad_arguments_are_one_line(files, capsys, argv, said):
    try:
        code = main(["whatif", str(files["hand"]), *argv])
    except SystemExit as stop:  # argparse's own refusals
        code = int(stop.code or 0)
    assert _one_line(code, capsys.readouterr().err).startswith(said)


def test_a_session_with_no_decision_is_refused(files, capsys):
    code, _, err = ttx(capsys, "whatif", str(files["new"]))
    assert _one_line(code, err) == (
        "ttx: error: new.ttx: no team has decided anything yet: no road not taken"
    )


def test_bad_outputs_are_refused_before_any_run(files, capsys, tmp_path):
    cases = {
        str(tmp_path): "is a folder",
        str(tmp_path / "no" / "such.json"): "no such folder",
        str(files["hand"]): "is the session file",
    }
    for output, said in cases.items():
        code, _, err = ttx(capsys, "whatif", str(files["hand"]), *RUNS, "-o", output)
        assert said in _one_line(code, err)
    target = tmp_path / "never.json"
    code, _, err = ttx(capsys, "whatif", str(files["hand"]), "--decision", "x", "-o", str(target))
    assert code == 2 and not target.exists()


@pytest.mark.parametrize(
    "damage", ["empty", "text", "truncated 50%", "payload not json", "no events table", "empty log"]
)
def test_a_damaged_or_foreign_file_is_one_line_naming_it(files, capsys, tmp_path, damage):
    bad = make(files["sim"], tmp_path, damage)
    before = bad.read_bytes()
    code, _, err = ttx(capsys, "whatif", str(bad), *RUNS)
    assert bad.name in _one_line(code, err)
    assert bad.read_bytes() == before


def test_a_missing_session_is_one_line(capsys, tmp_path):
    code, _, err = ttx(capsys, "whatif", str(tmp_path / "gone.ttx"))
    assert _one_line(code, err) == f"ttx: error: {tmp_path / 'gone.ttx'}: no such session file"


def test_the_report_refuses_a_result_it_cannot_read_or_of_another_session(files, capsys, tmp_path):
    other = tmp_path / "other.json"
    assert main(["whatif", str(files["sim"]), *RUNS, "-o", str(other)]) == 0
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "ttx-whatif",\n  "version": 1,\n  "session": oops}\n')
    cut = tmp_path / "cut.json"
    text = other.read_text()
    cut.write_text(json.dumps({k: v for k, v in json.loads(text).items() if k != "decisions"}))
    capsys.readouterr()
    cases = {
        (files["hand"], other): "hand.ttx: a result for scenario 'mini' seed 3 (sim.ttx), not this",
        (files["sim"], broken): f"{broken}:3:14: not JSON: Expecting value",
        (files["sim"], cut): f'{cut}: the document: missing "decisions"',
        (files["sim"], tmp_path / "none.json"): "none.json: no such file",
    }
    for (session, result), said in cases.items():
        code, _, err = ttx(capsys, "report", str(session), "--whatif", str(result))
        assert said in _one_line(code, err)


def test_a_result_is_refused_for_a_session_whose_log_differs_where_it_was_read(
    files, capsys, tmp_path
):
    import sqlite3

    result = tmp_path / "r.json"
    assert main(["whatif", str(files["sim"]), *RUNS, "-o", str(result)]) == 0
    head = int(json.loads(result.read_text())["session"]["head"].split(":")[0])
    shorter = tmp_path / "shorter.ttx"  # the same scenario and seed, not played as far
    fresh(shorter, seed=3).close()
    rewritten = tmp_path / "rewritten.ttx"
    shutil.copy(files["sim"], rewritten)
    db = sqlite3.connect(rewritten)
    db.execute("UPDATE events SET hash = ? WHERE seq = ?", ("0" * 64, head))
    db.commit()
    db.close()
    capsys.readouterr()
    code, _, err = ttx(capsys, "report", str(shorter), "--whatif", str(result))
    assert f"read sim.ttx up to event {head}, which this session does not have" in _one_line(
        code, err
    )
    code, _, err = ttx(capsys, "report", str(rewritten), "--whatif", str(result))
    assert f"event {head} of this session is not the one the result read" in _one_line(code, err)


# -- processes: Ctrl-C and a worker lost ----------------------------------------------------------

# `ttx whatif` as a user runs it; the import registers the command before commands.py does.
LAUNCH = "import sys, exercise.cli.whatif_cmds; from exercise.cli import main; sys.exit(main())"
PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    found = []
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone while we looked
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _busy(pid: int) -> bool:
    """A tenth of a second of CPU: a worker playing spans."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return int(fields[11]) + int(fields[12]) >= os.sysconf("SC_CLK_TCK") // 10


def _wait(condition, what: str, deadline: float = 30.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A demo session: thousands of playthroughs at 100 runs per option, seconds of work."""
    path = tmp_path_factory.mktemp("demo") / "demo.ttx"
    simulate_session(scenario_world(ROOT, "demo"), 1, path).close()
    return path


def _started(demo: Path, output: Path) -> tuple[subprocess.Popen, list[int]]:
    argv = [sys.executable, "-c", LAUNCH, "whatif", str(demo), "--workers", "2", "-o", str(output)]
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        start_new_session=True,
    )
    try:
        workers = _wait(lambda: len(_children(proc.pid)) >= 2 and _children(proc.pid), "workers")
        _wait(lambda: all(_busy(w) for w in workers), "the workers to be playing")
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    return proc, workers


@pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="needs /proc")
def test_ctrl_c_while_workers_play_exits_cleanly_writes_nothing_and_leaves_no_worker(
    demo, tmp_path
):
    output = tmp_path / "roads.json"
    proc, workers = _started(demo, output)
    try:
        os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130 and out == b"" and b"Traceback" not in err, err.decode()
    assert not output.exists() and not list(tmp_path.iterdir())
    _wait(lambda: not any(_alive(w) for w in workers), "the workers to be gone", 10.0)


@pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="needs /proc")
def test_a_worker_killed_from_outside_is_one_line_and_no_result(demo, tmp_path):
    output = tmp_path / "roads.json"
    proc, workers = _started(demo, output)
    try:
        os.kill(workers[0], signal.SIGKILL)  # as the OOM killer would
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    lines = [line for line in err.decode().splitlines() if not line.startswith("whatif demo")]
    assert proc.returncode == 2 and out == b"" and not output.exists()
    assert lines == ["ttx: error: a worker process died; no result (try fewer --workers)"]
    _wait(lambda: not any(_alive(w) for w in workers), "the workers to be gone", 10.0)


def test_more_playthroughs_than_the_limit_are_refused_before_any_is_played(files, capsys, tmp_path):
    target = tmp_path / "big.json"
    code, _, err = ttx(capsys, "whatif", str(files["hand"]), "--runs", "10000", "-o", str(target))
    line = _one_line(code, err)
    assert "playthroughs for" in line and line.endswith(
        "more than the limit of 100,000; ask for fewer runs, or one decision at a time"
    )
    assert not target.exists()


def test_the_review_console_refuses_a_result_it_cannot_read_before_it_opens(
    files, capsys, tmp_path
):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "ttx-whatif",\n  "session": oops}\n')
    for result, said in ((broken, f"{broken}:2:14: not JSON"), (tmp_path / "no.json", "no such")):
        code, _, err = ttx(capsys, "review", str(files["sim"]), "--whatif", str(result))
        assert said in _one_line(code, err)
