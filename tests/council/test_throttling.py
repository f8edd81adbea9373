"""Sign-in throttling behind the TLS proxy (issue 7, item 5): attackers are slowed, owners are not locked out."""

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client

from council.adapters import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "198.51.100.7"
OWNER = "203.0.113.5"
TOO_MANY = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_CLIENT_IP_HEADER = None


def _browser() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def _attempt(client, email, password, *, address, forwarded_for=None):
    """A sign-in as the proxy passes it on: it connects itself and appends the client's address."""
    chain = f"{forwarded_for}, {address}" if forwarded_for else address
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
    )


def _errors(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors()) if response.context else ""


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_one_attackers_failures_do_not_block_anyone_elses_sign_in(member):
    attacker = _browser()
    for n in range(12):
        _attempt(attacker, f"victim{n}@example.org", "guess", address=ATTACKER)
    assert TOO_MANY in _errors(_attempt(attacker, "another@example.org", "guess", address=ATTACKER))
    someone = _browser()
    assert _attempt(someone, member.email, PASSWORD, address=OWNER).status_code == 302
    assert _signed_in(someone)


def test_the_owner_signs_in_with_the_right_password_after_an_attacker_failed_five_times(member):
    attacker = _browser()
    for _ in range(5):
        assert _attempt(attacker, member.email, "guess", address=ATTACKER).status_code == 200
    # The attacker is stopped on this account from their address, even with the right password...
    refused = _attempt(attacker, member.email, PASSWORD, address=ATTACKER)
    assert TOO_MANY in _errors(refused) and not _signed_in(attacker)
    # ...while the owner, from their own address, is not.
    owner = _browser()
    assert _attempt(owner, member.email, PASSWORD, address=OWNER).status_code == 302
    assert _signed_in(owner)


def test_an_address_made_up_by_the_client_is_ignored(member):
    attacker = _browser()
    for n in range(5):
        # The client writes its own X-Forwarded-For; the proxy appends the real address after it.
        _attempt(attacker, member.email, "guess", address=ATTACKER, forwarded_for=f"192.0.2.{n}")
    assert TOO_MANY in _errors(_attempt(attacker, member.email, "guess", address=ATTACKER, forwarded_for=OWNER))
    owner = _browser()
    assert _attempt(owner, member.email, PASSWORD, address=OWNER).status_code == 302


def test_failures_from_many_addresses_are_capped_per_account_but_a_known_browser_still_signs_in(member):
    owner = _browser()
    assert _attempt(owner, member.email, PASSWORD, address=OWNER).status_code == 302  # remembered by this browser
    owner.post("/accounts/logout/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)
    attacker = _browser()
    for n in range(20):
        _attempt(attacker, member.email, "guess", address=f"198.51.100.{n + 10}")
    # A twenty-first address (or the owner on a new browser) is refused for the hour...
    assert TOO_MANY in _errors(_attempt(_browser(), member.email, PASSWORD, address="198.51.100.99"))
    # ...but the owner's browser, which signed in before, is not.
    assert _attempt(owner, member.email, PASSWORD, address=OWNER).status_code == 302
    assert _signed_in(owner)


def test_a_successful_sign_in_does_not_count_as_a_failure(member):
    client = _browser()
    for _ in range(8):
        assert _attempt(client, member.email, PASSWORD, address=OWNER).status_code == 302
        client.post("/accounts/logout/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)
    for _ in range(4):
        _attempt(client, member.email, "typo", address=OWNER)
    assert _attempt(client, member.email, PASSWORD, address=OWNER).status_code == 302


def test_the_client_address_comes_from_the_proxy_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}")
    assert client_ip(request) == ATTACKER
    settings.TRUSTED_PROXY_COUNT = 2  # two proxies of ours: the entry the outer one appended
    assert client_ip(request) == "192.0.2.1"
    settings.TRUSTED_PROXY_COUNT = 0  # BEHIND_PROXY off: the header is anyone's to write
    assert client_ip(request) == PROXY
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=OWNER)) == OWNER
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="not an address")) == PROXY


def test_ipv6_clients_are_counted_per_network(rf, settings):
    one = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8:1:2::1")
    other = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="[2001:db8:1:2:ffff::9]:443")
    assert client_ip(one) == client_ip(other) == "2001:db8:1:2::"


def test_without_a_proxy_the_forwarded_header_is_ignored(settings, member):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = _browser()
    for n in range(5):
        attacker.post(
            "/accounts/login/",
            {"login": member.email, "password": "guess"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    refused = attacker.post(
        "/accounts/login/",
        {"login": member.email, "password": "guess"},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR=OWNER,
    )
    assert TOO_MANY in _errors(refused)


@time_machine.travel(1_780_000_005, tick=False)  # 5 s into a TOTP period: the code cannot expire mid-test
def test_a_browser_is_remembered_only_once_the_second_factor_is_entered(staff):
    from council.adapters import LOGIN_DEVICE_COOKIE
    from tests.factories import totp_code

    browser = _browser()
    _attempt(browser, staff.email, PASSWORD, address=OWNER)
    assert LOGIN_DEVICE_COOKIE not in browser.cookies  # the password alone proves little
    browser.post("/accounts/2fa/authenticate/", {"code": totp_code(staff.totp_secret)}, REMOTE_ADDR=PROXY)
    assert _signed_in(browser) and browser.cookies[LOGIN_DEVICE_COOKIE]["httponly"]
