"""The facilitator console's start cache: the state a replay reached, kept as plain JSON.

A console resuming a session starts from the state its last run kept and folds only the events
appended since, instead of replaying the whole log (bench/console.py measures the difference).
The log stays the only truth:
- the cache lives in the user's own state folder, never in or beside the session file, so a
  copied, archived or mailed session carries none and `ttx verify` neither reads nor writes it;
- it is used only if the event it names is in the log with the hash it recorded (the chain
  hashes everything before it), and every field decodes to the exact type a fold produces;
- any doubt (another version, a damaged or foreign file, a log rewritten or cut) means replay.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exercise.engine.state import State
    from exercise.store import SessionLog

FORMAT = "ttx-start-cache/1"
MAX_BYTES = 64 << 20  # far above any session's state; a bigger file is not one we wrote


def state_folder() -> Path:
    """This user's folder of ttx's own bookkeeping (recent sessions, start caches)."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(base) / "ttx"


def folder() -> Path:
    return state_folder() / "start"


def cache_path(session: Path) -> Path:
    full = str(session.resolve())
    # A short, stable name; the full path is inside and checked, so a clash only costs a replay.
    return folder() / f"{zlib.crc32(full.encode()):08x}-{session.name[:60]}.json"


def _private(path: Path, kind: int) -> bool:
    """This user's and writable by nobody else: a cache others could edit is not trusted."""
    try:
        info = path.stat()
    except OSError:
        return False
    return (
        stat.S_IFMT(info.st_mode) == kind
        and info.st_uid == os.geteuid()
        and not info.st_mode & 0o022
        and info.st_size <= MAX_BYTES
    )


def load(log: SessionLog) -> State | None:
    """The kept state, if it is this log's own at some event; None means replay from the start."""
    from exercise.engine.state_json import from_json

    path = cache_path(log.path)
    if not (_private(path, stat.S_IFREG) and _private(path.parent, stat.S_IFDIR)):
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if (data["format"], data["session"]) != (FORMAT, str(log.path.resolve())):
            return None
        seq, digest = data["seq"], data["hash"]
        if type(seq) is not int or seq < 1 or log.hash_at(seq) != digest:
            return None
        state = from_json(data["state"])
    except Exception:  # of any kind: the cache is only ever a shortcut
        return None
    return state if state.seq == seq else None


def save(log: SessionLog, state: State) -> bool:
    """Keep `state` for the next start (best effort: a console never fails for its cache)."""
    from exercise.engine.state_json import to_json
    from exercise.store.atomic import write_atomic

    digest = log.hash_at(state.seq) if state.started else None
    if digest is None:
        return False
    text = json.dumps(
        {
            "format": FORMAT,
            "session": str(log.path.resolve()),
            "seq": state.seq,
            "hash": digest,
            "state": to_json(state),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    path = cache_path(log.path)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)  # it holds the join codes: this user's alone
        write_atomic(path, text)
        os.chmod(path, 0o600)
    except OSError:
        return False
    return True
