import json
import sqlite3

from exercise.cli import main
from tests.conftest import MINI


def rows(path):
    return (
        sqlite3.connect(path)
        .execute("SELECT seq, at, kind, actor, payload, hash FROM events")
        .fetchall()
    )


def test_same_seed_same_log(tmp_path):
    a, b, c = tmp_path / "a.ttx", tmp_path / "b.ttx", tmp_path / "c.ttx"
    for p, seed in ((a, 9), (b, 9), (c, 10)):
        assert (
            main(
                ["simulate", "mini", "--root", str(MINI), "--seed", str(seed), "--session", str(p)]
            )
            == 0
        )
    assert rows(a) == rows(b)
    assert rows(a) != rows(c)
    assert main(["verify", str(a)]) == 0


def test_report_json(tmp_path, capsys):
    p = tmp_path / "a.ttx"
    main(["simulate", "mini", "--root", str(MINI), "--seed", "4", "--session", str(p)])
    capsys.readouterr()
    assert main(["report", str(p), "--format", "json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["scenario"] == "mini" and r["seed"] == 4 and r["verified"] is True
    assert r["events"] == len(rows(p))
    assert [t["turn"] for t in r["turns"]] == list(range(1, len(r["turns"]) + 1))
    first = r["turns"][0]
    assert {i["id"] for i in first["injects"]} >= {"t1-news", "t1-moscow", "t1-tehran", "t1-pair"}
    assert all({"role", "inject", "option", "text"} <= set(d) for d in first["decisions"])
    assert first["rulings"] and set(first["indicators"]) == {"cohesion", "escalation"}
    assert r["final_indicators"] == r["turns"][-1]["indicators"]


def test_many_runs_json(capsys):
    assert main(["simulate", "mini", "--root", str(MINI), "--runs", "50", "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    fired = {i["id"]: i["share"] for i in s["injects"]}
    assert fired["t1-news"] == 1.0 and fired["manual-1"] == 0.0
    # bots now play their scorecards: neither partner pushes cohesion down to the rupture
    assert s["never_fired"] == [i for i, share in fired.items() if share == 0 and i != "manual-1"]
    assert set(s["indicators"]) == {"cohesion", "escalation"}
    assert {e["id"] for e in s["end_conditions"]} == {"war", "held"}


def test_simulate_bad_input(tmp_path, capsys):
    assert main(["simulate", "nope", "--root", str(MINI)]) == 2
    existing = tmp_path / "x.ttx"
    existing.write_text("")
    assert main(["simulate", "mini", "--root", str(MINI), "--session", str(existing)]) == 2
    assert main(["simulate", "mini", "--root", str(MINI), "--runs", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(e.startswith("ttx: error:") for e in err)
