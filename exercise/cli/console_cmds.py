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


def _theme_option(p) -> None:
    p.add_argument(
        "--theme",
        metavar="NAME",
        help="the console's colours, e.g. ttx-high-contrast (default: TTX_THEME, else "
        "Textual's; ctrl+p then Theme switches while it runs)",
    )


def _theme(args) -> str | None:
    """The theme asked for by --theme or TTX_THEME, checked before any console starts. It loads
    Textual, so each console checks its session file first: a bad one is refused before that
    import (tests/cli/test_refused_before_loading.py)."""
    from exercise.tui.themes import UnknownTheme, chosen_theme

    try:
        return chosen_theme(args.theme)
    except UnknownTheme as exc:
        raise UserError(str(exc)) from None


def _run(app) -> int:
    """Run a console; its exit code. Textual catches an unhandled exception, prints the traceback,
    sets return_code to 1 and returns from run(): a crashed console must not exit 0."""
    app.run()
    gateway = getattr(app, "gateway", None)
    if gateway is not None and hasattr(gateway, "receipt"):
        _print_receipt(gateway.path)
    return app.return_code or 0


def _print_receipt(path: Path) -> None:
    """Once the facilitator leaves an ended session, its receipt, to keep apart from the file."""
    from exercise.session import Session
    from exercise.store.log import SessionFileError

    try:
        with Session.open(path, readonly=True) as s:
            if s.state.ended:
                print(
                    f"{path}: the session has ended. Its receipt, to keep apart from the file:\n"
                    f"{s.receipt()}\n"
                    f"`ttx verify {path} --head RECEIPT` checks the file against it."
                )
    except (SessionFileError, OSError):
        pass  # the console has said what was wrong with the file


@command
def register_play(sub) -> None:
    p = sub.add_parser(
        "play", help="the facilitator console (start screen, new session, or resume)"
    )
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario id to start")
    p.add_argument(
        "--session",
        metavar="FILE",
        help="session file for a new session (default sessions/SCENARIO-TIME.ttx)",
    )
    p.add_argument("--resume", metavar="FILE", help="resume a session file")
    p.add_argument("--seed", type=int, help="seed of the session's RNG (default: random)")
    p.add_argument(
        "--teams", metavar="ROLES", help="roles staffed by team consoles, comma-separated"
    )
    p.add_argument(
        "--entered", metavar="ROLES", help="roles whose decisions the facilitator enters"
    )
    p.add_argument("--root", default=".", help="content root (default: current folder)")
    _theme_option(p)
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
        theme = _theme(args)  # after the session is open: Textual's import would slow it down
        from exercise.tui.app import FacilitatorApp

        return _run(FacilitatorApp(args.root, gateway=gateway, theme=theme))
    theme = _theme(args)
    from exercise.tui.app import FacilitatorApp

    if not args.scenario:
        if args.session or args.teams or args.entered:
            raise UserError("name a SCENARIO to start a new session")
        return _run(FacilitatorApp(args.root, theme=theme))
    teams, entered = _roles(args.teams), _roles(args.entered)
    if not (teams or entered):
        # Ask on screen who plays which role; the content is checked while the dialog is open.
        root, scenario_id = known_scenario(args.root, args.scenario)
        if args.session:
            new_session_path(args.session, args.session)
        return _run(
            FacilitatorApp(
                root,
                scenario=scenario_id,
                seed=args.seed,
                session_file=args.session,
                theme=theme,
            )
        )
    world = load_world(args.root, args.scenario)
    scenario_id = world["scenario"]["id"]
    roles = world["scenario"]["roles"]
    for r in teams + entered:
        if r not in roles:
            raise UserError(
                f"'{r}' is not a role of scenario '{scenario_id}' (roles: {', '.join(roles)})"
            )
    if args.session:
        new_session_path(args.session, args.session)
    from exercise.session.setup import create_session, default_session_path, new_seed

    path = Path(args.session) if args.session else default_session_path(scenario_id)
    participants = {
        r: "team" if r in teams else "facilitator" if r in entered else "bot" for r in roles
    }
    create_session(
        args.root,
        scenario_id,
        path,
        seed=args.seed if args.seed is not None else new_seed(),
        participants=participants,
    ).close()
    hold_collector()
    return _run(FacilitatorApp(args.root, session=path, theme=theme))


