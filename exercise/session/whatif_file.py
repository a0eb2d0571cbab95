"""A whatif result as a JSON file: written with what is derived from it (each decision's largest
difference and its sentence), read back with the derived parts recomputed, and checked against
the session it is said to be of before a report shows it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from exercise.session.whatif_measure import beyond_chance, chance, largest, sentence
from exercise.session.whatif_types import Malformed, WhatIf, from_json, to_json


class WhatIfFileError(ValueError):
    """A result file that cannot be read or is not of this session: the message names it."""


def document(result: WhatIf) -> dict[str, Any]:
    """The JSON document of a result: its data, each decision followed by its largest difference
    against the team's choice, whether chance alone could give it, and the sentence."""
    doc = to_json(result)
    doc["chance"] = round(chance(result.runs, result.runs), 4)
    for d, out in zip(result.decisions, doc["decisions"], strict=True):
        diff = largest(result, d)
        out["difference"] = to_json(diff) if diff else None
        out["beyond_chance"] = beyond_chance(d, diff)
        out["sentence"] = sentence(result, d, diff)
    return doc


def dumps(result: WhatIf) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"


def read_whatif(path: Path | str) -> WhatIf:
    """The result in the file at `path`; WhatIfFileError naming the file (and the line and column,
    or the part of the document) when it cannot be read as one."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WhatIfFileError(f"{path}: no such file (write one with 'ttx whatif -o')") from None
    except IsADirectoryError:
        raise WhatIfFileError(f"{path}: is a folder, not a whatif result") from None
    except UnicodeDecodeError:
        raise WhatIfFileError(f"{path}: not a text file, not a whatif result") from None
    except OSError as exc:
        raise WhatIfFileError(f"{path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WhatIfFileError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except RecursionError:
        raise WhatIfFileError(f"{path}: nested too deeply to be a whatif result") from None
    try:
        return from_json(data)
    except Malformed as exc:
        raise WhatIfFileError(f"{path}: {exc}") from None


def check_belongs(
    result: WhatIf, scenario: str, seed: int, hash_at: Callable[[int], str | None], name: str
) -> None:
    """Refuse a result that is not of this session: another scenario or seed, or a log whose
    event at the result's head is not the one it read. `hash_at(seq)`: the session's hash of
    event seq, or None when it has no such event."""
    ref = result.session
    if ref.scenario != scenario or ref.seed != seed:
        raise WhatIfFileError(
            f"{name}: a result for scenario {ref.scenario!r} seed {ref.seed} ({ref.file}), "
            f"not this session (scenario {scenario!r} seed {seed})"
        )
    seq_text, _, digest = ref.head.partition(":")
    seq = int(seq_text) if seq_text.isdigit() else -1
    found = hash_at(seq) if seq > 0 else None
    if found is None:
        raise WhatIfFileError(
            f"{name}: read {ref.file} up to event {seq_text}, which this session does not have"
        )
    if found != digest:
        raise WhatIfFileError(
            f"{name}: event {seq} of this session is not the one the result read from {ref.file}: "
            "another session, or the log was rewritten"
        )
