"""Where a webhook may go (council.webhooks.addresses): public addresses only, checked when an endpoint is
registered and again, after resolving, before every connection; a refusal connects to nothing and is logged."""

import ipaddress
import socket

import pytest
from django.core.exceptions import ValidationError

from council.outbox.models import AttemptOutcome, SendState
from council.webhooks import addresses, services
from council.webhooks.delivery import delivery_send
from council.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_loopback(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False


@pytest.fixture
def connections(monkeypatch):
    """Every TCP connection the process opens from here on (a spy: the connection is still made)."""
    opened = []
    real = socket.create_connection

    def spy(address, *args, **kwargs):
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    return opened


REFUSED_ALWAYS = [
    "http://10.0.0.1/hook",
    "http://192.168.1.1/hook",
    "http://172.16.5.4/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/hook",  # shared address space (carrier-grade NAT)
    "http://0.0.0.0/hook",
    "http://[::]/hook",
    "http://224.0.0.1/hook",
    "http://240.0.0.1/hook",
    "http://[fd00::1]/hook",  # IPv6 unique-local
    "http://[fe80::1]/hook",
    "http://[::ffff:10.0.0.1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "http://[64:ff9b::a00:1]/hook",  # NAT64 of 10.0.0.1
    "http://[2002:a00:1::]/hook",  # 6to4 of 10.0.0.1
    "http://198.18.0.1/hook",  # benchmarking
    "http://192.0.2.1/hook",  # documentation
]
REFUSED_FORMS = [
    "http://2130706433/hook",  # 127.0.0.1 as one decimal number
    "http://0177.0.0.1/hook",  # octal
    "http://0x7f.0.0.1/hook",  # hexadecimal
    "http://0x7f000001/hook",
    "http://127.1/hook",
    "http://017700000001/",
    "ftp://partner.example.org/hook",
    "file:///etc/passwd",
    "gopher://partner.example.org/",
    "https://user:password@partner.example.org/hook",
    "https://user@partner.example.org/hook",
    "https://partner.example.org:22/hook",
    "https://partner.example.org:0/hook",
    "https://partner.example.org:99999/hook",
    "https://partner.example.org:abc/hook",
    "https://[::1/hook",
    "https:///hook",
    "https://part ner.example.org/hook",
    "https://partner.example.org/\x00",
    "https://-bad-.example.org/",
    "partner.example.org/hook",
    "",
    "https://" + "a" * 2000 + ".org/",
]
LOOPBACK = ["http://127.0.0.1:8080/hook", "http://[::1]:8080/hook", "http://[::ffff:127.0.0.1]:8080/hook"]


@pytest.mark.parametrize("url", REFUSED_ALWAYS + REFUSED_FORMS)
def test_a_url_to_a_private_address_or_of_a_bad_form_is_refused_with_a_message(url, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True  # loopback admitted changes none of these
    with pytest.raises(ValidationError) as refused:
        addresses.url_validate(url)
    assert refused.value.messages and all(refused.value.messages)


@pytest.mark.parametrize("url", [*LOOPBACK, "http://localhost:8080/hook"])
def test_loopback_is_refused_unless_the_setting_admits_it(url, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(ValidationError):
        addresses.url_validate(url)
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert addresses.url_validate(url).port == 8080


@pytest.mark.parametrize(
    "url",
    ["https://hooks.partner.example.org/rec", "http://8.8.8.8/hook", "https://[2001:4860:4860::8888]:8443/x?y=1"],
)
def test_a_public_url_is_accepted_without_resolving(url):
    target = addresses.target_parse(url)
    assert target.scheme in ("http", "https") and target.path.startswith("/")


def test_the_host_header_keeps_a_port_that_is_not_the_schemes():
    assert addresses.target_parse("https://hooks.example.org/x").host_header == "hooks.example.org"
    assert addresses.target_parse("https://hooks.example.org:8443/x").host_header == "hooks.example.org:8443"
    assert addresses.target_parse("http://[2001:4860::1]:8080/x").host_header == "[2001:4860::1]:8080"
    assert addresses.target_parse("https://BÜCHER.example/x").host == "xn--bcher-kva.example"


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", False),  # an IPv4-mapped form is no public IPv6 address: write the IPv4 one
        ("10.1.2.3", False),
        ("100.127.255.255", False),
        ("169.254.169.254", False),
        ("fc00::1", False),
        ("fec0::1", False),
        ("ff02::1", False),
        ("255.255.255.255", False),
    ],
)
def test_the_address_rule(address, allowed, no_loopback):
    assert addresses.address_allowed(ipaddress.ip_address(address)) is allowed


def test_with_loopback_admitted_only_loopback_is_added(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert addresses.address_allowed(ipaddress.ip_address("127.0.0.1"))
    assert addresses.address_allowed(ipaddress.ip_address("::1"))
    for other in ("10.0.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "fd00::1", "100.64.0.1"):  # noqa: S104
        assert not addresses.address_allowed(ipaddress.ip_address(other)), other


def test_a_name_with_any_refused_address_is_refused(monkeypatch, no_loopback):
    """A host with one public and one private address is refused: the connection could go to either."""

    def two_addresses(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", two_addresses)
    with pytest.raises(addresses.UnsafeTarget):
        addresses.addresses_resolve(addresses.target_parse("https://mixed.example.org/hook"))


def test_registering_an_endpoint_refuses_a_private_url_with_a_clear_message(partner, staff):
    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(
            organisation=partner, url="http://10.0.0.1/hook", events=["meeting.scheduled"], by=staff
        )
    assert "10.0.0.1" in " ".join(refused.value.messages)
    assert not WebhookEndpoint.objects.exists()


# At delivery time: an endpoint registered while its host was public, whose host now resolves elsewhere (or whose
# rule changed), is refused before any connection, and the attempt is logged.


def _queued_for(endpoint):
    return services.endpoint_test_send(endpoint=endpoint, by=None)


def _point_at(endpoint, url):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=url)  # as if the host had moved since registration


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]:{port}/hook",
        "http://[::1]:{port}/hook",
        "http://127.0.0.1:{port}/hook",
        "http://localhost:{port}/hook",
        "http://0.0.0.0:{port}/hook",
        "http://2130706433:{port}/hook",
        "http://0177.0.0.1:{port}/hook",
    ],
)
def test_a_refused_address_is_never_connected_to_and_the_attempt_is_logged(
    url, endpoint, receiver, settings, connections
):
    delivery = _queued_for(endpoint)
    _point_at(endpoint, url.format(port=receiver.port))
    settings.WEBHOOKS_ALLOW_LOOPBACK = False

    assert delivery_send(delivery_id=delivery.pk) == "failed"

    assert connections == [], "a connection was opened"
    assert receiver.requests == []
    delivery.refresh_from_db()
    assert delivery.send_state == SendState.FAILED and delivery.attempts == 1
    (attempt,) = delivery.attempts_log.all()
    assert attempt.outcome == AttemptOutcome.FAILED
    assert attempt.error and attempt.address == "" and attempt.status_code is None
    # Refused for good: the beat does not send it again.
    assert not WebhookDelivery.objects.filter(pk=delivery.pk, send_state=SendState.QUEUED).exists()


def test_the_same_endpoint_on_loopback_is_delivered_when_the_setting_admits_it(endpoint, receiver, connections):
    delivery = _queued_for(endpoint)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert connections == [("127.0.0.1", receiver.port)]
    assert receiver.accepted == [delivery.event.webhook_id]


def test_the_delivery_connects_to_the_address_it_checked_and_resolves_once(endpoint, receiver, monkeypatch):
    """DNS rebinding: a second lookup could answer a private address. There is exactly one, and the connection
    goes to the address it gave, with the original host name in the Host header."""
    lookups = []
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "partner-hooks.example":
            return real(host, *args, **kwargs)
        lookups.append(host)
        # The first answer is the receiver; any later one a loopback address where nothing listens.
        return real("127.0.0.1" if len(lookups) == 1 else "127.0.0.2", *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    _point_at(endpoint, f"http://partner-hooks.example:{receiver.port}/hook")
    delivery = _queued_for(endpoint)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert lookups == ["partner-hooks.example"]
    (request,) = receiver.requests
    assert request.headers["Host"] == f"partner-hooks.example:{receiver.port}"
