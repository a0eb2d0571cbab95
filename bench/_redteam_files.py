"""Red-team families on files: damaged session files, tampered logs, hostile YAML content."""

from __future__ import annotations

if __name__ == "__main__":  # `make bench` runs every bench/*.py; this is a part of bench/redteam.py
    raise SystemExit(0)

import hashlib
import json
import random
import re
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench._redteam_common import MINI, Ctx, Result, verify
from bench._redteam_procs import Outcome, run, ttx
from tests.trust.damage import COMMANDS, CONSOLES, DAMAGES, READABLE, make

# -- 3. damaged files -------------------------------------------------------------------------
DAMAGE_COLUMNS = (
    "traceback",
    "hang",
    "stderr > 1 line",
    "exit not 0/1/2",
    "file bytes changed",
    "accepted unreadable file",
    "line does not name file",
)


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "-"


def _judge(damage: str, command: str, bad: Path, out: Outcome, changed: bool) -> list[str]:
    """The failure columns one (damage, command) run falls in."""
    console = command in CONSOLES
    lines = out.stderr.strip().splitlines()
    found = []
    if "Traceback" in out.stderr or "Traceback" in out.stdout:
        found.append("traceback")
    if out.hung:
        if not console or damage not in READABLE:
            found.append("hang")
    elif not (console and damage in READABLE):  # a console that ran paints the screen on stderr
        if len(lines) > 1:
            found.append("stderr > 1 line")
        if out.rc not in (0, 1, 2):
            found.append("exit not 0/1/2")
        if out.rc in (1, 2) and len(lines) == 1 and bad.name not in lines[0]:
            found.append("line does not name file")
    opened = out.hung or out.rc == 0
    # A file that still reads as a session may be written by what opens it: a console marks
    # itself open, `ttx codes` issues a facilitator code to an older session. verify still
    # names the damage.
    if changed and not (damage in READABLE and opened and (console or command == "codes")):
        found.append("file bytes changed")
    missed = (
        out.rc not in (1, 2)
        if command == "verify"
        else damage not in READABLE and opened and command not in ("backup", "compare")
    )
    if missed:
        found.append("accepted unreadable file")
    return found


def _one_damage_run(good: Path, folder: Path, damage: str, command: str, console_timeout: float):
    folder.mkdir()  # not parents=True: an interrupted run must not recreate its removed folder
    bad = make(good, folder, damage)
    before = _digest(bad)
    out = ttx(
        *COMMANDS[command](str(bad), folder),
        timeout=console_timeout if command in CONSOLES else 20,
        cwd=folder,
    )
    return damage, command, bad, out, _digest(bad) != before


def damaged(ctx: Ctx) -> Result:
    res = Result("damaged files")
    res.columns(*DAMAGE_COLUMNS)
    good = ctx.tmp / "good.ttx"
    made = ttx("simulate", "demo", "--seed", "2", "--session", str(good), timeout=120)
    if made.rc != 0:
        res.fail("traceback", f"could not make the good file: `{made.command()}` -> {made.shown()}")
        return res
    jobs = [(d, c) for d in sorted(DAMAGES) for c in COMMANDS]
    console_timeout = 6.0 if ctx.quick else 10.0
    slowest = 0.0
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(
            lambda j: _one_damage_run(good, ctx.tmp / f"d{jobs.index(j):03d}", *j, console_timeout),
            jobs,
        )
        for damage, command, bad, out, changed in runs:
            res.tried += 1
            if not (out.hung and command in CONSOLES):
                slowest = max(slowest, out.seconds)
            for column in _judge(damage, command, bad, out, changed):
                res.fail(
                    column,
                    f"damage {damage!r} (tests/trust/damage.py make(good, DIR, {damage!r})), "
                    f"`{out.command()}` -> {out.shown(300)}"
                    + (" (file bytes changed)" if changed else ""),
                )
    res.figures.append(
        f"{len(DAMAGES)} damages x {len(COMMANDS)} commands = {res.tried} runs; slowest finished "
        f"run {slowest:.1f} s; consoles allowed {console_timeout:.0f} s on files that still read"
    )
    return res


