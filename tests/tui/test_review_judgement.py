"""The review console shows the teams' judgement where it fits its panes: an estimative ruling's
odds and d100 in the ledger, and under the observations the objectives' ratings with their
evidence, each team's calibration and the participants' feedback."""

from textual.widgets import DataTable

from exercise.tui.review_app import ReviewApp
from tests.conftest import wait_for, wait_for_text
from tests.review.judged import OLGA, judged
from tests.tui.test_review_console import reviewing, shown


async def test_the_review_console_shows_ratings_calibration_and_estimative_rulings(tmp_path):
    path = tmp_path / "judged.ttx"
    judged(path).close()
    async with ReviewApp(path).run_test(size=(120, 40)) as pilot:
        screen = await reviewing(pilot)
        await pilot.press("3")
        await shown(pilot, "review-ledger")
        table = screen.query_one("#ledger-pane DataTable", DataTable)
        await wait_for(pilot, lambda: table.row_count == 5, what="the five rulings listed")
        first = [str(c) for c in table.get_row_at(0)]
        assert first[2] == "estimative" and first[3] == "55% (teams mean)"
        assert first[4].startswith("d100 ")
        await pilot.press("5")
        await shown(pilot, "review-observations")
        await wait_for_text(pilot, "#judgement", "Objective ratings")
        text = str(screen.query_one("#judgement").render())
        assert "Objective ratings" in text and "moscow-win: S" in text
        assert "about event" in text and "Ruling r1 (estimative)" in text
        assert "Calibration" in text and "over-confident by 80 points" in text
        assert "Participant feedback" in text and OLGA in text


async def test_a_session_without_judgement_adds_nothing_to_the_pane(tmp_path, mini_world):
    from exercise.session.simulate import simulate_session

    path = tmp_path / "sim.ttx"
    simulate_session(mini_world, 7, path).close()
    async with ReviewApp(path).run_test(size=(120, 40)) as pilot:
        screen = await reviewing(pilot)
        await pilot.press("5")
        await shown(pilot, "review-observations")
        await wait_for_text(pilot, "#findings", "No observations were recorded.")  # read
        assert str(screen.query_one("#judgement").render()).strip() == ""
