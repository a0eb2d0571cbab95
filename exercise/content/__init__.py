"""Content: load and validate roles, injects, scenarios and the bibliography.

Loading needs PyYAML; the model and builders do not, so the pure engine can use them without
pulling in YAML. Hence the lazy attributes below.
"""

from __future__ import annotations

_LAZY = {
    "ContentProblems": "exercise.content.library",
    "load": "exercise.content.library",
    "load_library": "exercise.content.library",
    "scenario_world": "exercise.content.library",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)


__all__ = list(_LAZY)
