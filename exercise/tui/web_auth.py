"""Who may open a served console: its code, the cookie that remembers it, throttling, origins.

A cookie is `expires.name.mac`, the mac an HMAC keyed by the holder's code over the session's
first event hash, the holder and the rest of the cookie. The server keeps no state for it, so
it survives a restart, and it opens one holder's console in one session only. Failed codes
are counted in memory per client address; a flood is locked out before it reaches the log.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import re
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

COOKIE_SECONDS = 12 * 3600  # a long exercise day; a fresh login after that
NAME_LENGTH = 40  # as the terminal join screen allows
CODE_LENGTH = 32  # anything longer is not a code; refused before any comparison

# How a served team console (or the observer seat) is handed its login: in the environment,
# which only the process's own user can read, never on the command line, which `ps` shows to
# everyone.
JOIN_CODE, JOIN_CLIENT, JOIN_NAME = "TTX_JOIN_CODE", "TTX_JOIN_CLIENT", "TTX_JOIN_NAME"


def normal_code(text: str) -> str:
    return text.strip().upper()


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unb64(text: str) -> str:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


@dataclass(frozen=True)
class Login:
    holder: str
    name: str  # what the player typed as their name ('' when none)


@dataclass(frozen=True)
class Door:
    """Checks codes and the cookies that remember them, for one session."""

    session_hash: str  # the first event's hash: tells this session from any other
    codes: Mapping[str, str]  # holder ('facilitator', 'observer' or a team role) -> code

    def knows(self, holder: str) -> bool:
        return bool(self.codes.get(holder))

    def code_ok(self, holder: str, typed: str) -> bool:
        code = self.codes.get(holder, "")
        typed = normal_code(typed)
        return (
            bool(code)
            and len(typed) <= CODE_LENGTH
            and hmac.compare_digest(typed.encode(), code.encode())
        )

    def cookie_name(self, holder: str) -> str:
        # Cookies ignore ports: two servers on one machine must not overwrite each other's.
        tag = (
            holder
            if re.fullmatch(r"[A-Za-z0-9_-]{1,40}", holder)
            else hashlib.sha256(holder.encode()).hexdigest()[:16]
        )
        return f"ttx-{self.session_hash[:12]}-{tag}"

    def _mac(self, holder: str, body: str) -> str:
        key = self.codes[holder].encode()
        message = f"ttx-console\n{self.session_hash}\n{holder}\n{body}".encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    def cookie(self, holder: str, name: str, now: float) -> tuple[str, str]:
        """(cookie name, value) remembering a right code for `holder`."""
        body = f"{int(now) + COOKIE_SECONDS}.{_b64(name[:NAME_LENGTH])}"
        return self.cookie_name(holder), f"{body}.{self._mac(holder, body)}"

    def admits(self, holder: str, cookies: Mapping[str, str], now: float) -> Login | None:
        value = cookies.get(self.cookie_name(holder), "")
        if not self.knows(holder) or value.count(".") != 2:
            return None
        expires, name, mac = value.split(".")
        body = f"{expires}.{name}"
        if not hmac.compare_digest(mac.encode(), self._mac(holder, body).encode()):
            return None
        try:
            if int(expires) < now:
                return None
            return Login(holder, _unb64(name)[:NAME_LENGTH])
        except (ValueError, binascii.Error):
            return None


@dataclass
class Throttle:
    """Failed codes per client address: `failures` within `window` seconds lock it for `lock`."""

    failures: int = 5
    lock: float = 60.0
    window: float = 600.0
    log_per_minute: int = 30  # refusals written to the log per minute, all addresses together
    clock: Callable[[], float] = time.monotonic
    _failed: dict[str, list[float]] = field(default_factory=dict)
    _locked: dict[str, float] = field(default_factory=dict)
    _logged: list[float] = field(default_factory=list)

    def locked_for(self, client: str) -> float:
        """Seconds until `client` may try again (0: it may now)."""
        until = self._locked.get(client, 0.0)
        left = until - self.clock()
        if left <= 0:
            self._locked.pop(client, None)
            return 0.0
        return left

    def failed(self, client: str) -> float:
        """Count a wrong code; the seconds `client` is now locked out for (0: not locked)."""
        now = self.clock()
        self._prune(now)
        times = [t for t in self._failed.get(client, []) if now - t < self.window] + [now]
        if len(times) >= self.failures:
            self._failed.pop(client, None)
            self._locked[client] = now + self.lock
            return self.lock
        self._failed[client] = times
        return 0.0

    def succeeded(self, client: str) -> None:
        self._failed.pop(client, None)

    def may_log(self) -> bool:
        """Whether one more refusal may be written to the session log this minute."""
        now = self.clock()
        self._logged[:] = [t for t in self._logged if now - t < 60.0]
        if len(self._logged) >= self.log_per_minute:
            return False
        self._logged.append(now)
        return True

    def _prune(self, now: float) -> None:
        # Keep memory bounded however many addresses try: forget the stale ones.
        if len(self._failed) + len(self._locked) < 1000:
            return
        self._failed = {
            c: ts for c, ts in self._failed.items() if ts and now - ts[-1] < self.window
        }
        self._locked = {c: t for c, t in self._locked.items() if t > now}


def client_key(remote: str | None) -> str:
    """The address a lockout applies to: an IPv4 address, or an IPv6 /64 (one household)."""
    try:
        address = ipaddress.ip_address(remote or "")
    except ValueError:
        return remote or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


WILDCARD = ("0.0.0.0", "::", "")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


# host[:port] or [v6]:port and nothing else: no user info, path or spaces to confuse a parser.
_NETLOC = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Origins:
    """The Host and Origin values this server answers to: its own address, and --public-url.

    A name the server does not know in Host is how DNS rebinding reaches a loopback server, and
    a foreign Origin is another site's page opening a console with the user's cookies.
    """

    def __init__(self, host: str, port: int, public_url: str | None = None):
        self.port = port
        self.any_ip = host in WILDCARD  # every address of this machine; names are still checked
        names = {host.strip("[]").lower()} - set(WILDCARD)
        if host in LOOPBACK or self.any_ip:
            names |= set(LOOPBACK)
        if self.any_ip:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        self.allowed = {(n, port) for n in names}
        if public_url:
            url = urlsplit(public_url)
            if url.hostname:
                self.allowed.add((url.hostname, url.port or (443 if url.scheme == "https" else 80)))

    def _known(self, name: str | None, port: int | None, default_ports: tuple[int, ...]) -> bool:
        if not name:
            return False
        ports = (port,) if port is not None else default_ports
        if any((name, p) in self.allowed for p in ports):
            return True
        return self.any_ip and _is_ip(name) and self.port in ports

    def host_ok(self, host: str | None) -> bool:
        if not host or not _NETLOC.fullmatch(host):
            return False
        try:
            url = urlsplit(f"//{host}")
            return self._known(url.hostname, url.port, (80, 443))
        except ValueError:
            return False

    def origin_ok(self, origin: str | None) -> bool:
        """An absent Origin is no browser's cross-site request; 'null' and foreign ones are
        refused."""
        if origin is None:
            return True
        try:
            url = urlsplit(origin)
            if url.scheme not in ("http", "https") or url.path or not _NETLOC.fullmatch(url.netloc):
                return False
            return self._known(url.hostname, url.port, (443 if url.scheme == "https" else 80,))
        except ValueError:
            return False