# -- 4. tampering -----------------------------------------------------------------------------
NOTE = """import sys
from exercise.engine import commands as cmd
from exercise.session import Session
with Session.open(sys.argv[1]) as s:
    s.execute(cmd.AddObservation(sys.argv[2], author="white"))
"""


def _finished(path: Path, seed: int, note: str) -> Outcome:
    """`ttx simulate demo`, one note, and `ttx codes` (which issues the facilitator's code)."""
    import sys

    made = ttx("simulate", "demo", "--seed", str(seed), "--session", str(path), timeout=120)
    if made.rc != 0:
        return made
    noted = run([sys.executable, "-c", NOTE, str(path), note], timeout=60)
    return noted if noted.rc != 0 else ttx("codes", str(path))


def _sql(*statements: str, params: tuple = ()):
    def tamper(p: Path) -> None:
        db = sqlite3.connect(p)
        for s in statements:
            db.execute(s, params if "?" in s else ())
        db.commit()
        db.close()

    return tamper


def _rows(db: sqlite3.Connection) -> list[tuple]:
    return db.execute(
        "SELECT seq, at, kind, actor, payload, hash FROM events ORDER BY seq"
    ).fetchall()


def _flip_payload_byte(p: Path) -> None:
    db = sqlite3.connect(p)
    seq, payload = db.execute(
        "SELECT seq, payload FROM events WHERE payload LIKE '%\"text\"%' LIMIT 1"
    ).fetchone()
    i = payload.index('"text":"') + len('"text":"')
    db.execute(
        "UPDATE events SET payload=? WHERE seq=?",
        (payload[:i] + chr(ord(payload[i]) ^ 1) + payload[i + 1 :], seq),
    )
    db.commit()
    db.close()


def _delete_last(n: int, fix_head: bool):
    def tamper(p: Path) -> None:
        db = sqlite3.connect(p)
        last = db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
        db.execute("DELETE FROM events WHERE seq > ?", (last - n,))
        if fix_head:
            db.execute(
                "UPDATE head SET seq=seq-?, hash=(SELECT hash FROM events WHERE seq=?)",
                (n, last - n),
            )
        db.commit()
        db.close()

    return tamper


def _append_chained(fix_head: bool):
    def tamper(p: Path) -> None:
        from exercise.store.log import canonical_json, chain_hash

        db = sqlite3.connect(p)
        seq, at, _kind, _actor, payload, prev = _rows(db)[-1]
        note = db.execute(
            "SELECT payload FROM events WHERE kind='ObservationAdded' LIMIT 1"
        ).fetchone()[0]
        body = canonical_json({**json.loads(note), "text": "Tehran agreed to everything (forged)"})
        digest = chain_hash(prev, seq + 1, at, "ObservationAdded", "white", body)
        db.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
            (seq + 1, at, "ObservationAdded", "white", body, digest),
        )
        if fix_head:
            db.execute("UPDATE head SET seq=?, hash=?", (seq + 1, digest))
        db.commit()
        db.close()

    return tamper


def _rechain():
    """Edit the first note and recompute every hash after it, head included: the chain holds."""

    def tamper(p: Path) -> None:
        from exercise.store.log import GENESIS, chain_hash

        db = sqlite3.connect(p)
        prev, edited = GENESIS, False
        for seq, at, kind, actor, payload, _ in _rows(db):
            if not edited and '"text":"' in payload:
                payload, edited = payload.replace('"text":"', '"text":"(edited) ', 1), True
            prev = chain_hash(prev, seq, at, kind, actor, payload)
            db.execute("UPDATE events SET payload=?, hash=? WHERE seq=?", (payload, prev, seq))
        db.execute("UPDATE head SET seq=(SELECT MAX(seq) FROM events), hash=?", (prev,))
        db.commit()
        db.close()

    return tamper


