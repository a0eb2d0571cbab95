"""ttx serve on a free loopback port: pages, sign-in, cookies, refusals, caps, and the consoles.

conftest's session has team codes CODE0..CODE3 (damascus, CODE2, is played by a team console)
and no facilitator code: the server records one when it starts.
"""

import asyncio
import subprocess
import sys

import pytest

from exercise.session import Session
from tests.web.served import (
    ROOT,
    console_output,
    start_server,
    stop_server,
    wait_until,
    ws_status,
)

pytestmark = pytest.mark.slow
TEAM_SCREEN = b"Select a message"  # the inbox preview of the team screen


@pytest.fixture
def served(session_file):
    server = start_server(session_file)
    yield server
    stop_server(server)


def rows(path):
    with Session.open(path) as s:
        return [(r.kind, r.data()) for r in s.rows()]


def facilitator_code(path) -> str:
    with Session.open(path) as s:
        return s.state.codes["facilitator"]


def test_pages_and_the_sign_in_form(served):
    status, _, index = served.get("/")
    assert status == 200 and all(
        f'href="/team/{r}"' in index for r in ("moscow", "tehran", "damascus", "jerusalem")
    )
    status, headers, page = served.get("/team/moscow")
    assert status == 200 and 'name="code"' in page and 'for="code"' in page and "Moscow" in page
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    status, _, page = served.get("/facilitator")
    assert status == 200 and "Facilitator code" in page and 'name="name"' not in page
    assert served.get("/team/nope")[0] == 404
    assert served.get("/anything/else")[0] == 404
    # the old session got its codes: the facilitator's and the observer's
    assert [k for k, _ in rows(served.session)].count("CodeIssued") == 2


def test_a_websocket_without_a_cookie_is_refused_and_starts_nothing(served):
    for path in ("/ws/team/damascus", "/ws/facilitator"):
        status, body = ws_status(served, path)
        assert status == 403 and "sign in" in body
    status, _ = ws_status(
        served, "/ws/team/damascus", cookies={"ttx-0123456789ab-damascus": "1.x.y"}
    )
    assert status == 403
    assert served.children() == []


def test_wrong_codes_are_logged_then_the_address_is_locked_out(served):
    before = len(rows(served.session))
    for _ in range(4):
        status, _, page = served.post("/team/damascus", {"code": "WRONG"})
        assert status == 403 and "not right" in page and 'role="alert"' in page
    status, headers, page = served.post("/team/damascus", {"code": "WRONG"})  # the fifth
    assert status == 429 and "Too many wrong codes" in page and headers["Retry-After"] == "60"
    new = rows(served.session)[before:]
    assert [k for k, _ in new] == ["JoinRefused"] * 5
    assert {d["client"] for _, d in new} == {"browser 127.0.0.1"}
    status, headers, page = served.post(
        "/team/damascus", {"code": "CODE2"}
    )  # right, but locked out
    assert status == 429 and "Set-Cookie" not in headers
    status, _, _ = served.post(
        "/facilitator", {"code": facilitator_code(served.session)}
    )  # any console
    assert status == 429
    assert len(rows(served.session)) == before + 5  # a flood writes nothing more


