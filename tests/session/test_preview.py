"""`ttx preview`: an inject as one team reads it, the same as its console shows, and nothing a
team may not see (no history, notes, expected actions, effects, flags, trigger, or options kept
for other roles)."""

from __future__ import annotations

import re

import pytest

from exercise.content.library import load, load_library
from exercise.content.model import Inject
from exercise.session.preview import PreviewRefused, preview, preview_in_root
from exercise.session.team_view import TeamInject, team_view
from exercise.tui.widgets.injects import inject_content, reader_content, trigger_text
from tests.conftest import MINI, ROOT
from tests.engine.helpers import Game

# What a team console's copy of an inject holds; nothing of the facilitator's fields.
TEAM_FIELDS = set(TeamInject._fields)
FACILITATOR_FIELDS = {"history", "expected", "facilitator_notes", "trigger", "deciders", "window"}


@pytest.fixture(scope="module")
def shipped():
    return load_library(ROOT)


def rich(inj: Inject) -> bool:
    """History, notes, expected actions, effects, and options kept for some roles."""
    return bool(
        inj.history
        and inj.facilitator_notes
        and inj.expected
        and any(o.effects for o in inj.options)
        and any(o.roles for o in inj.options)
    )


def rich_cases(lib) -> list[tuple[Inject, str]]:
    """(inject, a reader that some of its options are kept from): one private, one public with
    a trigger, chosen from the shipped content as it is."""
    found = {}
    for inj in sorted(lib.injects.values(), key=lambda i: i.id):
        if not rich(inj):
            continue
        kind = "private" if inj.visibility == "private" else ("trigger" if inj.trigger else "")
        readers = inj.audience if inj.visibility == "private" else inj.deciders
        reader = next((r for r in readers if any(not o.allowed_for(r) for o in inj.options)), "")
        if kind and reader and kind not in found:
            found[kind] = (inj, reader)
    assert set(found) == {"private", "trigger"}, found
    return list(found.values())


def flat(text: str) -> str:
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """The first eight words of each sentence: enough to recognise it, short of any wrapping."""
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", flat(text)):
        words = sentence.split()
        if len(words) >= 4:
            out.append(" ".join(words[:8]))
    return out


def test_a_rich_inject_shows_nothing_a_team_may_not_see(shipped):
    for inj, reader in rich_cases(shipped):
        shown = preview(shipped, inj.id, reader)
        assert isinstance(shown.inject, TeamInject) and not FACILITATOR_FIELDS & TEAM_FIELDS
        text = flat(reader_content(shown.inject).plain)
        labels = [o.label for o in inj.options if o.allowed_for(reader)]
        visible = flat(" ".join([inj.title, inj.body, *inj.questions, *labels]))
        hidden = [
            *sentences(inj.history.text),
            *(c.quote for c in inj.history.sources),
            *sentences(inj.facilitator_notes),
            *(e.text for e in inj.expected),
            *(f"{k} {v:+d}" for o in inj.options for k, v in o.effects),
            *(flag for o in inj.options for flag in o.sets + o.clears),
            *(o.label for o in inj.options if not o.allowed_for(reader)),
            *(f"[{o.id}]" for o in inj.options if not o.allowed_for(reader)),
            "Historical note",
            "Expected player actions",
            "Facilitator notes",
            "only for",
            "Trigger",
        ]
        if inj.trigger:
            hidden.append(trigger_text(inj))
        facilitator = flat(inject_content(inj).plain)
        checked = 0
        for secret in hidden:
            if flat(secret) not in visible:  # words the team reads anyway, in the body
                assert flat(secret) not in text, (inj.id, reader, secret)
                checked += flat(secret) in facilitator  # real content, kept from the team
        assert checked >= 10, checked
        # ... and what the team does see is all there.
        assert inj.title in text and sentences(inj.body)[0] in text
        for o in inj.options:
            assert (f"[{o.id}] {o.label}" in text) == o.allowed_for(reader), o.id
        assert all(flat(c.quote) in text for c in inj.sources)


def test_the_preview_is_what_the_team_console_shows(mini_world):
    lib = load(MINI).library
    g = Game(mini_world)
    for role in ("moscow", "tehran", "damascus", "jerusalem"):
        inbox = team_view(g.state, role).inbox
        assert inbox
        for item in inbox:
            shown = preview(lib, item.inject.id, role).inject
            assert shown == item.inject
            assert reader_content(shown).plain == reader_content(item.inject).plain


def test_a_public_inject_shows_as_every_team_sees_it(shipped):
    inj = next(
        i
        for i in sorted(shipped.injects.values(), key=lambda i: i.id)
        if rich(i) and i.visibility == "public"
    )
    for role in (None, "all"):
        shown = preview(shipped, inj.id, role)
        assert shown.reader == "" and shown.reader_name == "every team"
        # Options kept for some roles are for no team in general.
        assert [o.id for o in shown.inject.options] == [o.id for o in inj.options if not o.roles]


def refused(lib, ident, role) -> str:
    with pytest.raises(PreviewRefused) as err:
        preview(lib, ident, role)
    return str(err.value)


def test_who_cannot_read_it_is_refused(shipped):
    inj = shipped.injects["alp-khan-touman"]
    assert inj.audience == ("moscow", "tehran")
    assert refused(shipped, inj.id, "jerusalem") == (
        "'jerusalem' does not receive this private inject; its audience is moscow, tehran"
    )
    assert refused(shipped, inj.id, None) == (
        "'alp-khan-touman' is a private inject; name a role of its audience with --as "
        "(moscow, tehran)"
    )
    assert refused(shipped, inj.id, "all").startswith("'alp-khan-touman' is a private inject")
    assert refused(shipped, inj.id, "kyiv").startswith("--as kyiv: no such role")
    assert refused(shipped, inj.id, "control").startswith("--as control: not a team")
    assert refused(shipped, "alp-khan-toman", "tehran") == (
        "no inject 'alp-khan-toman'; did you mean 'alp-khan-touman'?"
    )


def test_an_inject_file_is_previewed_by_its_path(tmp_path):
    path = ROOT / "injects" / "aleppo" / "alp-khan-touman.yaml"
    shown = preview_in_root(ROOT, str(path), "moscow")
    assert shown.inject.id == "alp-khan-touman" and shown.reader_name.startswith("Moscow")


def test_a_missing_inject_file_is_named(tmp_path):
    with pytest.raises(PreviewRefused, match="no/such.yaml: no such inject file"):
        preview_in_root(ROOT, "no/such.yaml", "moscow")


def test_an_inject_that_does_not_load_says_so(mini_copy):
    (mini_copy / "injects" / "t1-news.yaml").write_text("kind: inject\nid: t1-news\n", "utf-8")
    with pytest.raises(PreviewRefused, match="'t1-news' does not load; run `ttx validate`"):
        preview_in_root(mini_copy, "t1-news", "moscow")


def test_options_offered_only_on_conditions_are_named(shipped):
    inj = next(
        i
        for i in sorted(shipped.injects.values(), key=lambda i: i.id)
        if any(o.requires for o in i.options)
    )
    reader = inj.audience[0] if inj.audience else "moscow"
    shown = preview(shipped, inj.id, reader)
    assert shown.conditional == tuple(
        o.id for o in inj.options if o.requires and o.allowed_for(reader)
    )