@command
def register_review(sub) -> None:
    p = sub.add_parser("review", help="the after-action review console")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--whatif",
        metavar="RESULT",
        help="the roads not taken, from 'ttx whatif FILE -o RESULT' (default: FILE's stem "
        "+ .roads.json beside it, when there)",
    )
    _theme_option(p)
    p.set_defaults(func=run_review)


def run_review(args) -> int:
    from exercise.session.whatif_file import WhatIfFileError, read_whatif

    start = check_session(args.file)  # its replay is the review's: the timeline starts there
    if args.whatif is not None:
        try:
            read_whatif(args.whatif)  # a broken file is refused here, in one line
        except WhatIfFileError as exc:
            raise UserError(f"--whatif {exc}") from None
    theme = _theme(args)
    from exercise.tui.review_app import ReviewApp

    return _run(ReviewApp(Path(args.file), theme=theme, roads=args.whatif, start=start))


@command
def register_team(sub) -> None:
    p = sub.add_parser("team", help="a team console (asks for the team's join code)")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--role", required=True, metavar="ROLE", help="the team: one of the session's roles"
    )
    _theme_option(p)
    p.set_defaults(func=run_team)


def run_team(args) -> int:
    from exercise.store import NotASession

    with open_session(args.file) as session:
        w = session.state.world
        try:
            session.require_writable()
        except NotASession as exc:
            raise UserError(str(exc)) from None
        if args.role not in w.played:
            raise UserError(
                f"--role {args.role}: not a team in this session (teams: {', '.join(w.played)})"
            )
        name = w.roles[args.role].name if args.role in w.roles else args.role
    theme = _theme(args)
    from exercise.tui.team_app import TeamApp

    return _run(TeamApp(Path(args.file), args.role, name, theme=theme))


@command
def register_screen(sub) -> None:
    p = sub.add_parser(
        "screen", help="the projector view: what the whole room may see, in large type"
    )
    p.add_argument("file", metavar="FILE")
    _theme_option(p)
    p.set_defaults(func=run_screen)


def run_screen(args) -> int:
    check_session(args.file)
    theme = _theme(args)
    from exercise.tui.room_app import RoomApp

    return _run(RoomApp(Path(args.file), theme=theme))


@command
def register_observe(sub) -> None:
    p = sub.add_parser(
        "observe",
        help="the observer seat: the whole session, read-only, and observations rated P/S/M/U "
        "(asks for the observer's code)",
    )
    p.add_argument("file", metavar="FILE")
    _theme_option(p)
    p.set_defaults(func=run_observe)


def run_observe(args) -> int:
    from exercise.engine.decide import Refused
    from exercise.session.codes import NoSeat, observer_code
    from exercise.store import NotASession

    with open_session(args.file) as session:
        try:
            session.require_writable()
            # A session from before the seat had a code gets one now (ttx codes shows it).
            observer_code(session)
        except NotASession as exc:
            raise UserError(str(exc)) from None
        except (NoSeat, Refused) as exc:
            raise UserError(f"{args.file}: no observer seat: {exc}") from None
    theme = _theme(args)
    from exercise.tui.observer_app import ObserverApp

    return _run(ObserverApp(Path(args.file), theme=theme))


@command
def register_codes(sub) -> None:
    p = sub.add_parser(
        "codes", help="the session's codes: one per team, the facilitator's and the observer's"
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_codes)


def run_codes(args) -> int:
    from exercise.session.codes import FACILITATOR, OBSERVER, facilitator_code, observer_code

    with open_session(args.file) as session:
        # Sessions made before a seat had a code get one now, recorded in the log.
        white = _seat_code(args.file, "a facilitator", facilitator_code, session) or "-"
        observer = _seat_code(args.file, "an observer", observer_code, session) or "-"
        s = session.state
        for role in s.world.played:
            mode = s.participants.get(role, "bot")
            print(f"{role:12} {s.codes.get(role, '-'):8} ({mode})")
        print(f"{FACILITATOR:12} {white:8} (served /facilitator and /screen)")
        print(f"{OBSERVER:12} {observer:8} (ttx observe, served /observer)")
        print(
            f"receipt      {session.receipt()}  (the chain's head now: keep it apart; "
            f"ttx verify {args.file} --head RECEIPT)"
        )
    return 0


