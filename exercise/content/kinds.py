"""The kinds of content file, and the folder each kind lives in (no schema machinery loaded)."""

from __future__ import annotations

KINDS = ("role", "inject", "scenario", "bibliography")
FOLDER_KIND = {
    "roles": "role",
    "injects": "inject",
    "scenarios": "scenario",
    "sources": "bibliography",
}
