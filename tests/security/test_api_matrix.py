"""The partner API's authorization matrix (tests/security/api_matrix.py): every API route has rows, and every row
answers each kind of caller as DESIGN.md ("Access levels", "Partner API") says: no key, an expired or a revoked key
→ 401; a key without the route's scope → 403; hidden things → 404 as missing ones; lists never show them."""

import importlib

import pytest

from tests.security.api_matrix import CALLERS, call, callers
from tests.security.api_rows import MODULES
from tests.security.routes import url_patterns

# Routes of the API that are not resources: the schema and its readers (public), and the catch-all 404.
NOT_RESOURCES = {"api:schema", "api:redoc", "api:swagger", "api:not-found"}


def _modules():
    found = []
    for name in MODULES:
        try:
            found.append(importlib.import_module(f"tests.security.api_rows.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.security.api_rows.{name}":
                raise
    return found


@pytest.fixture
def api_cases(world):
    cases = []
    for module in _modules():
        extend = getattr(module, "extend", None)
        extra = extend(world) if extend else {}
        cases += module.rows(world, extra)
    return cases


@pytest.fixture
def api_callers(world, staff):
    return callers(world, staff)


def test_every_api_route_has_a_row(api_cases):
    named = {name for _route, name in url_patterns() if name.startswith("api:")}
    missing = sorted(named - {case.name for case in api_cases} - NOT_RESOURCES)
    assert not missing, "API routes with no row in the API matrix:\n" + "\n".join(missing)


@pytest.mark.parametrize("kind", CALLERS)
def test_api_routes_answer_each_kind_of_caller_as_the_rules_say(api_cases, api_callers, kind):
    unexpected = []
    for case in api_cases:
        response = call(api_callers(kind, case.scope), case)
        got, want = str(response.status_code), case.expected[kind]
        if got != want:
            unexpected.append(
                f"{case.name} [{case.label}] {case.method.upper()} {case.url()}: expected {want}, got {got}"
            )
        assert response.status_code < 500, f"{case.name}: {response.status_code}"
    assert not unexpected, f"{len(unexpected)} unexpected cells for {kind}:\n" + "\n".join(unexpected)
