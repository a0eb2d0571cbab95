"""A cached copy of the state beside the log, so opening a long session does not replay it.

The log stays the only truth: a snapshot is used only when the engine that made it is this very
engine (the same source files of state, events, evolve, world and content model, told apart by
size and modification time as Python tells its bytecode caches apart) and the event it was taken
after still carries the same hash; otherwise the log is replayed as before. Reading one
allows nothing but the engine's own dataclasses, so a session file from elsewhere cannot run
code through it.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import pickle
import sys
from functools import cache
from pathlib import Path

# The modules whose source decides what a state looks like and how events change it.
_SHAPING = ("engine/state.py", "engine/events.py", "engine/evolve.py", "engine/world.py",
            "content/model.py", "content/build.py")
_ALLOWED_MODULES = frozenset({"exercise.engine.state", "exercise.engine.world", "exercise.content.model"})

EVERY = 500  # events folded since the last snapshot before another is worth writing


@cache
def engine_key() -> str:
    package = Path(__file__).resolve().parent.parent
    parts = [f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    for name in _SHAPING:
        stat = (package / name).stat()
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return " ".join(parts)


class _EngineOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module in _ALLOWED_MODULES:
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a session state")


def dump(state) -> bytes:
    return pickle.dumps(state, protocol=5)


def load(blob: bytes):
    """The state in `blob`, or None when it cannot be read as one."""
    from exercise.engine.state import State

    try:
        state = _EngineOnly(io.BytesIO(blob)).load()
    except Exception:  # a damaged or foreign blob: replaying the log is always possible
        return None
    return state if isinstance(state, State) else None
