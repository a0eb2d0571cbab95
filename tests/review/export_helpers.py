"""Sessions for the export and cohort tests: bot playthroughs (`ttx simulate`) and one played
through the same commands the facilitator's and the teams' consoles send, with text that a
spreadsheet would run as a formula, messages and their readings, a voided ruling and a
withdrawn release."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from exercise.engine import commands as cmd
from exercise.engine.autoplay import play_all
from exercise.session import Session
from exercise.session.simulate import VirtualClock
from tests.review.helpers import TRICKY, mini_world, simulated

FORMULA = '=HYPERLINK("http://evil.example","click")'
PLUS = "+1 (the Kremlin's line) & <b>no</b> retreat"
AT_SIGN = "@SUM(A1:A9)"
MINUS = "-2 on cohesion, said Tehran"


def console_played(path: Path, seed: int = 5) -> Session:
    """A session played through the commands the consoles send: teams joining with their codes,
    reading, deciding, amending, withdrawing and deciding again, a free action, observations,
    messages and their readings, a matrix ruling, a ruling voided, a release withdrawn, a role
    handed to a bot; then played to its end by the bots. Players' text includes what a
    spreadsheet would run as a formula."""
    world = mini_world()
    roles = world["scenario"]["roles"]
    modes = {"moscow": "team", "tehran": "facilitator", "damascus": "bot", "jerusalem": "team"}
    s = Session.create(
        path,
        world,
        seed=seed,
        participants=tuple((r, modes[r]) for r in roles),
        codes=tuple((r, f"CODE{i}") for i, r in enumerate(roles)),
        clock=VirtualClock(),
    )
    run = s.execute
    run(cmd.JoinTeam("moscow", "CODE0", client="laptop-1"))
    run(cmd.JoinTeam("jerusalem", "CODE3", client="tablet"))
    run(cmd.MarkRead("moscow", "t1-news"))
    run(cmd.MarkRead("moscow", "t1-moscow"))
    run(cmd.MarkRead("moscow", "t1-moscow"))  # opened again: the log keeps the first reading
    run(cmd.SubmitDecision("moscow", "t1-moscow", "coop", rationale=TRICKY, author="alice"))
    run(cmd.AmendDecision("moscow", "t1-moscow", "push", rationale=FORMULA, author="alice"))
    run(cmd.SubmitDecision("tehran", "t1-tehran", "push", rationale="first thought"))
    run(cmd.WithdrawDecision("tehran", "t1-tehran"))
    run(cmd.SubmitDecision("tehran", "t1-tehran", "coop", rationale=MINUS))
    run(cmd.SubmitDecision("jerusalem", None, text=AT_SIGN, rationale=PLUS, author="dana"))
    run(cmd.SendMessage("control", "moscow", FORMULA, author="white cell"))
    run(cmd.SendMessage("moscow", "control", PLUS, author="alice"))
    run(cmd.ReadMessage("m1", "moscow"))
    run(cmd.ReadMessage("m2", "control"))
    run(cmd.AddObservation("Moscow signalled early", role="moscow", kind="strength"))
    run(cmd.AddObservation(AT_SIGN, role="moscow"))
    run(cmd.AddObservation(MINUS))
    run(
        cmd.Adjudicate(
            ("moscow:t1-moscow",),
            "Moscow's push lands",
            deltas=(("cohesion", -2),),
            method="matrix",
            reason="contested: a roll decides",
            pros=("air power", "timing"),
            cons=("Tehran's militias",),
            target=8,
            fail_deltas=(("escalation", 1),),
        )
    )
    run(cmd.Adjudicate((), "A ruling to take back", (("cohesion", 1),)))
    run(cmd.VoidRuling("r2", "wrong card", author="ana"))
    run(cmd.ReleaseInject("manual-1"))
    run(cmd.WithdrawRelease("manual-1", author="ana"))
    run(cmd.SetParticipant("tehran", "bot"))
    play_all(s)
    return s


def bot_sessions(folder: Path, seeds: list[int]) -> list[Path]:
    paths = []
    for seed in seeds:
        path = folder / f"sim-{seed}.ttx"
        simulated(path, seed=seed).close()
        paths.append(path)
    return paths


def read_csv_folder(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = {}
    for f in sorted(folder.glob("*.csv")):
        raw = f.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel's "CSV UTF-8"
        out[f.stem] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return out


def read_csv_zip(path: Path) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(path) as z:
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(z.read(name).decode("utf-8-sig"), newline=""))
            )
            for name in z.namelist()
        }


def read_jsonl(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n")
    for line in text.splitlines():  # (splitlines also cuts at U+2028 and U+0085: none are raw)
        row = json.loads(line)
        out.setdefault(row.pop("table"), []).append(row)
    return out


def read_xlsx(path: Path) -> dict[str, list[dict]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        head = rows[0]
        out[sheet.title] = [dict(zip(head, r, strict=True)) for r in rows[1:]]
    return out