def _swap(a: int, b: int):
    def tamper(p: Path) -> None:
        db = sqlite3.connect(p)
        ra, rb = (
            db.execute(
                "SELECT at, kind, actor, payload, hash FROM events WHERE seq=?", (s,)
            ).fetchone()
            for s in (a, b)
        )
        for seq, r in ((a, rb), (b, ra)):
            db.execute(
                "UPDATE events SET at=?, kind=?, actor=?, payload=?, hash=? WHERE seq=?", (*r, seq)
            )
        db.commit()
        db.close()

    return tamper


def _rewrite_with_ttx(ctx: Ctx):
    def tamper(p: Path) -> None:
        other = ctx.tmp / "rewrite" / "other.ttx"
        other.parent.mkdir(exist_ok=True)
        made = _finished(other, 3, "a different note")
        if made.rc != 0:
            raise RuntimeError(made.shown())
        shutil.copy(other, p)

    return tamper


def _tampers(ctx: Ctx) -> dict:
    return {
        "one payload byte changed": _flip_payload_byte,
        "last event deleted": _delete_last(1, False),
        "last 3 events deleted": _delete_last(3, False),
        "last event deleted, head fixed up": _delete_last(1, True),
        "last 3 deleted, head fixed up": _delete_last(3, True),
        "rewritten whole by ttx (one different note)": _rewrite_with_ttx(ctx),
        "well-chained event appended by hand": _append_chained(False),
        "two events reordered": _swap(5, 6),
        "head row dropped": _sql("DELETE FROM head"),
        "a note edited, chain and head recomputed": _rechain(),
    }


def tampering(ctx: Ctx) -> Result:
    res = Result("tampering")
    res.columns("undetected", "untouched copy refused")
    original = ctx.tmp / "finished.ttx"
    made = _finished(original, 3, "the white cell's note")
    codes = ttx("codes", str(original))
    receipt = (
        codes.stdout.strip().splitlines()[-1].split()[1]
        if codes.rc == 0 and codes.stdout.strip()
        else ""
    )
    if made.rc != 0 or not receipt.count(":"):
        res.fail(
            "untouched copy refused",
            f"setup failed: {made.shown()} / `{codes.command()}` -> {codes.shown()}",
        )
        return res
    cases = {"untouched copy (control)": lambda p: None, **_tampers(ctx)}
    caught = []
    for name, tamper in cases.items():
        copy = ctx.tmp / f"t{len(caught):02d}.ttx"
        shutil.copy(original, copy)  # the original was closed by ttx: its WAL is empty
        tamper(copy)
        plain, held = verify(copy), verify(copy, "--head", receipt)
        if name.startswith("untouched"):
            if plain.rc != 0 or held.rc != 0:
                res.fail(
                    "untouched copy refused",
                    f"`{plain.command()}` -> {plain.shown()}; `{held.command()}` -> {held.shown()}",
                )
            continue
        res.tried += 1
        by = [w for w, o in (("verify", plain), ("--head", held)) if o.rc != 0]
        caught.append(f"{name}: {'+'.join(by) or 'UNDETECTED'}")
        if not by:
            res.fail(
                "undetected",
                f"{name}: `{plain.command()}` -> {plain.shown()}; "
                f"`{held.command()}` -> {held.shown()}",
            )
    res.figures.append(f"receipt {receipt[:20]}… from `ttx codes`; caught by: " + "; ".join(caught))
    limit = ctx.tmp / "limit.ttx"
    shutil.copy(original, limit)
    _append_chained(True)(limit)
    both = verify(limit).rc == 0 and verify(limit, "--head", receipt).rc == 0
    res.figures.append(
        "not counted (a receipt proves a prefix, not the end): a well-chained event appended with "
        f"the head fixed up {'passes both checks' if both else 'is caught'}"
    )
    return res


# -- 5. hostile YAML --------------------------------------------------------------------------
TARGET = Path("injects") / "t1-news.yaml"
HEAD = "kind: inject\nid: t1-news\n"


def _alias_bomb() -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return HEAD + "\n".join(lines) + "\n"


