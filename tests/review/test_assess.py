from pathlib import Path

import yaml

from exercise.cli import main
from exercise.content import build
from exercise.engine.state import Decision
from exercise.review.assess import assess, overall
from exercise.review.report_model import build_report
from exercise.session.simulate import simulate_session


def inject(expected, options=None):
    return build.inject(
        {
            "id": "i",
            "title": "An inject",
            "date": "2016",
            "from": "control",
            "medium": "cable",
            "visibility": "public",
            "body": "A body.",
            "sources": [],
            "options": options
            or [
                {
                    "id": "cover",
                    "label": "Fly close support for the Iranian-led offensive",
                    "roles": ["moscow"],
                },
                {
                    "id": "army",
                    "label": "Give priority to the Syrian army units Russia is rebuilding",
                    "roles": ["moscow"],
                },
                {
                    "id": "rooms",
                    "label": "Keep Iranian operations rooms under Iranian command",
                    "roles": ["tehran"],
                },
            ],
            "expected": expected,
        }
    )


def decision(role, option, text=""):
    return Decision(f"{role}:i", role, "i", option, text, "", role, 1, 0.0)


def test_listed_options_decide_exactly():
    inj = inject(
        [{"role": "moscow", "text": "Keeps the Iranians in the fight.", "options": ["cover"]}]
    )
    assert [r.verdict for r in assess(inj, "moscow", decision("moscow", "cover"))] == ["matched"]
    rows = assess(inj, "moscow", decision("moscow", "army"))
    assert rows[0].verdict == "departed" and rows[0].basis == "listed options"
    assert overall(rows) == "departed"


def test_closest_wording_when_no_options_are_listed():
    inj = inject(
        [{"role": "moscow", "text": "Builds up Syrian army units under Russian influence."}]
    )
    rows = assess(inj, "moscow", decision("moscow", "army"))
    assert rows[0].verdict == "matched" and rows[0].basis == "closest wording"
    assert assess(inj, "moscow", decision("moscow", "cover"))[0].verdict == "departed"


def test_no_basis_is_not_assessed():
    unrelated = inject([{"role": "moscow", "text": "Talks to Washington about sanctions."}])
    assert assess(unrelated, "moscow", decision("moscow", "army"))[0].verdict == "not assessed"
    tie = inject(
        [{"role": "moscow", "text": "Support the offensive."}],
        options=[
            {"id": "a", "label": "Support the offensive"},
            {"id": "b", "label": "Support the offensive"},
            {"id": "c", "label": "Stay out"},
        ],
    )
    assert [assess(tie, "moscow", decision("moscow", o))[0].verdict for o in "abc"] == [
        "not assessed",
        "not assessed",
        "departed",
    ]
    free = inject([{"role": "moscow", "text": "Builds up Syrian army units."}])
    rows = assess(free, "moscow", decision("moscow", None, "We do something else entirely"))
    assert rows[0].verdict == "not assessed" and rows[0].basis == "free action"


def test_roles_without_expectation_and_missing_decisions():
    inj = inject([{"role": "moscow", "text": "Builds up Syrian army units."}])
    assert assess(inj, "tehran", decision("tehran", "rooms")) == []
    assert overall([]) == "no expectation"
    assert assess(inj, "moscow", None)[0].verdict == "no decision"
    both = inject(
        [
            {"role": "moscow", "text": "Builds up Syrian army units.", "options": ["cover"]},
            {"role": "moscow", "text": "Flies support.", "options": ["army"]},
        ]
    )
    assert overall(assess(both, "moscow", decision("moscow", "army"))) == "matched"


def edit_inject(root: Path, name: str, options):
    path = root / "injects" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text())
    data["expected"][0]["options"] = options
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_expected_options_are_checked_by_validate(mini_copy, capsys):
    edit_inject(mini_copy, "t1-moscow", ["nope"])
    assert main(["validate", "--root", str(mini_copy)]) == 2
    out = capsys.readouterr().out
    assert "t1-moscow.yaml" in out and "no option 'nope'" in out


def test_listed_options_reach_the_report(mini_copy, tmp_path):
    edit_inject(
        mini_copy, "t1-moscow", ["push"]
    )  # say, for the test, that pushing is what history did
    from exercise.content.library import scenario_world

    s = simulate_session(scenario_world(mini_copy, "mini"), 3, tmp_path / "s.ttx")
    m = build_report(s)
    s.close()
    row = next(r for r in m.decisions_vs_history if r.decision == "moscow:t1-moscow")
    assert row.expected[0].basis == "listed options" and row.expected[0].options == ("push",)
    assert row.verdict == ("matched" if row.option == "push" else "departed")


def test_word_endings_do_not_hide_a_match_and_near_ties_are_not_called():
    options = [
        {
            "id": "interdict",
            "label": "Keep striking weapons bound for Hezbollah wherever they are found",
        },
        {"id": "stay-out", "label": "Stay out of the war and watch the border"},
    ]
    inj = inject(
        [
            {
                "role": "jerusalem",
                "text": "Keeps interdicting arms to Hezbollah "
                "without taking sides in the civil war.",
            }
        ],
        options=options,
    )
    assert assess(inj, "jerusalem", decision("jerusalem", "interdict"))[0].verdict == "matched"
    assert assess(inj, "jerusalem", decision("jerusalem", "stay-out"))[0].verdict == "departed"
    close = inject(
        [
            {
                "role": "damascus",
                "text": "Concentrates forces on the core areas while courting both patrons.",
            }
        ],
        options=[
            {
                "id": "core",
                "label": "Pull back to defend the main cities and the coast, ceding outlying areas",
            },
            {
                "id": "both",
                "label": "Appeal to each patron separately, "
                "telling each it alone can save the state",
            },
            {"id": "other", "label": "Ask Moscow to intervene"},
        ],
    )
    verdicts = [
        assess(close, "damascus", decision("damascus", o))[0].verdict
        for o in ("core", "both", "other")
    ]
    assert verdicts == ["not assessed", "not assessed", "departed"]
