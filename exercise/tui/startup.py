"""Start-up of a console: its first frame comes before the cyclic garbage collector runs.

Starting Textual and a session allocates a few hundred thousand objects and frees almost none,
so collections during start-up only re-scan live objects. The command line holds the collector
from its first line; the console releases it once the session is on screen, first moving every
object alive by then (modules, classes, the loaded state) out of the collector's way for good.
Importing this module loads nothing else. Kept because it pays: on 2026-12-01, bench/console.py
beside a copy without it gave 630 ms against 719 ms to the first frame (2,000 events).
"""

from __future__ import annotations

import gc

_held = False


def hold_collector() -> None:
    global _held
    _held = True
    gc.disable()


def release_collector() -> None:
    global _held
    if _held:  # only undo what hold_collector did: tests and embedders keep their own settings
        _held = False
        gc.freeze()
        gc.enable()
