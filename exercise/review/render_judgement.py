"""The teams' judgement in the report, in Markdown and in HTML: each team's calibration (Brier
score, reliability table, over-/under-confidence in words, the estimates before estimative
rulings), the participants' feedback, and an observer's rating with its evidence.

The evidence of a rated observation is the event it concerns; the HTML links it to that event
where the report shows it (report_evidence.shown_events), and gives exactly those events an
anchor (`anchor`), so a report whose observations point at nothing has no new ids.
"""

from __future__ import annotations

from exercise.engine.judgement import RATINGS
from exercise.review import fmt
from exercise.review.judgement_types import CalibrationSection, FeedbackSection, TeamCalibration
from exercise.review.report_types import LedgerEntry, Objective, Observation, Report

CALIBRATION_NOTE = (
    "Every chance a team stated, scored against what happened: a decision's confidence comes "
    "true when its ruling's roll succeeded or, for a ruling without dice, when what the ruling "
    "changed is worth something to the team on its own scorecard; an estimate before an "
    "estimative ruling comes true when the roll succeeded. A voided ruling scores nothing. "
    "The Brier score is the mean of (forecast - outcome)\u00b2: 0 is perfect, 0.25 is what "
    "always saying 50% earns. The reliability table sets, band by band, the share that came "
    "true beside the mean forecast: a calibrated team's are close."
)
BAND_HEAD = ["Band", "Forecasts", "Mean forecast", "Came true"]
FORECAST_HEAD = ["Turn", "Kind", "Stated", "About", "Ruling", "Came true"]
TEAM_HEAD = ["Team", "Forecasts", "Brier", "Mean forecast", "Came true", "In words"]
ESTIMATE_HEAD = ["Ruling", "Turn", "Odds", "Roll", "Result", "Team", "Estimate", "Reasoning"]
FEEDBACK_HEAD = ["Team", "Answers", "Realism", "Learning"]
NO_ANSWER = '<span class="muted">no answer</span>'


def anchor_id(seq: int) -> str:
    return f"event-{seq}"


def anchor(seq: int | None, anchors: frozenset[int]) -> str:
    """An id attribute for the element showing event `seq`, when an observation points at it."""
    return f' id="{anchor_id(seq)}"' if seq and seq in anchors else ""


def section_title(key: str) -> str:
    return dict(fmt.SECTIONS).get(key, key)


def evidence_text(o: Observation) -> str:
    """'rated S (performed with some challenges); about event 17: Moscow decided ...'."""
    parts = []
    if o.rating:
        parts.append(f"rated {o.rating} ({RATINGS.get(o.rating, o.rating)})")
    if o.about is not None:
        where = f", shown in {section_title(o.about.shown_in)}" if o.about.shown_in else ""
        parts.append(f"about event {o.about.seq}: {o.about.what}{where}")
    return "; ".join(parts)


def rated_text(o: Objective) -> str:
    """The line under an objective's rating boxes, when an observer rated it."""
    if not o.rating:
        return ""
    by = next((x for x in o.observations if x.seq == o.rated_at), None)
    who = f" by {by.author}" if by else ""
    return f"{o.rating}: the latest rating{who}, in the observation at event {o.rated_at}"


def rating_boxes(o: Objective) -> list[tuple[bool, str]]:
    """(checked, label) per rating of fmt.RATINGS, in the scale's order."""
    codes = list(RATINGS)
    return [(bool(o.rating) and codes[n] == o.rating, label) for n, label in enumerate(fmt.RATINGS)]


def band_rows(t: TeamCalibration) -> list[list[str]]:
    return [
        [f"{b.low}-{b.high}%", str(b.count), f"{b.mean_forecast:.0%}", f"{b.came_true:.0%}"]
        for b in t.bands
    ]


def forecast_rows(t: TeamCalibration) -> list[list[str]]:
    return [
        [
            str(f.turn),
            f.kind,
            f"{f.percent}%",
            f.about,
            f.ruling,
            "yes" if f.came_true else "no",
        ]
        for f in t.scored
    ]


def team_rows(c: CalibrationSection) -> list[list[str]]:
    return [
        [
            t.name,
            str(t.forecasts),
            f"{t.brier:.3f}",
            f"{t.mean_forecast:.0%}",
            f"{t.came_true:.0%}",
            t.in_words,
        ]
        for t in c.teams
    ]


def estimate_rows(ledger: tuple[LedgerEntry, ...]) -> list[list[str]]:
    rows = []
    for r in ledger:
        x = r.estimative
        if x is None:
            continue
        head = [r.id, str(r.turn), f"{x.odds}%", str(x.roll), fmt.result(r)]
        if r.voided:
            head[4] += " (voided)"
        for t in x.estimates or ():
            team = f"{t.team} (entered by the white cell)" if t.on_behalf else t.team
            rows.append([*head, team, f"{t.percent}%", t.reasoning])
            head = ["", "", "", "", ""]
        if not x.estimates:
            rows.append([*head, "-", "-", "no team gave an estimate"])
    return rows


def pending_text(c: CalibrationSection) -> str:
    if not c.pending:
        return ""
    return (
        f"{fmt.plural(c.pending, 'stated chance')} had no standing ruling to settle "
        "it (not yet ruled, or its ruling voided) and are not scored."
    )


