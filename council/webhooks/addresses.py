"""Where a webhook may go: the one rule for its URL and for the addresses its host resolves to (no SSRF).

A webhook URL is `http` or `https`, without a user name or password, on port 80, 443 or 1024–65535, naming its
host by a DNS name or a plain IP address (never a number in a decimal, octal or hexadecimal disguise such as
`http://2130706433/`). Every address the host resolves to must be a public one: never loopback, private,
link-local (the cloud metadata address 169.254.169.254 among them), multicast, reserved, unspecified or shared
(100.64.0.0/10), nor an IPv6 unique-local address, nor any of these wrapped in an IPv6 form (IPv4-mapped,
6to4, Teredo, NAT64). WEBHOOKS_ALLOW_LOOPBACK admits loopback alone, for tests with a receiver on 127.0.0.1.

`target_parse` checks the URL's form; `addresses_resolve` resolves its host once and checks every address, and
the delivery connects to one of exactly those addresses (no second lookup that DNS rebinding could answer
differently).
"""

import dataclasses
import ipaddress
import re
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SCHEMES = {"http": 80, "https": 443}
LOWEST_HIGH_PORT = 1024
URL_MAX_LENGTH = 2000
# A label of digits, or of 0x and hexadecimal digits: a host ending in one is a number, not a DNS name.
NUMERIC_LABEL = re.compile(r"(?:[0-9]+|0x[0-9a-f]*)", re.IGNORECASE)
DNS_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)", re.IGNORECASE)
# IPv4 addresses that Python's `is_global` misses or that must never be reached whatever it says.
SHARED = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeTarget(ValidationError):
    """A webhook URL or address that the portal refuses to send to."""


@dataclasses.dataclass(frozen=True)
class Target:
    """A checked webhook URL: what to connect to and what to send as its Host and path."""

    scheme: str
    host: str  # the host as sent in Host and SNI (a DNS name in ASCII, or an IP address)
    port: int
    path: str  # path and query, never empty

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == SCHEMES[self.scheme] else f"{host}:{self.port}"


def _refuse(message, code: str, **params) -> None:
    raise UnsafeTarget(message, code=code, params=params or None)


def target_parse(url: str) -> Target:
    """The parts of a webhook URL, or UnsafeTarget saying what is wrong with it (nothing is resolved here)."""
    if not isinstance(url, str) or not url or len(url) > URL_MAX_LENGTH:
        _refuse(
            _("Enter the address of the webhook receiver, at most %(max)d characters."), "length", max=URL_MAX_LENGTH
        )
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        _refuse(_("A webhook address cannot contain spaces or control characters."), "characters")
    try:
        parts = urlsplit(url)
        port = parts.port
        hostname = parts.hostname
    except ValueError:
        _refuse(_("This is not a valid web address."), "invalid")
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        _refuse(_("A webhook address must start with https:// (or http://)."), "scheme")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        _refuse(_("A webhook address cannot contain a user name or password."), "userinfo")
    if not hostname:
        _refuse(_("A webhook address needs a host name."), "host")
    port = port if port is not None else SCHEMES[scheme]
    if port not in SCHEMES.values() and not LOWEST_HIGH_PORT <= port <= 65535:
        _refuse(_("A webhook address may use port 80, 443 or 1024 to 65535, not %(port)s."), "port", port=port)
    host = _host(hostname)
    address = literal_address(host)
    if address is not None:
        address_check(address)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=scheme, host=host, port=port, path=path)


def _host(hostname: str) -> str:
    """The host in the form sent on the wire: an IP address as written, a DNS name in ASCII (IDNA)."""
    if literal_address(hostname) is not None:
        return hostname
    try:
        ascii_name = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        _refuse(_("The host name of this address is not valid."), "host")
    labels = ascii_name.rstrip(".").split(".")
    if not all(DNS_LABEL.fullmatch(label) for label in labels) or len(ascii_name) > 253:
        _refuse(_("The host name of this address is not valid."), "host")
    if NUMERIC_LABEL.fullmatch(labels[-1]):
        # 2130706433, 0177.0.0.1, 0x7f.1, 127.1: numbers that resolvers read as IP addresses.
        _refuse(_("Write an IP address as four decimal numbers (or in IPv6 form), or use a host name."), "numeric")
    return ascii_name


def literal_address(host: str) -> IPAddress | None:
    """The IP address a host is written as (only the plain forms: 203.0.113.7, 2001:db8::1), else None."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _embedded(address: IPAddress) -> list[IPAddress]:
    """The address and any IPv4 address an IPv6 form carries inside it (mapped, 6to4, Teredo, NAT64)."""
    found = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            found.append(address.ipv4_mapped)
        if address.sixtofour is not None:
            found.append(address.sixtofour)
        if address.teredo is not None:
            found.extend(address.teredo)
        if address in NAT64:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _public(address: IPAddress) -> bool:
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv4Address) and address in SHARED)
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )


def is_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def address_allowed(address: IPAddress) -> bool:
    """May a webhook connect to this address? Public ones only (and loopback where WEBHOOKS_ALLOW_LOOPBACK)."""
    if settings.WEBHOOKS_ALLOW_LOOPBACK and is_loopback(address):
        return True
    return all(_public(each) for each in _embedded(address))


def address_check(address: IPAddress) -> None:
    if not address_allowed(address):
        _refuse(
            _(
                "Webhooks are not sent to %(address)s: only to public internet addresses (never loopback, private, "
                "link-local or other reserved ones)."
            ),
            "address",
            address=str(address),
        )


def addresses_resolve(target: Target) -> list[str]:
    """Every address the target's host has now, each checked; UnsafeTarget if any one of them is refused.

    Raises OSError (socket.gaierror) when the name does not resolve (perhaps for a while: that is retried).
    """
    literal = literal_address(target.host)
    if literal is not None:
        address_check(literal)
        return [str(literal)]
    found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    addresses = []
    for _family, _type, _proto, _name, sockaddr in found:
        # An IPv6 scope ("fe80::1%eth0") is cut off: such link-local addresses are refused anyway.
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        address_check(address)
        if str(address) not in addresses:
            addresses.append(str(address))
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, "no address")
    return addresses


def url_validate(url: str, *, resolve: bool = True) -> Target:
    """Check a webhook URL when it is registered: its form, and (`resolve`) the addresses its host has now.

    A host that does not resolve yet is accepted; every delivery checks its addresses again before connecting.
    """
    target = target_parse(url)
    if resolve:
        try:
            addresses_resolve(target)
        except UnicodeError:
            _refuse(_("The host name of this address is not valid."), "host")
        except OSError:
            pass
    return target
