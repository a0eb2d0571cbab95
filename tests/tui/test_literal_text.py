"""Text from YAML or from a user is shown as written, never parsed as Textual markup.

A content root whose titles, bodies, role names, options and scenario carry `[/]`,
`[bold red]x` and `[link=http://x]y` is played through both consoles: release, decide with a
marked-up rationale, adjudicate, notifications and the review. Nothing may crash, and the
brackets must reach the screen.
"""

from __future__ import annotations

import re
import shutil

import pytest
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from exercise.content.library import scenario_world
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.choice import ChoiceDialog
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.console import FacilitatorScreen
from exercise.tui.screens.join import JoinScreen
from exercise.tui.screens.review import ReviewScreen
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from tests.conftest import (
    MINI,
    idle,
    notifications,
    screen_text,
    wait_for,
    wait_for_event,
    wait_for_screen,
)
from tests.tui.test_console import opened, record

MARKS = ("[/]", "[bold red]x", "[link=http://x]y")
TAIL = " " + " ".join(MARKS)
SIZE = (200, 60)


def mark_up(text: str) -> str:
    """Every title, name, label and body line of a content file, with markup appended."""
    text = re.sub(
        r"^(\s*)(title|name|label): (?![\"'\[{])(.+)$", rf'\1\2: "\3{TAIL}"', text, flags=re.M
    )
    text = re.sub(r"^(body: \|\n)", rf"\1  Markup in the body:{TAIL}\n", text, flags=re.M)
    for plain in ("Opening", "Brief", "Decide", "Cohesion"):
        text = text.replace(f": {plain},", f': "{plain}{TAIL}",')
    return text


@pytest.fixture
def marked_session(tmp_path, clock):
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    for path in [
        *root.glob("roles/*.yaml"),
        *root.glob("injects/*.yaml"),
        *root.glob("scenarios/*.yaml"),
        *root.glob("indicators/*.yaml"),
    ]:
        path.write_text(mark_up(path.read_text()))
    world = scenario_world(root, "mini")  # the marked-up content is valid content
    assert world["scenario"]["title"].endswith(TAIL) and world["roles"][0]["name"].endswith(TAIL)
    path = tmp_path / "mini.ttx"
    participants = (
        ("moscow", "facilitator"),
        ("tehran", "facilitator"),
        ("damascus", "team"),
        ("jerusalem", "bot"),
    )
    codes = tuple((r, f"CODE{i}") for i, (r, _) in enumerate(participants))
    Session.create(
        path, world, seed=11, participants=participants, codes=codes, clock=clock
    ).close()
    return root, path


def assert_shown(app, *words: str) -> None:
    text = screen_text(app)
    missing = [w for w in words if w not in text]
    assert not missing, (missing, text)


def assert_marked(app, *prefixes: str) -> None:
    """Each prefix is followed on screen by the literal `[/]`, and every mark shows somewhere
    (a long text may wrap, so the whole of it is not looked for on one line)."""
    assert_shown(app, *MARKS, *(f"{p} [/]" for p in prefixes))


async def wait_shown(pilot, *words: str) -> None:
    await wait_for(
        pilot,
        lambda: all(w in screen_text(pilot.app) for w in words),
        what=lambda: f"{[w for w in words if w not in screen_text(pilot.app)]} on screen",
    )


async def tab(pilot, key: str, pane: str) -> None:
    """Switch the team console's tab by its key."""
    await pilot.press(key)
    tabs = pilot.app.screen.query_one("#team-tabs")
    await wait_for(
        pilot, lambda: tabs.active == pane, what=lambda: f"the {pane} tab (now {tabs.active})"
    )
    await idle(pilot)


async def test_facilitator_console_shows_markup_literally(marked_session, clock):
    root, path = marked_session
    app = FacilitatorApp(str(root), session=path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts are off by default
        await opened(pilot)
        assert_marked(app, "A small test scenario", "Brief", "Opening")  # status bar
        assert_marked(app, "Moscow", "Cohesion")  # team and indicator tables

        # Release: the dialog lists titles and previews the body; the toast names the inject.
        await pilot.press("r")
        options = (await wait_for_screen(pilot, ChoiceDialog)).query_one(OptionList)
        options.highlighted = [
            options.get_option_at_index(i).id for i in range(options.option_count)
        ].index("manual-1")
        await wait_shown(pilot, "Markup in the body:")  # the preview follows the highlight
        assert_marked(app, "Test inject manual-1", "Markup in the body:", "Push hard")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: any("manual-1" in m and TAIL in m for m in notifications(app)),
            what=lambda: f"the release's toast (said: {notifications(app)})",
        )
        await wait_for_screen(pilot, FacilitatorScreen)
        assert_shown(app, *MARKS)  # the "Saved" toast, literally

        # Decide with a marked-up rationale; the decisions tab shows it as typed.
        await record(pilot, app, "moscow", "t1-moscow", 0, f"Because{TAIL}")
        assert isinstance(app.screen, FacilitatorScreen)
        await pilot.press("3")
        await wait_shown(pilot, "Because [/]")
        assert_marked(app, "Because")

        # Adjudicate: the narrative and reason are the facilitator's own words.
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, AdjudicateDialog)
        assert_marked(app, "Cohesion")
        dialog.query_one("#narrative", TextArea).text = f"It went badly{TAIL}"
        dialog.query_one("#reason", Input).value = f"Reason{TAIL}"
        await pilot.press("ctrl+s")
        await wait_for_event(pilot, path, "Adjudicated")
        await wait_for_screen(pilot, FacilitatorScreen)
        s = Session.open(path)
        assert s.state.rulings[-1].narrative == f"It went badly{TAIL}"
        s.close()

        await pilot.press("5")  # the log names teams and injects
        await wait_for(
            pilot,
            lambda: (
                bool(app.screen.query("#log-table"))
                and app.screen.query_one("#log-table").row_count > 0
            ),
            what="the event log's lines",
        )
        await idle(pilot)
        assert_shown(app, "[/]")

        # End, then review: timeline, decisions, ledger.
        await pilot.press("x")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_event(pilot, path, "SessionEnded")
        await wait_for_screen(pilot, FacilitatorScreen)
        await pilot.press("v")
        review = await wait_for_screen(pilot, ReviewScreen)
        await wait_shown(pilot, "Review: ")
        assert_marked(app, "A small test scenario")
        tabs = review.query_one("#review-tabs")
        for key, pane in (
            ("2", "review-decisions"),
            ("3", "review-ledger"),
            ("5", "review-observations"),
        ):
            await pilot.press(key)
            await wait_for(pilot, lambda p=pane: tabs.active == p, what=f"the review's {pane} tab")
            await idle(pilot)
            assert "Traceback" not in screen_text(app)
        await pilot.press("2")
        await wait_shown(pilot, "[bold red]x")


