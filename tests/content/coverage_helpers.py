"""A content root for the source-coverage tests: the mini fixture with two more documents
(alpha: plain-line headings and a footnote; beta: markdown) and injects, a role and a briefing
that cite them in known places."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import MINI, MINI_TEXTS

ALPHA = """\
Alpha Report

Opening Moves

Moscow and Tehran needed each other in Syria, whatever their aims were in the long run.
Their officers met in Damascus and agreed on the plan.

The partners quarrelled over contracts for phosphates and for the port of Latakia, wanted by both.

1 A footnote naming a newspaper, an author and a page, as the texts have them.

Later Years

The air defence that Russia never switched on for Iranian forces angered the commanders.

The Kurds and the talks with them are a topic that nothing in this content cites at all.

The Gulf money is another topic that nothing here cites, making a long uncited stretch.
"""

BETA = """\
### Introduction

Beta says the alliance was a marriage of convenience from the first day to the last.

#### Signals

Withholding air support was the way Moscow told Tehran it was unhappy with its conduct.
"""

BIBLIOGRAPHY = {
    "kind": "bibliography",
    "entries": [
        {
            "key": "doc",
            "author": "Test Author",
            "title": "A test document",
            "publisher": "Tests",
            "date": "2020-01",
            "file": "doc.txt",
        },
        {
            "key": "alpha",
            "author": "Alpha Author",
            "title": 'Alpha <b>&</b> "report"',
            "publisher": "Tests",
            "date": "2020-02",
            "file": "alpha.txt",
        },
        {
            "key": "beta",
            "author": "Beta Author",
            "title": "Beta paper",
            "publisher": "Tests",
            "date": "2020-03",
            "file": "beta.txt",
        },
    ],
}

NEEDED = "Moscow and Tehran needed each other in Syria"
NEEDED_LONGER = "Tehran needed each other in Syria, whatever their aims were"
ACROSS = "agreed on the plan. The partners quarrelled over contracts"  # runs across a break
AIR_DEFENCE = "The air defence that Russia never switched on for Iranian forces"
MARRIAGE = "the alliance was a marriage of convenience"
MISSING = "a sentence that is in no document"


def _edit(path: Path, **changes) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _cite(key: str, quote: str) -> dict:
    return {"key": key, "quote": quote}


def make_root(base: Path) -> tuple[Path, Path]:
    """(content root, folder of source texts) under `base`."""
    root = base / "content"
    shutil.copytree(MINI, root)
    texts = base / "texts"
    texts.mkdir()
    shutil.copy(MINI_TEXTS / "doc.txt", texts / "doc.txt")
    (texts / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (texts / "beta.txt").write_text(BETA, encoding="utf-8")
    (root / "sources" / "bibliography.yaml").write_text(
        yaml.safe_dump(BIBLIOGRAPHY, sort_keys=False), encoding="utf-8"
    )
    injects = root / "injects"
    history = {"text": "What the real actor did in the test world.", "sources": []}
    _edit(
        injects / "t1-moscow.yaml",
        sources=[_cite("alpha", NEEDED)],
        history=history | {"sources": [_cite("beta", MARRIAGE)]},
    )
    _edit(injects / "t1-tehran.yaml", sources=[_cite("alpha", NEEDED_LONGER)])
    _edit(
        injects / "t2-moscow.yaml",
        sources=[_cite("alpha", ACROSS), _cite("alpha", MISSING), _cite("nosuch", "anything")],
        history=history | {"sources": [_cite("alpha", ACROSS)]},
    )
    orphan = yaml.safe_load((injects / "t2-tehran.yaml").read_text(encoding="utf-8"))
    orphan |= {"id": "orphan-1", "sources": [_cite("alpha", AIR_DEFENCE)]}
    (injects / "orphan-1.yaml").write_text(yaml.safe_dump(orphan), encoding="utf-8")
    roles = root / "roles"
    role = yaml.safe_load((roles / "moscow.yaml").read_text(encoding="utf-8"))
    role["objectives"][0]["sources"] = [_cite("alpha", AIR_DEFENCE)]
    (roles / "moscow.yaml").write_text(yaml.safe_dump(role), encoding="utf-8")
    briefing = {"text": "What Moscow knows as the mini scenario opens, long enough.", "sources": []}
    _edit(
        root / "scenarios" / "mini.yaml",
        briefings={"moscow": briefing | {"sources": [_cite("beta", "Withholding air support")]}},
    )
    return root, texts
