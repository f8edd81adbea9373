"""No input makes the partner API answer 5xx: every operation of its schema, with a partner key holding every scope
and as a member in the browser, gets the hostile values of the portal's walk in its path, in every query parameter
the schema names, and in every field of its JSON body; and bodies that are not JSON, or JSON of the wrong shape.
(schemathesis, in CI, fuzzes the same operations against the schema's promises: `.ci/fuzz-api`.)"""

import json
import re

import pytest
import yaml
from django.test import Client

from council.partners import services
from council.partners.scopes import Scope
from tests.api.conftest import ApiClient
from tests.factories import OrganisationFactory
from tests.security.test_hostile_input import HOSTILE

BODIES = [
    b"",
    b"not json",
    b"[]",
    b"null",
    b'"a string"',
    b"{" * 5000,
    json.dumps({"text": {"nested": ["x"]}}).encode(),
    json.dumps({"text": 10**40}).encode(),
]


def _schema(client):
    return yaml.safe_load(client.get("/api/v1/schema/").content)


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: value, path)


def _sample_ids() -> list[str]:
    return ["1", "2", "999999999"]


@pytest.fixture
def callers(world, staff):
    _key, secret = services.key_issue(
        organisation=OrganisationFactory(), name="hostile", scopes=list(Scope.values), by=staff
    )
    member = ApiClient()
    member.force_login(world.person("member"))
    return {"partner": ApiClient(secret), "member": member}


@pytest.mark.parametrize("caller", ["partner", "member"])
def test_no_api_operation_answers_5xx_to_hostile_input(world, callers, caller):
    client = callers[caller]
    client.raise_request_exception = True
    schema = _schema(Client())
    failures = []

    def check(what, method, url, **extra):
        try:
            response = getattr(client, method)(url, **extra)
        except Exception as exc:  # noqa: BLE001 - the walk reports every exception a view lets escape
            failures.append(f"{what}: raised {type(exc).__name__}: {str(exc)[:200]}")
            return
        if response.status_code >= 500:
            failures.append(f"{what}: {response.status_code}")

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            real_urls = [_fill(path, value) for value in _sample_ids()]
            for value in HOSTILE:
                url = _fill(path, value.replace("/", "%2F").replace("?", "%3F").replace("#", "%23"))
                check(f"{method.upper()} {path} path={value[:20]!r}", method, url)
                for base in real_urls[:1]:
                    query = "&".join(f"{name}={value[:3000]}" for name in [*names, "cursor", "page_size"])
                    check(f"{method.upper()} {path}?…={value[:20]!r}", method, f"{base}?{query}")
            if method in ("post", "put", "patch"):
                body_schema = (
                    operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
                )
                if "$ref" in body_schema:
                    body_schema = schema["components"]["schemas"][body_schema["$ref"].rsplit("/", 1)[-1]]
                fields = list(body_schema.get("properties", {}))
                for base in real_urls:
                    for body in BODIES:
                        check(
                            f"{method.upper()} {path} body={body[:20]!r}",
                            method,
                            base,
                            data=body,
                            content_type="application/json",
                            headers={"Idempotency-Key": "hostile-1"},
                        )
                    check(f"{method.upper()} {path} form", method, base, data={"text": "x"})
                    for value in HOSTILE:
                        body = json.dumps(dict.fromkeys(["text", "url", "events", "language", *fields], value))
                        check(
                            f"{method.upper()} {path} fields={value[:20]!r}",
                            method,
                            base,
                            data=body,
                            content_type="application/json",
                            headers={"Idempotency-Key": value[:50].replace("\x00", "")},
                        )
    assert not failures, f"{len(failures)} requests answered 5xx for {caller}:\n" + "\n".join(failures[:60])