async def test_team_console_shows_markup_literally(marked_session, clock):
    root, path = marked_session
    app = TeamApp(path, "damascus", f"Damascus{TAIL}", clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts are off by default
        await wait_for_screen(pilot, JoinScreen)
        assert_marked(app, "Damascus")  # the join screen and the header
        app.screen.query_one("#code", Input).value = "CODE2"
        await pilot.click("#join")
        screen = await wait_for_screen(pilot, TeamScreen)
        await wait_for(pilot, lambda: screen.view is not None, what="the team's view")
        await idle(pilot)
        assert_marked(app, "A small test scenario", "Test inject t1-pair")

        inbox = screen.query_one("#inbox-table", DataTable)
        ids = [inbox.coordinate_to_cell_key((r, 0)).row_key.value for r in range(inbox.row_count)]
        inbox.focus()
        inbox.move_cursor(row=ids.index("t1-pair"))
        await pilot.press("enter")
        await wait_for_event(pilot, path, "InjectRead", where=lambda d: d["role"] == "damascus")
        await wait_shown(pilot, "Markup in the body:")
        assert_marked(app, "Markup in the body:", "Cooperate with the partner")

        await tab(pilot, "3", "decide")
        screen.query_one("#decide-inject", Select).value = "t1-pair"
        await idle(pilot)  # the form refills its options for the inject chosen
        await wait_shown(pilot, "Push hard")
        assert_marked(app, "Push hard")
        screen.query_one("#options").focus()
        await pilot.press("enter")
        screen.query_one("#decide-rationale", TextArea).text = f"Our reasons{TAIL}"
        await pilot.click("#submit")
        await wait_for_screen(pilot, ConfirmDialog)
        assert_shown(app, "[bold red]x")  # the confirmation quotes the choice
        await pilot.press("y")
        await wait_for_event(
            pilot, path, "DecisionSubmitted", where=lambda d: d["role"] == "damascus"
        )
        await wait_for_screen(pilot, TeamScreen)
        await wait_shown(pilot, "Our reasons [/]")
        assert_marked(app, "Our reasons")  # the open-decisions table
        s = Session.open(path)
        assert s.state.decision_for("damascus", "t1-pair").rationale == f"Our reasons{TAIL}"
        from exercise.engine import commands as cmd

        s.execute(
            cmd.Adjudicate(
                decision_ids=("damascus:t1-pair",),
                method="rules",
                deltas=(("cohesion", 1),),
                narrative=f"The white cell rules{TAIL}",
                reason="r",
                audience=(),
            )
        )
        s.close()
        await wait_for(
            pilot, lambda: any("ruled" in m for m in notifications(app)), what="the ruling toast"
        )
        await tab(pilot, "4", "history")
        await wait_shown(pilot, "The white cell rules [/]")
        assert_marked(app, "The white cell rules")

        await tab(pilot, "1", "briefing")  # from History: from the Inbox, 1 does not switch
        assert_marked(app, "Damascus", "Pull a lever")  # role name, lever labels


async def test_start_screen_and_content_problems_show_markup_literally(
    marked_session, tmp_path, monkeypatch
):
    """`ttx play mini` over content with a problem quoting markup, and a hostile file beside it."""
    from exercise.tui.screens.setup import SetupDialog

    root, _ = marked_session
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    broken = root / "injects" / "t1-news.yaml"
    broken.write_text(broken.read_text() + '"[/]bad [bold red]key": 1\n')
    (root / "injects" / "zz-deep.yaml").write_text(
        "kind: inject\nid: deep\nv: " + "[" * 50_000 + "]" * 50_000 + "\n"
    )
    app = FacilitatorApp(str(root), scenario="mini")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_screen(pilot, SetupDialog)
        assert_marked(app, "New session: A small test scenario", "Moscow")
        await wait_for(
            pilot,
            lambda: any("cannot start" in m for m in notifications(app)),
            what="the problem toast",
        )
        await wait_shown(pilot, "content problem(s)", "[/]bad [bold red]key")
        await pilot.press("escape")
        await wait_shown(pilot, "Scenarios — Enter starts")
        await wait_shown(
            pilot, "A small test scenario [/]", "[/]bad [bold red]key"
        )  # the list, its problems
        assert_marked(app, "A small test scenario")
