"""A team's estimates, as its History tab shows them: what the white cell asked about, the
team's own estimate, and, once the team is told of the ruling, every other team's estimate and
the odds the white cell rolled against."""

from __future__ import annotations

from textual.content import Content

from exercise.session.team_view import TeamEstimate, TeamEstimateRequest, TeamView


def _estimate(e: TeamEstimate) -> list:
    return [
        (f"{e.percent}%", "bold"),
        f" — {e.reasoning}" if e.reasoning else "",
    ]


def request_content(r: TeamEstimateRequest, ended: bool = False) -> Content:
    if r.answerable:
        status = ("open: you may revise your estimate until the ruling (e)", "italic")
    elif r.ruled:
        status = ("ruled", "bold")
    elif ended:
        status = ("not ruled on before the session ended", "dim")
    else:
        status = ("no longer asked (the decisions were ruled otherwise or withdrawn)", "dim")
    parts: list = [(f"Turn {r.turn} · request {r.request_id} · ", "bold"), status, "\n"]
    parts += [f"  • {action}\n" for action in r.actions]
    parts += ["  Your estimate: "]
    parts += _estimate(r.mine) if r.mine is not None else [("none given", "italic")]
    parts.append("\n")
    if r.odds is not None:
        for e in r.others:
            parts += [f"  {e.team}: ", *_estimate(e), "\n"]
        if not r.others:
            parts.append(("  No other team gave an estimate.\n", "dim"))
        parts += ["  Odds rolled against: ", (f"{r.odds}%", "bold"), "\n"]
        if r.roll:
            parts.append((f"  {r.roll}\n", "dim"))
    elif r.ruled:
        parts.append(
            ("  The white cell has ruled on it; your team is not told the ruling.\n", "dim")
        )
    return Content.assemble(*parts)


def estimates_content(view: TeamView) -> Content:
    if not view.estimates:
        return Content("The white cell has not asked for your estimates.")
    return Content("\n").join(request_content(r, view.ended) for r in view.estimates)
