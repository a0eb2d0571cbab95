"""The cyclic garbage collector held off while a long log is folded.

A fold allocates a few objects per event and frees almost none of them until it is done (every
event is kept in the state or the list of new ones), so the collector's generational passes
find nothing to collect while costing a tenth of a long replay. Reference counting still frees
everything as usual; only the search for cycles waits until the fold is over.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

LONG_FOLD = 2000  # rows: below this the passes cost next to nothing


@contextmanager
def collection_paused(rows: int) -> Iterator[None]:
    """Within the block, no cyclic collection when folding `rows` rows is long; the collector
    is left as it was found (a caller that disabled it keeps it disabled)."""
    if rows < LONG_FOLD or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