def feedback_rows(f: FeedbackSection) -> list[list[str]]:
    rows = [[t.team, str(t.answers), f"{t.realism:.1f}", f"{t.learning:.1f}"] for t in f.teams]
    rows.append(["Everyone", str(len(f.answers)), f"{f.realism:.1f}", f"{f.learning:.1f}"])
    return rows


def feedback_note(f: FeedbackSection) -> str:
    low, high = f.scale
    return (
        "What the participants answered once the session had ended: what worked, what to "
        f"improve, and how realistic and how instructive it was ({low} poor to {high} excellent)."
    )


# -- Markdown -----------------------------------------------------------------------------------


def calibration_md(m: Report, day: str | None) -> list[str]:
    from exercise.review.render_md import esc, table

    c = m.calibration
    if c is None:
        return []
    out = [esc(CALIBRATION_NOTE), ""]
    if not c.teams:
        out += ["No stated chance has been settled by a ruling yet.", ""]
    else:
        out += table(TEAM_HEAD, [[esc(x) for x in r] for r in team_rows(c)])
    if pending_text(c):
        out += [esc(pending_text(c)), ""]
    for t in c.teams:
        out += [f"### {esc(t.name)}: {esc(t.in_words)}", ""]
        out += ["Reliability:", ""] + table(BAND_HEAD, band_rows(t))
        out += ["Forecasts scored:", ""]
        out += table(FORECAST_HEAD, [[esc(x) for x in r] for r in forecast_rows(t)])
    estimates = estimate_rows(m.ledger)
    if estimates:
        out += ["### Estimates before estimative rulings", ""]
        out += table(ESTIMATE_HEAD, [[esc(x) for x in r] for r in estimates])
    return out


def feedback_md(m: Report, day: str | None) -> list[str]:
    from exercise.review.render_md import esc, table

    f = m.feedback
    if f is None:
        return []
    out = [esc(feedback_note(f)), ""] + table(FEEDBACK_HEAD, feedback_rows(f))
    for a in f.answers:
        out += [
            f"### {esc(a.team)}, {esc(a.author or 'anonymous')} (event {a.seq or '-'}, "
            f"{fmt.clock(a.at, day)}): realism {a.realism}, learning {a.learning}",
            "",
            f"- What worked: {esc(a.worked) or 'no answer'}",
            f"- What to improve: {esc(a.improve) or 'no answer'}",
            "",
        ]
    return out


# -- HTML ---------------------------------------------------------------------------------------


def evidence_html(o: Observation) -> str:
    """A rated observation's rating and evidence, the event linked where the report shows it."""
    from exercise.review.render_html import e

    parts = []
    if o.rating:
        parts.append(
            f'<span class="rated r-{e(o.rating)}">{e(o.rating)}</span> '
            f"{e(RATINGS.get(o.rating, o.rating))}"
        )
    if o.about is not None:
        seq = e(o.about.seq)
        link = (
            f'<a href="#{anchor_id(o.about.seq)}">event {seq}</a>'
            if o.about.shown_in
            else f"event {seq} (not shown in this report)"
        )
        parts.append(f"about {link}: {e(o.about.what)}")
    return f' <span class="evidence">{"; ".join(parts)}</span>' if parts else ""


def calibration_html(m: Report, day: str | None) -> str:
    from exercise.review.render_html import e, table

    c = m.calibration
    if c is None:
        return ""
    out = [f'<p class="note">{e(CALIBRATION_NOTE)}</p>']
    if not c.teams:
        out.append("<p>No stated chance has been settled by a ruling yet.</p>")
    else:
        rows = [[e(x) for x in r] for r in team_rows(c)]
        out.append(table(TEAM_HEAD, rows, num=(1, 2, 3, 4)))
    if pending_text(c):
        out.append(f'<p class="muted">{e(pending_text(c))}</p>')
    for t in c.teams:
        out.append(f"<h3>{e(t.name)}: {e(t.in_words)}</h3>")
        out.append("<h4>Reliability</h4>")
        out.append(
            table(BAND_HEAD, [[e(x) for x in r] for r in band_rows(t)], "compact", (1, 2, 3))
        )
        out.append("<h4>Forecasts scored</h4>")
        out.append(table(FORECAST_HEAD, [[e(x) for x in r] for r in forecast_rows(t)], num=(0, 2)))
    estimates = estimate_rows(m.ledger)
    if estimates:
        out.append("<h3>Estimates before estimative rulings</h3>")
        out.append(table(ESTIMATE_HEAD, [[e(x) for x in r] for r in estimates], num=(1, 2, 3, 6)))
    return "\n".join(out)


def feedback_html(m: Report, day: str | None) -> str:
    from exercise.review.render_html import e, table

    f = m.feedback
    if f is None:
        return ""
    out = [
        f'<p class="note">{e(feedback_note(f))}</p>',
        table(FEEDBACK_HEAD, [[e(x) for x in r] for r in feedback_rows(f)], "compact", (1, 2, 3)),
    ]
    for a in f.answers:
        out.append(
            f"<h3>{e(a.team)}, {e(a.author or 'anonymous')} "
            f"<span class='note'>(event {e(a.seq or '-')}, "
            f"{e(fmt.clock(a.at, day))}): realism {e(a.realism)}, learning {e(a.learning)}"
            "</span></h3>"
            f"<p><strong>What worked:</strong> {e(a.worked) or NO_ANSWER}</p>"
            f"<p><strong>What to improve:</strong> {e(a.improve) or NO_ANSWER}</p>"
        )
    return "\n".join(out)
