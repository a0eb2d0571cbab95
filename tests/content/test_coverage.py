"""Source coverage: passages, who cites each, quotes reused across injects, uncited stretches,
quotes that are not found, and the renderings (text within 100 columns, escaped HTML, JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exercise.content.coverage import Citer, Coverage, as_json, coverage, document_coverage
from exercise.content.coverage_html import render_html
from exercise.content.coverage_text import render_text
from exercise.content.grounding import normalise
from exercise.content.library import load
from exercise.content.model import Citation, Source
from exercise.content.source_passages import HEADING, MINOR, NOTE, TEXT, excerpt, split
from tests.conftest import ROOT, shared_sources
from tests.content.coverage_helpers import ALPHA, BETA, MISSING, make_root


@pytest.fixture(scope="module")
def cov(tmp_path_factory) -> Coverage:
    root, texts = make_root(tmp_path_factory.mktemp("coverage"))
    loaded = load(root)
    assert not loaded.problems, loaded.problems
    return coverage(loaded.library, texts)


def doc(cov: Coverage, key: str):
    return next(d for d in cov.documents if d.source.key == key)


def citers(d, number: int) -> set[str]:
    return {c.citer.label for c in d.by_passage.get(number, ())}


def test_a_text_is_cut_into_its_paragraphs_with_their_kind_line_and_headings():
    passages, text = split(ALPHA)
    assert [p.kind for p in passages] == [
        MINOR,  # the document's own title: no prose follows it directly
        HEADING,
        TEXT,
        TEXT,
        NOTE,
        HEADING,
        TEXT,
        TEXT,
        TEXT,
    ]
    assert [p.line for p in passages] == [1, 3, 5, 8, 10, 12, 14, 16, 18]
    assert passages[2].headings == ("Opening Moves",) and passages[6].section == "Later Years"
    # The passages tile the text exactly as the grounding check normalises it.
    assert text == normalise(ALPHA)
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_markdown_headings_nest_by_level():
    passages, _ = split(BETA)
    assert [(p.kind, p.level) for p in passages] == [
        (HEADING, 3),
        (TEXT, 0),
        (HEADING, 4),
        (TEXT, 0),
    ]
    assert passages[3].headings == ("Introduction", "Signals")


def test_the_normalised_text_is_the_grounding_checks_for_awkward_whitespace():
    raw = "A\u00a0first  paragraph with words enough to be prose.\n \n\u00ad\n\n\u2018Next\u2019"
    passages, text = split(raw)
    assert text == normalise(raw) and len(passages) == 2


def test_every_passage_lists_the_injects_roles_and_briefings_citing_it(cov):
    alpha, beta = doc(cov, "alpha"), doc(cov, "beta")
    assert citers(alpha, 3) == {"t1-moscow", "t1-tehran", "t2-moscow", "t2-moscow (history)"}
    assert citers(alpha, 7) == {"orphan-1", "role moscow: objective moscow-win"}
    assert citers(beta, 2) == {"t1-moscow (history)"}
    assert citers(beta, 4) == {"scenario mini: briefing moscow"}
    assert {c.citer.scenarios for c in alpha.by_passage[3]} == {("mini",)}
    orphan = next(c for c in alpha.by_passage[7] if c.citer.id == "orphan-1")
    assert orphan.citer.scenarios == ()


def test_a_quote_across_a_paragraph_break_marks_both_paragraphs(cov):
    alpha = doc(cov, "alpha")
    assert "t2-moscow" in citers(alpha, 3) and "t2-moscow" in citers(alpha, 4)


def test_overlapping_quotes_of_two_injects_are_reuse_and_one_injects_twice_is_not(cov):
    alpha = doc(cov, "alpha")
    assert len(alpha.reuse) == 1
    reuse = alpha.reuse[0]
    assert reuse.injects == ("t1-moscow", "t1-tehran")
    assert not reuse.same_quote and reuse.passages == (3,)
    assert reuse.shared_scenarios == ("mini",)
    # the mini fixture's ten injects all quote the same two sentences of its one document
    mini = doc(cov, "doc")
    assert any(r.same_quote and len(r.injects) >= 2 for r in mini.reuse)


def test_uncited_prose_comes_as_stretches_longest_first(cov):
    alpha = doc(cov, "alpha")
    assert [[p.number for p in s.passages] for s in alpha.stretches] == [[8, 9]]
    assert alpha.stretches[0].sections == ("Later Years",)
    first, second = ("First paragraph with enough words to count as prose here.", "Short.")
    raw = "\n\n".join(
        [first * 3, "A cited paragraph with enough words to count as prose here.", first, second]
    )
    src = Source("x", "A", "T", "P", "2020", "x.txt")
    cited = [(Citer("inject", "i1", "sources"), Citation("x", "A cited paragraph"))]
    d = document_coverage(src, raw, cited)
    assert [[p.number for p in s.passages] for s in d.stretches] == [[1], [3]]
    assert d.stretches[0].chars > d.stretches[1].chars
    prose = "A paragraph of prose with words enough to count as prose."
    raw = "\n\n".join(["Part One", prose, "Part Two", prose])
    across = document_coverage(src, raw, [])
    assert across.stretches[0].sections == ("Part One", "Part Two")
    assert "under Part One; Part Two" in render_text(Coverage(Path("t"), (across,), (), ()))


def test_a_quote_not_in_its_document_is_listed_not_dropped(cov):
    alpha = doc(cov, "alpha")
    assert [(c.citer.label, c.quote) for c in alpha.not_found] == [("t2-moscow", MISSING)]
    assert alpha.figures().not_found == 1
    assert [(t.id, c.key) for t, c in cov.unknown] == [("t2-moscow", "nosuch")]


def test_figures_count_prose_only(cov):
    f = doc(cov, "alpha").figures()
    assert (f.passages, f.cited) == (5, 3)  # the note and the title line are not prose
    assert f.chars == sum(p.chars for p in doc(cov, "alpha").passages if p.kind == TEXT)
    assert 0 < f.quoted_chars < f.cited_chars < f.chars
    assert (f.injects, f.roles, f.briefings) == (4, 1, 0)
    assert doc(cov, "beta").figures().briefings == 1


def test_one_document_and_a_missing_text(tmp_path):
    root, texts = make_root(tmp_path)
    lib = load(root).library
    only = coverage(lib, texts, "beta")
    assert [d.source.key for d in only.documents] == ["beta"] and not only.absent
    (texts / "alpha.txt").unlink()
    partial = coverage(lib, texts)
    assert [s.key for s in partial.absent] == ["alpha"]
    assert "alpha: alpha.txt" in render_text(partial)


def test_text_fits_100_columns_and_names_passages_citers_and_stretches(cov):
    text = render_text(cov)
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "\u00b68-\u00b69 (lines 16-18): 2 passages" in text
    assert "[mini] t1-moscow, t1-tehran, t2-moscow (+history)" in text
    assert "[no scenario] orphan-1" in text
    assert f't2-moscow [mini]: "{MISSING}"' in text


def test_html_is_self_contained_and_escaped(cov):
    page = render_html(cov)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert "Alpha &lt;b&gt;&amp;&lt;/b&gt; &quot;report&quot;" in page
    assert "<b>&</b>" not in page
    assert page.count('class="bar mini"') == page.count('class="bar"') == len(cov.documents)
    assert 'id="reused"' in page and 'id="doc-alpha-p3"' in page


def test_json_holds_figures_passages_reuse_and_misses(cov):
    data = json.loads(json.dumps(as_json(cov)))
    alpha = next(d for d in data["documents"] if d["key"] == "alpha")
    assert alpha["figures"]["passages_pct"] == 60.0
    assert alpha["passages"][2]["excerpt"].startswith("Moscow and Tehran")
    assert alpha["reused"][0]["injects"] == ["t1-moscow", "t1-tehran"]
    assert alpha["stretches"][0]["first"] == 8
    assert alpha["not_found"][0]["quote"] == MISSING
    assert data["unknown_keys"][0]["key"] == "nosuch"


def test_an_excerpt_is_cut_at_a_word_and_marks_a_paragraph_cut_by_a_page():
    assert excerpt("### A **bold** [link](http://x) heading", 80) == "A bold link heading"
    assert excerpt("ing night, the forces launched attacks", 80).startswith("\u2026ing night")
    assert excerpt("a) What drove the divergence", 80) == "a) What drove the divergence"
    cut = excerpt("Word " * 40, 30)
    assert len(cut) <= 30 and cut.endswith("\u2026")


@pytest.mark.skipif(shared_sources() is None, reason="the source texts are not here")
def test_every_shipped_quote_is_found_in_its_document():
    texts = shared_sources()
    assert texts is not None
    for path in sorted(Path(texts).glob("*.txt")):
        raw = path.read_text("utf-8", errors="replace")
        assert split(raw)[1] == normalise(raw), path.name
    cov = coverage(load(ROOT).library, texts)
    assert len(cov.documents) == 5 and not cov.absent and not cov.unknown
    assert [c.quote for d in cov.documents for c in d.not_found] == []
    assert all(len(line) <= 100 for line in render_text(cov).splitlines())
