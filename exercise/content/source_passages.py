"""A source text cut into passages: its paragraphs, each marked as prose, heading, note or minor,
with the headings it sits under and its place in the text as the grounding check normalises it.

The texts are conversions of PDFs and web pages: paragraphs are separated by blank lines,
headings are markdown (`### ...`), list-style sub-headings (`- ...`) or short lines of their own,
footnotes start with their number, and board lists, datelines and front matter come as short
lines. Only prose counts towards coverage; the rest is shown when something cites it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from exercise.content.grounding import normalise

TEXT, HEADING, NOTE, MINOR = "text", "heading", "note", "minor"

MIN_WORDS = 8  # fewer words and no heading: a name, a dateline, a caption credit
HEADING_WORDS = 12  # a plain line with more words is a sentence, not a title
PLAIN_LEVEL = 3  # plain-line headings rank with markdown's `###`, the top level the texts use
LIST_LEVEL = 5  # `- Sub-heading` lines sit under the `####` headings of the RUSI paper

_BREAK = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line (spaces allowed) and what follows it
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s")
_NOTE = re.compile(r"\d{1,3} \S")  # "12 Bill Roggio, ..." (a list item is "1. ...")
_YEAR = re.compile(r"\b\d{4}\b")
_SENTENCE_END = (".", ",", ";", ":", '."', ".\u201d", ".'", ".\u2019")
_CUT_WORD = re.compile(r"[a-z][a-z'\u2019-]*[\s,;:]")  # "ing night, ...", not "a) What ..."
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[_*]|[_*](?!\w)")


class Passage(NamedTuple):
    number: int  # 1-based, every paragraph of the file counted
    line: int  # line of the file it starts on
    kind: str  # TEXT, HEADING, NOTE or MINOR
    start: int  # its span in the document's normalised text
    end: int
    text: str  # normalised
    shown: str  # as written, its whitespace collapsed: what a reader is shown
    headings: tuple[str, ...] = ()  # the headings it sits under, outermost first
    level: int = 0  # a heading's rank (3 for ###), else 0

    @property
    def chars(self) -> int:
        return self.end - self.start

    @property
    def section(self) -> str:
        return " > ".join(self.headings)


def split(raw: str) -> tuple[tuple[Passage, ...], str]:
    """The passages of a text and the normalised text they tile: the passages' texts joined by
    one space, which is `grounding.normalise(raw)` (each break between them is whitespace)."""
    blocks = _blocks(raw)
    kinds = _kinds([text for _, text, _ in blocks])
    passages: list[Passage] = []
    stack: list[tuple[int, str]] = []  # (level, title) of the headings above
    offset = 0
    for (line, text, shown), kind in zip(blocks, kinds, strict=True):
        level = heading_level(text) if kind == HEADING else 0
        if kind == HEADING:
            while stack and stack[-1][0] >= level:
                stack.pop()
        under = tuple(title for _, title in stack)
        end = offset + len(text)
        passages.append(
            Passage(len(passages) + 1, line, kind, offset, end, text, shown, under, level)
        )
        if kind == HEADING:
            stack.append((level, display(shown)))
        offset += len(text) + 1
    return tuple(passages), " ".join(p.text for p in passages)


def _blocks(raw: str) -> list[tuple[int, str, str]]:
    """(first line, normalised text, text as written) of each paragraph with any text in it."""
    out = []
    pos = 0
    for m in [*_BREAK.finditer(raw), None]:
        end = m.start() if m else len(raw)
        block = raw[pos:end]
        text = normalise(block)
        if text:
            lead = len(block) - len(block.lstrip())
            out.append((raw.count("\n", 0, pos + lead) + 1, text, " ".join(block.split())))
        if m:
            pos = m.end()
    return out


def _kinds(texts: list[str]) -> list[str]:
    kinds = [_kind(t) for t in texts]
    # A short plain line is a title only when prose follows it (notes from a page break aside):
    # a list of names, a byline or a document's own title block is not a section of it.
    for i, text in enumerate(texts):
        if kinds[i] != HEADING or _MARKDOWN_HEADING.match(text):
            continue
        following = [k for k in kinds[i + 1 :] if k != NOTE][:1]
        if following != [TEXT] and not (following == [HEADING] and text.startswith("- ")):
            kinds[i] = MINOR
    return kinds


def _kind(text: str) -> str:
    if _MARKDOWN_HEADING.match(text):
        return HEADING
    if _NOTE.match(text):
        return NOTE
    if text.startswith("---") or "\u00a9" in text:  # front matter, a rule, a copyright notice
        return MINOR
    n_words = len(text.split())
    if _title_like(text, n_words):
        return HEADING
    return TEXT if n_words >= MIN_WORDS else MINOR


def _title_like(text: str, n_words: int) -> bool:
    body = text[2:] if text.startswith("- ") else text
    return (
        n_words <= HEADING_WORDS
        and body[:1].isupper()
        and not body.isupper()  # "ISSUE BRIEF", "CHAIRMAN": banners and board titles
        and not body.endswith(_SENTENCE_END)
        and not _YEAR.search(body)  # "Published on May 31, 2016", "January 5, 2016"
    )


def heading_level(text: str) -> int:
    if _MARKDOWN_HEADING.match(text):
        return len(text) - len(text.lstrip("#"))
    return LIST_LEVEL if text.startswith("- ") else PLAIN_LEVEL


def display(text: str) -> str:
    """A passage as a reader sees it: without markdown's heading marks, links and emphasis."""
    text = _LINK.sub(r"\1", text.replace("\u00ad", "").replace("\u200b", ""))
    if _MARKDOWN_HEADING.match(text):
        text = text.lstrip("#").strip()
    elif text.startswith("- "):
        text = text[2:]
    return _EMPHASIS.sub("", text).strip()


def excerpt(text: str, width: int) -> str:
    """The start of `display(text)`, cut at a word within `width` characters; one that starts
    mid-sentence (the rest of a paragraph a page break cut) starts with an ellipsis."""
    shown = display(text)
    if _CUT_WORD.match(shown):
        shown = "\u2026" + shown
    if len(shown) <= width:
        return shown
    cut = shown[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "\u2026"