def _hostile(original: str, pwned: Path) -> dict[str, bytes | str]:
    deep = 50_000
    return {
        "alias bomb": _alias_bomb(),
        "50,000-deep list": HEAD + "v: " + "[" * deep + "]" * deep + "\n",
        "50,000-deep mapping": HEAD + "v: " + "{a: " * deep + "1" + "}" * deep + "\n",
        "100,000-digit integer": HEAD + "title: 1\nv: " + "9" * 100_000 + "\n",
        "NUL byte": HEAD + "title: a\x00b\n",
        "raw control character": HEAD + "title: bell\x07 and escape\x1b[31m\n",
        "escaped control character": HEAD + 'title: "bell\\a and nul\\0"\n',
        "invalid UTF-8": HEAD.encode() + b"title: caf\xe9\n",
        "binary blob": b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4000),
        "unclosed quote": original.replace('date: "2015-09"', 'date: "2015-09'),
        "tabs for indentation": original.replace(
            "\n  - id: coop\n    label:", "\n\t- id: coop\n\t  label:"
        ),
        "5 MB string": original.replace(
            "body: |\n  A body", "body: |\n  " + "x" * 5_000_000 + "\n  A body"
        ),
        "duplicate keys": original + "title: A second title\n",
        "!!python/object tag": original.replace(
            "title: Test inject t1-news",
            f"title: !!python/object/apply:os.system ['touch {pwned}']",
        ),
    }


# Large but well-formed: under the 8 MB cap on a content file, so it is content like any other;
# what matters is that it is read (or refused) quickly and cleanly.
MAY_PASS = {"5 MB string"}


def _yaml_failures(out: Outcome, target: Path, name: str = "") -> list[str]:
    text = out.stdout + out.stderr
    found = []
    if "Traceback" in text:
        found.append("traceback")
    if out.hung:
        return found + ["hang > 10 s"]
    if out.rc is not None and out.rc < 0:
        found.append("segfault/signal")
    if out.rc != 2 and not (name in MAY_PASS and out.rc == 0):
        found.append("exit not 2")
    if out.rc != 0 and not re.search(rf"{re.escape(target.name)}:\d+:\d+:", text):
        found.append("no file:line:col")  # (a run that succeeded has no message to judge)
    return found


def hostile_yaml(ctx: Ctx) -> Result:
    res = Result("hostile YAML")
    res.columns(
        "traceback",
        "segfault/signal",
        "hang > 10 s",
        "exit not 2",
        "no file:line:col",
        "tag executed",
    )
    original = (MINI / TARGET).read_text()
    pwned = ctx.tmp / "pwned"
    slowest = 0.0
    seen = []
    for i, (name, content) in enumerate(_hostile(original, pwned).items()):
        root = ctx.tmp / f"root{i:02d}"
        shutil.copytree(MINI, root)
        target = root / TARGET
        target.write_bytes(content.encode() if isinstance(content, str) else content)
        for argv in (
            ["validate", "--root", str(root)],
            ["simulate", "mini", "--root", str(root), "--runs", "2"],
        ):
            out = ttx(*argv, timeout=10, cwd=ctx.tmp)
            res.tried += 1
            first = next(
                (ln for ln in (out.stdout + out.stderr).splitlines() if "t1-news.yaml:" in ln), ""
            )
            seen.append(
                f"{name} / {argv[0]}: exit {out.rc}, {out.seconds:.1f} s, "
                f"{first.split('t1-news.yaml:', 1)[-1][:90] if first else '(no t1-news.yaml line)'}"
            )
            slowest = max(slowest, out.seconds)
            for column in _yaml_failures(out, target, name):
                res.fail(
                    column,
                    f"{name} (in {TARGET} of a copy of tests/fixtures/mini): `{out.command()}` -> "
                    f"{out.shown(300)}",
                )
        if pwned.exists():
            res.fail("tag executed", f"{name}: {pwned} was created")
            pwned.unlink()
        shutil.rmtree(root)
    res.figures += seen
    res.figures.append(
        f"{res.tried // 2} hostile files x 2 commands = {res.tried} runs; slowest {slowest:.1f} s "
        f"(limit 10 s)"
    )
    return res
