"""Citations can wait for the hot wash: while the facilitator keeps them, a team's copy of an
inject carries none (and says so); at the end they are shown."""

from __future__ import annotations

import pytest

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.session.narrate import describe
from exercise.session.team_view import team_view
from exercise.tui.widgets.injects import reader_content
from tests.engine.helpers import Game


def _news(g: Game, role: str = "moscow"):
    return next(i.inject for i in team_view(g.state, role).inbox if i.inject.id == "t1-news")


def test_citations_wait_for_the_hot_wash(mini_world):
    g = Game(mini_world)
    assert _news(g).sources and not _news(g).sources_withheld
    [event] = g.run(cmd.ShowSources(False))
    assert "until the hot wash" in describe(event, g.state)
    withheld = _news(g)
    assert withheld.sources == () and withheld.sources_withheld
    text = reader_content(withheld).plain
    assert "kept by the white cell until the hot wash" in text
    assert all(c.quote not in text for c in g.state.world.injects["t1-news"].sources)
    with pytest.raises(Refused, match="already hide"):
        g.run(cmd.ShowSources(False))
    g.run(cmd.EndSession())
    assert _news(g).sources  # the hot wash: every citation is back
    assert g.replay() == g.state
