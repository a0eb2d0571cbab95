"""Counterfactual replay: a new session holding the first events of another, copied exactly.

The copy keeps every event's seq, time, kind, actor, payload and hash, so its chain verifies on
its own, and it is an ordinary session: open it and play on from there.
"""

from __future__ import annotations

import json
from pathlib import Path

from exercise.session.service import Session
from exercise.store import SessionLog, canonical_json
from exercise.store.atomic import staged_session

FORKED_FROM = "forked_from"


class ForkError(ValueError):
    """The fork cannot be made as asked (nothing was written)."""


def fork_session(source: Session, at: int, target: Path | str) -> Session:
    """Copy events 1..at of `source` into a new session file `target` and open it.

    The file appears only once complete (store.atomic.staged_session): a kill or a full disk
    leaves no half fork behind. OSError (WriteFailed) when it cannot be written.
    """
    last = source.log.max_seq()
    if not 1 <= at <= last:
        raise ForkError(f"--at {at}: out of range; {source.path.name} has events 1 to {last}")
    target = Path(target)
    if target.exists():
        raise ForkError(f"{target}: already exists; choose another --session file")
    if not target.parent.is_dir():
        raise ForkError(f"{target.parent}: no such folder")
    rows = list(source.rows(upto=at))  # read first: an error while writing is then the new file's
    with staged_session(target) as temp:
        log = SessionLog(temp, create=True)
        try:
            tail = log.copy_rows(rows)
            if tail is None:  # rows holds events 1..at, at >= 1
                raise ValueError("nothing to fork")
            log.set_meta(
                FORKED_FROM,
                canonical_json(
                    {
                        "file": str(source.path),
                        "seq": at,
                        "hash": tail.hash,
                        "events": last,
                    }
                ),
            )
        except ValueError as exc:
            raise ForkError(f"{source.path.name}: {exc}; run 'ttx verify'") from None
        finally:
            log.close()
    return Session.open(target)


def forked_from(session: Session) -> dict | None:
    """{file, seq, hash, events} of the session this one was forked from, or None."""
    text = session.meta(FORKED_FROM)
    return json.loads(text) if text else None
