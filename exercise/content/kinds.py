"""The kinds of content file, and the folder each kind lives in (no schema machinery loaded)."""

from __future__ import annotations

KINDS = ("role", "inject", "scenario", "indicator", "bibliography")
FOLDER_KIND = {
    "roles": "role",
    "injects": "inject",
    "scenarios": "scenario",
    "indicators": "indicator",
    "sources": "bibliography",
}