def _served_session(file: str):
    """(roles with their names, the scenario's title, the door with every code) for ttx serve."""
    from exercise.session.codes import (
        FACILITATOR,
        OBSERVER,
        facilitator_code,
        observer_code,
        team_codes,
    )
    from exercise.tui.web_auth import Door

    with open_session(file) as session:
        w = session.state.world
        roles = [(r, w.roles[r].name if r in w.roles else r) for r in w.played]
        try:
            codes = {**team_codes(session), FACILITATOR: facilitator_code(session)}
        except Exception as exc:
            raise UserError(f"{file}: could not record a facilitator code: {exc}") from None
        # Without an observer code (one the file could not record) /observer opens nothing.
        observer = _seat_code(file, "an observer", observer_code, session)
        if observer:
            codes[OBSERVER] = observer
        return roles, w.scenario.title, Door(next(iter(session.rows(upto=1))).hash, codes)


def _seat_code(file: str, seat: str, issue, session) -> str:
    """A seat's code, issued now if the session has none; '' (and why, on stderr) when this file
    cannot record one."""
    import sys

    try:
        return issue(session)
    except Exception as exc:
        print(f"{file}: could not record {seat} code: {exc}", file=sys.stderr)
        return ""


@command
def register_serve(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="the consoles in a browser: /facilitator, /observer and /team/<role>, each behind "
        "its code",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only)",
    )
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when behind a proxy (https://...)",
    )
    p.add_argument(
        "--max-consoles",
        type=int,
        default=40,
        metavar="N",
        help="console processes running at once, in all (default 40)",
    )
    p.add_argument(
        "--max-per-console",
        type=int,
        default=3,
        metavar="N",
        help="console processes running at once for one team, or for the facilitator (default 3)",
    )
    _theme_option(p)
    p.set_defaults(func=run_serve)


def run_serve(args) -> int:
    import re
    import sys

    from exercise.tui.serve import LOOPBACK, ConsoleServer
    from exercise.tui.web_auth import WILDCARD

    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port}: not a port number")
    for flag, value in (
        ("--max-consoles", args.max_consoles),
        ("--max-per-console", args.max_per_console),
    ):
        if value < 1:
            raise UserError(f"{flag} {value}: must be 1 or more")
    if args.public_url and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", args.public_url):
        raise UserError(f"--public-url {args.public_url}: not an http:// or https:// address")
    theme = _theme(args)  # every console it starts is passed --theme (TTX_THEME they inherit)
    roles, title, door = _served_session(args.file)
    if args.host not in LOOPBACK:
        tls = (
            ""
            if (args.public_url or "").startswith("https://")
            else (
                "; codes and cookies cross the network in clear text, so put a TLS proxy in front "
                "and pass --public-url https://..."
            )
        )
        shown = f"[{args.host}]" if ":" in args.host else args.host or "every address"
        print(
            f"warning: listening on {shown}: anyone on the network can reach the console "
            "pages, and every console (the facilitator's too) needs its code "
            f"(ttx codes FILE){tls}",
            file=sys.stderr,
        )
    server = ConsoleServer(
        Path(args.file),
        roles,
        title,
        door=door,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        max_consoles=args.max_consoles,
        max_per_console=args.max_per_console,
        theme=theme,
    )
    print(
        f"serving {args.file}: {server.public_url}/  "
        "(facilitator: /facilitator, observer: /observer, teams: /team/<role>)",
        file=sys.stderr,
    )
    if args.host in WILDCARD and not args.public_url:
        print(
            "  that is this machine's loopback address; other machines use one of its network "
            f"addresses, e.g. http://<this machine's IP>:{args.port}/",
            file=sys.stderr,
        )
    try:
        server.serve()
    except OSError as exc:
        raise UserError(
            f"--host {args.host} --port {args.port}: cannot listen there: {exc.strerror or exc}"
        ) from None
    return 0
