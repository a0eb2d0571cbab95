"""`/observer` under a real `ttx serve`: its sign-in asks for the observer's code and a name; a
wrong code, a team's or the facilitator's opens nothing (and counts towards the lockout); the
observer's code opens the seat and nothing else (not /facilitator, not /screen, no team)."""

from __future__ import annotations

import asyncio

import pytest

from exercise.tui.web_pages import index_page, login_page
from tests.conftest import log_events
from tests.seated import FACILITATOR_CODE, OBSERVER_CODE, seated_session
from tests.web.served import console_output, start_server, stop_server, ws_status

pytestmark = pytest.mark.slow
SEAT = b"6 Mine"  # the observer screen's own tab, named in its tab bar


@pytest.fixture
def served(tmp_path, mini_world, clock):
    server = start_server(seated_session(tmp_path / "seated.ttx", mini_world, clock))
    yield server
    stop_server(server)


def test_the_sign_in_asks_for_the_observer_code_and_a_name(served):
    status, headers, page = served.get("/observer")
    assert status == 200 and "Observer code" in page and "Observer" in page
    assert 'name="name"' in page and "required" in page.split('id="name"')[1].split(">")[0]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert 'href="/observer"' in served.get("/")[2]
    assert ws_status(served, "/ws/observer")[0] == 403  # no cookie: nothing starts
    assert served.children() == []


def test_wrong_codes_open_nothing_and_are_counted(served):
    before = len(log_events(served.session))
    for code in ("WRONG", "CODE2", FACILITATOR_CODE, OBSERVER_CODE + "X"):
        status, headers, page = served.post("/observer", {"code": code, "name": "Ana"})
        assert status == 403 and "not right" in page and "Set-Cookie" not in headers, code
    status, headers, page = served.post("/observer", {"code": "WRONG", "name": "Ana"})
    assert status == 429 and headers["Retry-After"] == "60"  # the fifth: locked out
    status, headers, _ = served.post("/observer", {"code": OBSERVER_CODE, "name": "Ana"})
    assert status == 429 and "Set-Cookie" not in headers  # right, but locked out
    assert len(log_events(served.session)) == before  # a seat's refusals go to the server's log
    assert served.children() == []


@pytest.mark.parametrize(
    "name, why", [("", "Type your name"), ("  \x07 ", "Type your name"), ("facilitator", "white")]
)
def test_the_name_is_asked_before_the_code_is_looked_at(served, name, why):
    for code in (OBSERVER_CODE, "WRONG"):  # the same answer: it tells nothing of the code
        status, headers, page = served.post("/observer", {"code": code, "name": name})
        assert status == 400 and why in page and "Set-Cookie" not in headers
    # ...and it is no failed code: the right code still opens the seat at once
    assert served.login("/observer", OBSERVER_CODE, "Ana")


def test_the_observer_code_opens_the_seat_and_nothing_else(served):
    for path in ("/facilitator", "/screen", "/team/damascus"):
        assert served.post(path, {"code": OBSERVER_CODE, "name": "Ana"})[0] == 403, path
    seat = served.login("/observer", OBSERVER_CODE.lower(), "Ana [b]Eval")
    for path in ("/ws/facilitator", "/ws/screen", "/ws/team/damascus"):
        assert ws_status(served, path, cookies=seat)[0] == 403, path
    [(name, value)] = seat.items()
    for other in ("facilitator", "damascus"):  # the seat's cookie under another console's name
        forged = {name.rsplit("-", 1)[0] + f"-{other}": value}
        path = "/ws/facilitator" if other == "facilitator" else f"/ws/team/{other}"
        assert ws_status(served, path, cookies=forged)[0] == 403
    white = served.login("/facilitator", FACILITATOR_CODE)
    team = served.login("/team/damascus", "CODE2")
    for cookies in (white, team):  # nor does any other console's cookie open the seat
        assert ws_status(served, "/ws/observer", cookies=cookies)[0] == 403
    assert served.children() == []
    seen: list[list[str]] = []
    out = asyncio.run(
        console_output(
            served.ws_base + "/ws/observer?width=120&height=40",
            SEAT,
            cookies=seat,
            seconds=40,
            hold=lambda: seen.append(served.consoles()),
        )
    )
    assert SEAT in out and b"Observer code" not in out  # signed in already: no prompt
    [console] = seen[0]
    assert "observe" in console and OBSERVER_CODE not in console  # no code for `ps` to show


def test_a_very_long_name_with_markup_signs_in_cut_short(served):
    name = "<script>[b]" + "y" * 3000
    seat = served.login("/observer", OBSERVER_CODE, name)
    status, _, page = served.get(
        "/observer", {"Cookie": "; ".join(f"{k}={v}" for k, v in seat.items())}
    )
    assert status == 200 and "data-session-websocket-url" in page and "<script>[b]" not in page


@pytest.mark.parametrize("path", ["/observer", "/ws/observer"])
async def test_without_an_observer_code_there_is_no_seat(tmp_path, path):
    """A session whose file could not record the observer's code: /observer is not there."""
    from aiohttp.test_utils import TestClient, TestServer

    from exercise.tui.serve import ConsoleServer
    from exercise.tui.web_auth import Door

    door = Door("0" * 64, {"facilitator": FACILITATOR_CODE, "moscow": "CODE0"})
    server = ConsoleServer(
        tmp_path / "s.ttx", [("moscow", "Moscow")], "t", door=door, host="127.0.0.1", port=8000
    )
    async with TestClient(TestServer(await server.make_app())) as client:
        headers = {"Host": "127.0.0.1:8000"}
        assert (await client.get(path, headers=headers)).status == 404
        posted = await client.post("/observer", data={"code": "CODE0"}, headers=headers)
        assert posted.status == 404
        assert 'href="/observer"' not in await (await client.get("/", headers=headers)).text()


def test_pages_escape_what_they_are_given():
    page = login_page("<t>", "Observer", "/observer", team=False, observer=True, name="<b>x")
    assert "<b>x" not in page and "&lt;b&gt;x" in page and "required" in page
    assert 'href="/observer"' not in index_page("t", {"moscow": "Moscow"})  # no seat, no link
    assert 'href="/observer"' in index_page("t", {"moscow": "Moscow"}, observer=True)