def test_the_right_code_opens_the_team_console_without_a_join_prompt(served):
    status, headers, _ = served.post("/team/damascus", {"code": "code2", "name": "Rana"})
    assert status == 303 and headers["Location"] == "/team/damascus"
    [set_cookie] = headers.get_all("Set-Cookie")
    flags = [f.strip().lower() for f in set_cookie.split(";")]
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
    cookies = served.login("/team/damascus", "CODE2", "Rana")
    status, _, page = served.get(
        "/team/damascus", {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    )
    assert status == 200 and "data-session-websocket-url" in page
    seen: list[list[str]] = []
    out = asyncio.run(
        console_output(
            served.ws_base + "/ws/team/damascus?width=120&height=40",
            TEAM_SCREEN,
            cookies=cookies,
            hold=lambda: seen.append(served.consoles()),
        )
    )
    assert TEAM_SCREEN in out and b"Join code" not in out
    [console] = seen[0]
    assert (
        "team" in console and "damascus" in console and "CODE2" not in console
    )  # no code for `ps` to show
    joined = [d for k, d in rows(served.session) if k == "TeamJoined"]
    assert joined[-1]["role"] == "damascus" and joined[-1]["client"] == "Rana (browser 127.0.0.1)"


def test_the_facilitator_code_opens_only_the_facilitator_console(served):
    code = facilitator_code(served.session)
    assert (
        served.post("/facilitator", {"code": "CODE2"})[0] == 403
    )  # a team's code is not the facilitator's
    assert served.post("/team/damascus", {"code": code})[0] == 403
    white = served.login("/facilitator", code)
    assert ws_status(served, "/ws/team/damascus", cookies=white)[0] == 403
    out = asyncio.run(
        console_output(
            served.ws_base + "/ws/facilitator?width=120&height=40",
            b"Damascus",
            cookies=white,
            seconds=40,
        )
    )
    assert b"Damascus" in out


def test_the_screen_opens_with_the_facilitators_code_and_shows_the_room(served):
    status, _, page = served.get("/screen")
    assert status == 200 and "Facilitator code" in page and "The room" in page
    assert 'href="/screen"' in served.get("/")[2]
    assert ws_status(served, "/ws/screen")[0] == 403  # no cookie
    assert served.post("/screen", {"code": "CODE2"})[0] == 403  # a team's code is not enough
    team = served.login("/team/damascus", "CODE2")
    assert ws_status(served, "/ws/screen", cookies=team)[0] == 403
    assert served.children() == []
    white = served.login("/screen", facilitator_code(served.session))
    status, _, page = served.get(
        "/screen", {"Cookie": "; ".join(f"{k}={v}" for k, v in white.items())}
    )
    assert status == 200 and 'data-font-size="26"' in page  # large type on the wall
    seen: list[list[str]] = []
    out = asyncio.run(
        console_output(
            served.ws_base + "/ws/screen?width=120&height=40",
            b"Released to every team",
            cookies=white,
            hold=lambda: seen.append(served.consoles()),
        )
    )
    assert b"Released to every team" in out
    [console] = seen[0]
    assert "screen" in console and "play" not in console


def test_a_cookie_opens_its_own_console_only(served):
    cookies = served.login("/team/damascus", "CODE2")
    [(name, value)] = cookies.items()
    for other in ("moscow", "facilitator"):
        path = f"/ws/team/{other}" if other != "facilitator" else "/ws/facilitator"
        forged = {
            name.rsplit("-", 1)[0] + f"-{other}": value
        }  # damascus's cookie under another console's name
        assert ws_status(served, path, cookies=forged)[0] == 403
        assert ws_status(served, path, cookies=cookies)[0] == 403
    assert served.children() == []


def test_foreign_origin_or_host_is_refused(served):
    cookies = served.login("/team/damascus", "CODE2")
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{served.port + 1}"):
        assert ws_status(served, "/ws/team/damascus", cookies=cookies, origin=origin)[0] == 403
    assert (
        ws_status(served, "/ws/team/damascus", cookies=cookies, host=f"evil.example:{served.port}")[
            0
        ]
        == 403
    )
    before = len(rows(served.session))
    status, _, _ = served.post(
        "/team/damascus", {"code": "WRONG"}, {"Origin": "http://evil.example"}
    )
    assert (
        status == 403 and len(rows(served.session)) == before
    )  # refused before any code is looked at
    assert served.get("/", {"Host": "rebound.example"})[0] == 403
    assert served.children() == []
    assert served.post("/team/damascus", {"code": "CODE2"}, {"Origin": served.base})[0] == 303


def test_console_processes_are_capped(session_file):
    served = start_server(session_file, "--max-per-console", "1", "--max-consoles", "2")
    try:
        jar = {
            r: served.login(f"/team/{r}", f"CODE{i}")
            for i, r in enumerate(("moscow", "tehran", "damascus"))
        }
        results = {}

        def while_two_are_open():
            wait_until(lambda: len(served.consoles()) == 2, what="two consoles")
            results["second damascus"] = ws_status(
                served, "/ws/team/damascus", cookies=jar["damascus"]
            )
            results["page"] = served.get(
                "/team/damascus",
                {"Cookie": "; ".join(f"{k}={v}" for k, v in jar["damascus"].items())},
            )
            results["moscow"] = ws_status(served, "/ws/team/moscow", cookies=jar["moscow"])
            results["count"] = len(served.consoles())

        async def two_consoles():
            damascus = console_output(
                served.ws_base + "/ws/team/damascus",
                TEAM_SCREEN,
                cookies=jar["damascus"],
                hold=while_two_are_open,
            )
            tehran = console_output(
                served.ws_base + "/ws/team/tehran",
                TEAM_SCREEN,
                cookies=jar["tehran"],
                hold=lambda: wait_until(lambda: "count" in results, what="the checks"),
            )
            return await asyncio.gather(damascus, tehran)

        outs = asyncio.run(two_consoles())
        assert all(TEAM_SCREEN in out for out in outs)
        status, body = results["second damascus"]
        assert status == 503 and "1 Damascus consoles are already open" in body
        assert results["page"][0] == 503 and "already open" in results["page"][2]
        status, body = results["moscow"]
        assert status == 503 and "2 consoles are already open" in body and "--max-consoles" in body
        assert results["count"] == 2
    finally:
        stop_server(served)


@pytest.mark.parametrize(
    "host, url", [("::", "http://[::1]:{port}/"), ("0.0.0.0", "http://127.0.0.1:{port}/")]
)
def test_wildcard_hosts_print_a_usable_address_and_warn(session_file, tmp_path, host, url):
    from tests.web.browser import free_port

    port, log = free_port(), tmp_path / "serve.err"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "exercise",
                "serve",
                str(session_file),
                "--host",
                host,
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=ROOT,
        )
    try:
        text = wait_until(
            lambda: (s := log.read_text()).count("\n") >= 3 and s, what="the three lines"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert url.format(port=port) in text
    assert (
        "anyone on the network" in text
        and "every console" in text
        and "--public-url https://" in text
    )
    assert "network addresses" in text and "teams still need" not in text
