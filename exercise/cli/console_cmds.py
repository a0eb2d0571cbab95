"""ttx play, ttx review: the Textual consoles."""

from __future__ import annotations

from pathlib import Path

from exercise.cli.commands import UserError, command
from exercise.cli.common import (
    check_session,
    known_scenario,
    load_world,
    new_session_path,
    open_session,
)


def _roles(text: str | None) -> list[str]:
    return [r.strip() for r in (text or "").split(",") if r.strip()]


@command
def register_play(sub) -> None:
    p = sub.add_parser("play", help="the facilitator console (start screen, new session, or resume)")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario id to start")
    p.add_argument("--session", metavar="FILE", help="session file for a new session (default sessions/SCENARIO-TIME.ttx)")
    p.add_argument("--resume", metavar="FILE", help="resume a session file")
    p.add_argument("--seed", type=int, help="seed of the session's RNG (default: random)")
    p.add_argument("--teams", metavar="ROLES", help="roles staffed by team consoles, comma-separated")
    p.add_argument("--entered", metavar="ROLES", help="roles whose decisions the facilitator enters")
    p.add_argument("--root", default=".", help="content root (default: current folder)")
    p.set_defaults(func=run_play)


def run_play(args) -> int:
    from exercise.tui.startup import hold_collector

    if args.resume:
        if args.scenario or args.session:
            raise UserError("--resume takes a session file only, not a scenario or --session")
        hold_collector()
        from exercise.store import NotASession
        from exercise.tui.gateway import Gateway

        # The session opens (in the gateway's thread, like every connection a console uses) before
        # Textual loads: a bad file is refused with one line, and a good one is in the first frame.
        # Loading both at once would be slower: they share one interpreter lock.
        gateway = Gateway(Path(args.resume)).preload()
        try:
            gateway.opened()
        except (NotASession, OSError) as exc:
            raise UserError(str(exc)) from None
        from exercise.tui.app import FacilitatorApp

        FacilitatorApp(args.root, gateway=gateway).run()
        return 0
    from exercise.tui.app import FacilitatorApp

    if not args.scenario:
        if args.session or args.teams or args.entered:
            raise UserError("name a SCENARIO to start a new session")
        FacilitatorApp(args.root).run()
        return 0
    teams, entered = _roles(args.teams), _roles(args.entered)
    if not (teams or entered):
        # Ask on screen who plays which role; the content is checked while the dialog is open.
        root, scenario_id = known_scenario(args.root, args.scenario)
        if args.session:
            new_session_path(args.session, args.session)
        FacilitatorApp(root, scenario=scenario_id, seed=args.seed, session_file=args.session).run()
        return 0
    world = load_world(args.root, args.scenario)
    scenario_id = world["scenario"]["id"]
    roles = world["scenario"]["roles"]
    for r in teams + entered:
        if r not in roles:
            raise UserError(f"'{r}' is not a role of scenario '{scenario_id}' (roles: {', '.join(roles)})")
    if args.session:
        new_session_path(args.session, args.session)
    from exercise.session.setup import create_session, default_session_path, new_seed

    path = Path(args.session) if args.session else default_session_path(scenario_id)
    participants = {r: "team" if r in teams else "facilitator" if r in entered else "bot" for r in roles}
    create_session(args.root, scenario_id, path, seed=args.seed if args.seed is not None else new_seed(),
                   participants=participants).close()
    hold_collector()
    FacilitatorApp(args.root, session=path).run()
    return 0


@command
def register_review(sub) -> None:
    p = sub.add_parser("review", help="the after-action review console")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_review)


def run_review(args) -> int:
    from exercise.tui.review_app import ReviewApp

    check_session(args.file)
    ReviewApp(Path(args.file)).run()
    return 0


@command
def register_team(sub) -> None:
    p = sub.add_parser("team", help="a team console (asks for the team's join code)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--role", required=True, metavar="ROLE", help="the team: one of the session's roles")
    p.set_defaults(func=run_team)


def run_team(args) -> int:
    from exercise.tui.team_app import TeamApp

    with open_session(args.file) as session:
        w = session.state.world
        if args.role not in w.played:
            raise UserError(f"--role {args.role}: not a team in this session (teams: {', '.join(w.played)})")
        name = w.roles[args.role].name if args.role in w.roles else args.role
    TeamApp(Path(args.file), args.role, name).run()
    return 0


@command
def register_codes(sub) -> None:
    p = sub.add_parser("codes", help="the session's join codes, one per team")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_codes)


def run_codes(args) -> int:
    with open_session(args.file) as session:
        s = session.state
        for role in s.world.played:
            mode = s.participants.get(role, "bot")
            print(f"{role:12} {s.codes.get(role, '-'):8} ({mode})")
    return 0


@command
def register_serve(sub) -> None:
    p = sub.add_parser("serve", help="the consoles in a browser: /facilitator and /team/<role>")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--public-url", metavar="URL", help="the address browsers use, when behind a proxy")
    p.set_defaults(func=run_serve)


def run_serve(args) -> int:
    import sys

    from exercise.tui.serve import LOOPBACK, ConsoleServer

    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port}: not a port number")
    with open_session(args.file) as session:
        w = session.state.world
        roles = [(r, w.roles[r].name if r in w.roles else r) for r in w.played]
        title = w.scenario.title
    if args.host not in LOOPBACK:
        print(f"warning: listening on {args.host}, not only this machine: anyone who can reach this address "
              "can open a console page (teams still need their join codes)", file=sys.stderr)
    server = ConsoleServer(Path(args.file), roles, title, host=args.host, port=args.port, public_url=args.public_url)
    print(f"serving {args.file}: {server.public_url}/  (facilitator: /facilitator, teams: /team/<role>)", file=sys.stderr)
    server.serve()
    return 0
