"""Prose from YAML block scalars, reflowed: authors wrap lines by hand, screens wrap them again."""

from __future__ import annotations

import re

_LIST_ITEM = re.compile(r"^\s*([-*•]|\d+[.)])\s+")


def reflow(text: str) -> str:
    """Join each paragraph's lines; keep blank lines between paragraphs and list items apart."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for raw in para.splitlines():
            line = raw.strip()
            if not line:
                continue
            if lines and not _LIST_ITEM.match(raw):
                lines[-1] += " " + line
            else:
                lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)
