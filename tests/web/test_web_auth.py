"""The served consoles' door, without a server: cookies, throttling, addresses, origins, pages."""

import pytest

from exercise.tui.web_auth import COOKIE_SECONDS, Door, Origins, Throttle, client_key
from exercise.tui.web_pages import login_page

CODES = {"facilitator": "FAC234", "moscow": "MOS567", "tehran": "TEH789"}
NOW = 1_800_000_000.0


@pytest.fixture
def door():
    return Door("a1" * 32, CODES)


def test_a_cookie_admits_its_holder_with_its_name(door):
    name, value = door.cookie("moscow", "Olga", NOW)
    login = door.admits("moscow", {name: value}, NOW + 60)
    assert login is not None and (login.holder, login.name) == ("moscow", "Olga")
    assert door.admits("moscow", {name: value}, NOW + COOKIE_SECONDS + 1) is None  # expired


def test_a_cookie_opens_no_other_holder_or_session(door):
    name, value = door.cookie("moscow", "", NOW)
    assert door.admits("tehran", {door.cookie_name("tehran"): value}, NOW) is None
    assert door.admits("facilitator", {door.cookie_name("facilitator"): value}, NOW) is None
    other = Door("b2" * 32, CODES)  # the same codes, another session
    assert other.cookie_name("moscow") != name
    assert other.admits("moscow", {other.cookie_name("moscow"): value}, NOW) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda v: v.replace(v.split(".")[0], str(int(v.split(".")[0]) + 10**6)),  # a later expiry
        lambda v: v.split(".")[0] + ".QWRtaW4." + v.split(".")[2],  # another name
        lambda v: v[:-1] + ("0" if v[-1] != "0" else "1"),  # a changed mac
        lambda v: v + ".x",
        lambda v: "",
        lambda v: "....",
    ],
)
def test_a_tampered_cookie_admits_nobody(door, tamper):
    name, value = door.cookie("moscow", "Olga", NOW)
    assert door.admits("moscow", {name: tamper(value)}, NOW) is None


def test_codes_are_checked_per_holder(door):
    assert door.code_ok("moscow", " mos567 ")
    assert not door.code_ok("moscow", "FAC234") and not door.code_ok("facilitator", "MOS567")
    assert not door.code_ok("moscow", "MOS567" + " " * 40 + "x")
    assert not Door("h", {"moscow": ""}).code_ok("moscow", "")  # no code: nothing opens it


def test_lockout_after_five_failures_for_a_minute():
    now = [0.0]
    t = Throttle(clock=lambda: now[0])
    assert [t.failed("1.2.3.4") for _ in range(4)] == [0.0] * 4
    assert t.failed("1.2.3.4") == 60.0 and t.locked_for("1.2.3.4") == 60.0
    assert t.locked_for("5.6.7.8") == 0.0  # per address
    now[0] = 59.0
    assert t.locked_for("1.2.3.4") == pytest.approx(1.0)
    now[0] = 60.5
    assert t.locked_for("1.2.3.4") == 0.0 and t.failed("1.2.3.4") == 0.0  # a fresh count


def test_failures_are_forgotten_after_success_or_the_window():
    now = [0.0]
    t = Throttle(clock=lambda: now[0])
    for _ in range(4):
        t.failed("a")
    t.succeeded("a")
    assert t.failed("a") == 0.0
    for _ in range(3):
        t.failed("b")
    now[0] = 601.0
    assert [t.failed("b") for _ in range(4)] == [0.0] * 4


def test_the_log_budget_is_shared_and_refills():
    now = [0.0]
    t = Throttle(clock=lambda: now[0], log_per_minute=3)
    assert [t.may_log() for _ in range(4)] == [True, True, True, False]
    now[0] = 61.0
    assert t.may_log()


def test_client_keys():
    assert client_key("192.0.2.7") == "192.0.2.7"
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert (
        client_key("2001:db8:1:2:3:4:5:6")
        == client_key("2001:db8:1:2:ffff::1")
        == "2001:db8:1:2::/64"
    )
    assert client_key(None) == "unknown"


def test_loopback_server_answers_to_its_own_names_only():
    o = Origins("127.0.0.1", 8000)
    assert all(o.host_ok(h) for h in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"))
    for h in (
        "127.0.0.1:8001",
        "evil.example:8000",
        "127.0.0.1",
        "",
        None,
        "evil@127.0.0.1:8000",
        "127.0.0.1:8000/x",
        "127.0.0.1:99999",
    ):
        assert not o.host_ok(h), h
    assert o.origin_ok(None) and o.origin_ok("http://localhost:8000")
    for origin in (
        "null",
        "http://evil.example",
        "http://127.0.0.1:8001",
        "file://",
        "http://127.0.0.1:8000/x",
        "javascript:alert(1)",
    ):
        assert not o.origin_ok(origin), origin


def test_wildcard_and_public_url():
    o = Origins("0.0.0.0", 8000, "https://ttx.example.org")
    assert o.host_ok("192.168.1.20:8000") and o.host_ok(
        "[fe80::1]:8000"
    )  # an address of this machine
    assert not o.host_ok("rebound.example:8000")  # DNS rebinding carries a name, not an address
    assert o.host_ok("ttx.example.org") and o.origin_ok("https://ttx.example.org")
    assert not o.origin_ok("http://ttx.example.org") and not o.origin_ok(
        "https://ttx.example.org:8443"
    )
    assert not Origins("192.168.1.20", 8000).host_ok(
        "10.0.0.1:8000"
    )  # a fixed address is just that


def test_the_sign_in_page_escapes_what_it_shows():
    page = login_page(
        "<b>T</b>", "M&<script>", '/team/x"onload', team=True, error="<i>", name='"><img>'
    )
    assert (
        "<script>" not in page and "<b>" not in page and "<i>" not in page and "<img>" not in page
    )
    assert 'action="/team/x&quot;onload"' in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page and "lang='en'" in page
