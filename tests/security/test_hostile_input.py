"""No input makes the portal answer 5xx: every URL pattern, walked with hostile values, as each kind of person.

Each pattern's parameters, its query string and its forms (the field names are read from the page itself)
get NUL bytes, 10 kB strings, numbers that do not fit a column, non-integers, right-to-left and combining
characters, markup and path tricks. Whatever comes back must be below 500; an exception is a failure too.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.urls import NoReverseMatch, reverse

from tests.html import read_controls
from tests.security.conftest import KINDS
from tests.security.routes import registered_models, url_patterns

HOSTILE = [
    "\x00",
    "A" * 10_240,
    "9" * 30,
    "-1",
    "12abc",
    "\u202eevil\u202c مرحبا",
    "Z\u0337\u0322\u0354a\u0336l\u0334g\u0338o\u0337",
    "🙂" * 50,
    "../../../etc/passwd",
    "<script>alert(1)</script>\"'",
    "' OR 1=1 --",
    "{{ 7*7 }}%s%n",
    "[[[[[[[[[[" * 2000,
]
# Query parameters the portal and the admin read somewhere.
QUERY_NAMES = [
    *("q", "p", "o", "e", "page", "from", "to", "lang", "answer", "next", "state", "period", "status", "body"),
    "text",  # the language of an outcome document's text
]
LINK_PARAMS = re.compile(r'href="\?([^"#]+)"')


def _params(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)


def _urls_for(name: str, route: str, value: str) -> list[str]:
    """The pattern reversed with every parameter set to `value`, where its converter accepts it."""
    names = [a or b for a, b in _params(route)]
    if not names:
        return []
    try:
        return [reverse(name, kwargs=dict.fromkeys(names, value))]
    except NoReverseMatch:
        return []


def _request(client, method, url, data=None):
    try:
        if method == "get":
            return client.get(url)
        return client.post(url, data or {})
    except Exception as exc:  # noqa: BLE001 - the walk reports every exception a view lets escape
        return exc


def _check(failures, what, response):
    if isinstance(response, Exception):
        failures.append(f"{what}: raised {type(response).__name__}: {str(response)[:200]}")
    elif response.status_code >= 500:
        failures.append(f"{what}: {response.status_code}")


def _field_names(response) -> set[str]:
    if isinstance(response, Exception) or response.status_code != 200:
        return set()
    if "html" not in response.get("Content-Type", ""):
        return set()
    return {c.name for c in read_controls(response) if c.name and c.name != "csrfmiddlewaretoken"}


def _sample_urls(world) -> dict[str, str]:
    """A working URL for each portal pattern with parameters, to read its forms and post to it."""
    from meetings.tokens import rsvp_token

    member = world.people["member"]
    return {
        "meetings:detail": world.meeting.get_absolute_url(),
        "meetings:answer": reverse("meetings:answer", args=[world.meeting.pk]),
        "meetings:delegate": reverse("meetings:delegate", args=[world.meeting.pk]),
        "meetings:rsvp": reverse("meetings:rsvp", args=[rsvp_token(world.meeting.invitations.get(person=member))]),
        "recommendations:detail": world.consultation.get_absolute_url(),
        "recommendations:position": reverse(
            "recommendations:position", args=[world.consultation.pk, world.silence_round.pk]
        ),
        "recommendations:comment": reverse(
            "recommendations:comment", args=[world.consultation.pk, world.silence_round.pk]
        ),
        "recommendations:report": reverse("recommendations:report", args=[world.published.pk, "UZ"]),
        "council:body": reverse("council:body", args=["ec"]),
        "meetings:outcome": world.outcomes["public"].get_absolute_url(),
        "meetings:outcome_scan": world.outcomes["public"].get_download_url(),
        "workinggroups:detail": reverse("workinggroups:detail", args=["a"]),
        "figures:indicator": reverse("figures:indicator", args=["returned"]),
        "figures:csv": reverse("figures:csv", args=["returned"]),
        "figures:value": reverse("figures:value", args=[world.figures["submitted"].pk]),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_no_portal_route_answers_5xx_to_hostile_input(world, signed_in, kind):
    client = signed_in(world.person(kind))
    client.raise_request_exception = True
    samples = _sample_urls(world)
    failures = []
    for route, name in url_patterns():
        if route.startswith("admin/") or not name:
            continue
        # Parameters in the path.
        for value in HOSTILE:
            for url in _urls_for(name, route, value):
                _check(failures, f"GET {name} path={value[:20]!r}", _request(client, "get", url))
        try:
            base = samples.get(name) or reverse(name)
        except NoReverseMatch:
            continue
        page = _request(client, "get", base)
        _check(failures, f"GET {name}", page)
        fields = _field_names(page) | set(QUERY_NAMES)
        for value in HOSTILE:
            query = urlencode(dict.fromkeys(QUERY_NAMES, value))
            _check(failures, f"GET {name}?…={value[:20]!r}", _request(client, "get", f"{base}?{query}"))
            data = dict.fromkeys(fields, value)
            _check(failures, f"POST {name} fields={value[:20]!r}", _request(client, "post", base, data))
    assert not failures, f"{len(failures)} requests answered 5xx for {kind}:\n" + "\n".join(failures[:60])


def _admin_targets(model, model_admin):
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    obj = model_admin.model._default_manager.order_by("pk").first()
    urls = [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
    if obj is not None:
        urls.append(reverse(f"{prefix}_change", args=[obj.pk]))
    return prefix, urls


@pytest.mark.parametrize("kind", ["secretariat", "superuser"])
def test_no_admin_screen_answers_5xx_to_hostile_input(world, signed_in, kind):
    client = signed_in(world.person(kind))
    client.raise_request_exception = True
    failures = []
    thousand_words = " ".join(f"word{i}" for i in range(1000))
    for model, model_admin in registered_models():
        prefix, urls = _admin_targets(model, model_admin)
        changelist = urls[0]
        page = _request(client, "get", changelist)
        _check(failures, f"GET {prefix} changelist", page)
        filter_names = set()
        if not isinstance(page, Exception) and page.status_code == 200:
            for query in LINK_PARAMS.findall(page.content.decode("utf-8", "replace")):
                filter_names |= {part.split("=", 1)[0] for part in query.replace("&amp;", "&").split("&") if part}
        _check(
            failures, f"GET {prefix} ?q=1000 words", _request(client, "get", f"{changelist}?q={quote(thousand_words)}")
        )
        for value in HOSTILE:
            query = urlencode(dict.fromkeys(filter_names | {"q", "o", "p", "e"}, value))
            _check(failures, f"GET {prefix} filters={value[:20]!r}", _request(client, "get", f"{changelist}?{query}"))
            action = {"action": value, "_selected_action": [value, "1"], "index": "0"}
            _check(failures, f"POST {prefix} action={value[:20]!r}", _request(client, "post", changelist, action))
        for url in urls[1:]:
            form = _request(client, "get", url)
            _check(failures, f"GET {url}", form)
            fields = _field_names(form)
            for value in HOSTILE:
                data = dict.fromkeys(fields, value)
                # Inline formsets need their management forms to parse at all; keep those numeric.
                for field in fields:
                    if field.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")):
                        data[field] = "0"
                _check(failures, f"POST {url} fields={value[:20]!r}", _request(client, "post", url, data))
    assert not failures, f"{len(failures)} admin requests answered 5xx for {kind}:\n" + "\n".join(failures[:60])


@pytest.mark.parametrize("value", ["\x00", "%00", "a%00b"])
def test_a_nul_byte_anywhere_answers_400_before_the_database(client, db, value, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(f"/meetings/feed/{value}.ics").status_code in (400, 404)
        assert client.get("/meetings/", {"q": "a\x00b"}).status_code == 400
        assert client.post("/language/", {"language": "en\x00"}).status_code == 400
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 400
