"""The log's bytes: canonical JSON, the hash chain over it, and payloads read back.

hash(n) = sha256(hash(n-1) + canonical_json({seq, at, kind, actor, payload})), GENESIS before
the first event. Every existing session file was hashed this way: the format never changes
(tests/store/test_chain.py pins it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from hashlib import sha256
from typing import Any

GENESIS = "0" * 64
_decoder = json.JSONDecoder()
_decode = _decoder.decode  # what json.loads calls
# The C scanner under decode(): canonical JSON has no whitespace to strip, so a payload that
# scans to its end is what decode() would return, in half the time; anything else goes through
# decode() itself, for its own result or its own error.
_scan: Callable[[str, int], tuple[Any, int]] = _decoder.scan_once  # type: ignore[attr-defined]
# json.dumps with these arguments builds this encoder on every call; one is enough.
_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def decode_payload(text: str) -> Any:
    """json.loads(text), through the C scanner alone when the text is canonical."""
    try:
        value, end = _scan(text, 0)
    except Exception:  # not JSON, or not text: decode() says why
        return _decode(text)
    return value if end == len(text) else _decode(text)


def canonical_json(value: Any) -> str:
    return _canonical(value)


def _quoted(text: str) -> str:
    """canonical_json of a string; plain ASCII (every kind, actor, time) skips json's machinery."""
    if (
        type(text) is str
        and text.isascii()
        and text.isprintable()
        and '"' not in text
        and "\\" not in text
    ):
        return f'"{text}"'
    return canonical_json(text)


def chain_hash(prev: str, seq: int, at: str, kind: str, actor: str, payload_json: str) -> str:
    # Equal to sha256(prev + canonical_json of the whole event), assembled without re-serialising
    # the payload. One test of the three short fields together: plain ASCII (every kind, actor and
    # time ttx writes) needs no escaping, so they go in between bare quotes.
    plain = actor + at + kind
    if plain.isascii() and plain.isprintable() and '"' not in plain and "\\" not in plain:
        text = (
            f'{prev}{{"actor":"{actor}","at":"{at}","kind":"{kind}",'
            f'"payload":{payload_json},"seq":{seq}}}'
        )
    else:
        text = (
            f'{prev}{{"actor":{_quoted(actor)},"at":{_quoted(at)},"kind":{_quoted(kind)},'
            f'"payload":{payload_json},"seq":{seq}}}'
        )
    return sha256(text.encode()).hexdigest()


class ChainCheck:
    """The chain checked one row at a time, as a caller reads the rows for its own purpose (a
    report, a replay), so that the log is read once: `see(row)` each row in order; then
    `SessionLog.verdict(check)` says what `SessionLog.verify()` would of those rows.

    After the first row that does not match, later rows are not checked (nothing after a broken
    link can be vouched for), but a caller may go on reading them.
    """

    __slots__ = ("bad", "count", "prev", "reason")

    def __init__(self) -> None:
        self.count = 0  # rows checked, the first bad one included
        self.bad: int | None = None
        self.reason = ""
        self.prev = GENESIS  # the hash of the last good row

    def see(self, row: tuple[int, str, str, str, str, str]) -> bool:
        """Check the next row (a Row, or the same six columns as a plain tuple); False from the
        first row that does not match on."""
        if self.bad is not None:
            return False
        self.count = expected = self.count + 1
        seq, at, kind, actor, payload, digest = row
        if seq != expected:
            self.bad, self.reason = seq, f"sequence jumps from {expected - 1} to {seq}"
            return False
        try:
            linked = chain_hash(self.prev, seq, at, kind, actor, payload) == digest
        except TypeError:  # a field that is not text (a blob written by hand): no ttx wrote it
            linked = False
        if not linked:
            self.bad, self.reason = seq, "hash does not match its content and the chain before it"
            return False
        self.prev = digest
        return True
