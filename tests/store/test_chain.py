"""The chain's format, pinned, and the fast paths that read it: hashing assembles the canonical
bytes of each event once, without json; decoding takes json's C scanner when the text is plain;
verify reads rows and head from one moment of the file."""

from __future__ import annotations

import json
import sqlite3
from hashlib import sha256
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercise.cli import main
from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.store import SessionLog, canonical_json
from exercise.store.chain import GENESIS, ChainCheck, chain_hash
from exercise.store.log import Row

# Hashes written by the code before the chain was hashed without json (and before any later
# change): existing session files verify only while these stay what they are.
GOLDEN = [
    (
        (1, "2026-01-01T00:00:00.000Z", "SessionStarted", "control"),
        {"seed": 1, "roles": ["moscow", "tehran"]},
        "e73e45d9d64514cf073355e3ccebd8fa7d7b814ed6a494961f383525130faa67",
    ),
    (
        (2, "2026-01-01T00:00:01.250Z", "ObservationAdded", "facilitator"),
        {"text": "Тегеран — “quoted” \\ back\nslash\t", "turn": 1},
        "353d41224f341e254f569581c5f1559acc611aef1e784e216109219ce95d1126",
    ),
    (
        (3, "2026-01-01T00:00:02.000Z", "InjectRead", "moscow"),
        {"role": "moscow", "inject_id": "t1-moscow", "at": 2.0},
        "5ded521611b9e73813ea73da7ba505da7afe64eb2eb04add172252cb9c277c8d",
    ),
    (
        (4, "2026-01-01T00:00:03.000Z", 'Odd"Kind', "équipe\u0007"),
        {"x": [1, 2.5, None, True]},
        "a15b13623ca848d144cca60069244f5a3c38d4986479d6e5036b92c79cd83859",
    ),
]


def test_the_chain_format_is_the_one_existing_files_were_written_in():
    prev = GENESIS
    for (seq, at, kind, actor), payload, digest in GOLDEN:
        prev = chain_hash(prev, seq, at, kind, actor, canonical_json(payload))
        assert prev == digest, f"event {seq}"


def _by_json(prev: str, seq: int, at: str, kind: str, actor: str, payload: object) -> str:
    event = {"seq": seq, "at": at, "kind": kind, "actor": actor, "payload": payload}
    return sha256((prev + canonical_json(event)).encode("utf-8")).hexdigest()


@given(st.text(), st.text(), st.text(), st.integers(min_value=1), st.text())
def test_the_hash_is_sha256_of_the_canonical_json_of_the_event(at, kind, actor, seq, note):
    payload = {"text": note, "n": seq}
    want = _by_json(GENESIS, seq, at, kind, actor, payload)
    assert chain_hash(GENESIS, seq, at, kind, actor, canonical_json(payload)) == want


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=20,
    ),
    st.sampled_from(["", " ", "\n", " \t"]),
    st.sampled_from(["", " ", "\n"]),
)
def test_a_payload_reads_as_json_loads_reads_it(value, before, after):
    text = before + canonical_json(value) + after
    assert Row(1, "", "", "", text, "").data() == json.loads(text)


@pytest.mark.parametrize("text", ["{not json", '{"a":1} junk', "", '{"a":1}{"b":2}', "[1,"])
def test_a_payload_that_is_not_json_fails_as_json_loads_fails(text):
    with pytest.raises(json.JSONDecodeError) as ours:
        Row(1, "", "", "", text, "").data()
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(text)
    assert str(ours.value) == str(theirs.value)


def test_the_check_names_the_first_row_that_does_not_match():
    check = ChainCheck()
    prev = GENESIS
    rows = []
    for (seq, at, kind, actor), payload, _ in GOLDEN:
        text = canonical_json(payload)
        prev = chain_hash(prev, seq, at, kind, actor, text)
        rows.append((seq, at, kind, actor, text, prev))
    rows[2] = (*rows[2][:4], rows[2][4].replace("moscow", "tehran"), rows[2][5])
    assert [check.see(r) for r in rows] == [True, True, False, False]
    assert (check.count, check.bad, check.prev) == (3, 3, rows[1][5])
    assert check.reason.startswith("hash does not match")


@pytest.fixture
def path(tmp_path: Path, mini_world: dict) -> Path:
    p = tmp_path / "s.ttx"
    with Session.create(p, mini_world, seed=3) as s:
        for n in range(4):
            s.execute(cmd.AddObservation(f"note {n}"))
    return p


def test_a_field_that_is_not_text_is_a_broken_link_not_a_crash(path, capsys):
    """A blob where the actor was (written by hand): verify names the event, exit 1."""
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET actor = X'00ff' WHERE seq = 3")
    db.commit()
    db.close()
    assert main(["verify", str(path)]) == 1
    assert "event 3" in capsys.readouterr().err
    with SessionLog(path, readonly=True) as log:
        assert log.verify()[1:] == (3, "hash does not match its content and the chain before it")


def test_rows_and_head_are_read_from_one_moment(path):
    """A console appending while verify reads is not a cut or an added tail: the head verify
    checks is the one of the rows it read, whatever was committed meanwhile."""
    with SessionLog(path) as reader, SessionLog(path) as writer:
        last = reader.max_seq()
        appended = []

        def append_midway(row: Row) -> None:
            if row.seq == last:  # the reader has read every row; now a console appends
                appended.append(writer.append("ObservationAdded", "facilitator", {}, "x"))

        assert reader.verify(append_midway) == (last, None, "")
        assert appended and writer.max_seq() == last + 1
        assert reader.verify() == (last + 1, None, "")  # the next one reads the file as it is now
