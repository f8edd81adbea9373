"""The OpenAPI schema is valid and describes every route of the API; Swagger UI and Redoc come from our own static
files (no CDN, no web fonts from elsewhere) and open without a key."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

from tests.security.routes import url_patterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(anonymous_api):
    response = anonymous_api.get("/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    return (
        response.json()
        if response["Content-Type"].startswith("application/vnd.oai.openapi+json")
        else yaml.safe_load(response.content)
    )


def test_the_schema_is_valid_openapi_and_needs_no_key(schema):
    validate_schema(schema)
    assert schema["components"]["securitySchemes"]["ApiKey"]["name"] == "Authorization"


def test_every_resource_route_is_in_the_schema(schema):
    documented = set(schema["paths"])
    undocumented = []
    for route, name in url_patterns():
        if not name.startswith("api:") or name in {"api:schema", "api:redoc", "api:swagger", "api:not-found"}:
            continue
        path = "/api/v1/" + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route.removeprefix("api/v1/"))
        path = path.replace("^", "").replace("$", "").replace("\\.", ".")
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path).replace("{pk}", "{id}")  # as drf-spectacular names it
        if path not in documented:
            undocumented.append(path)
    assert not undocumented, undocumented


def test_every_operation_documents_its_errors_as_problems(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("401", "403", "404", "429"):
                content = operation["responses"][code]["content"]
                assert "application/problem+json" in content, (path, method, code)


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/docs/swagger/"])
def test_the_docs_are_served_from_our_own_static_files(anonymous_api, url):
    response = anonymous_api.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=\"https?://", html), "nothing is loaded from another site"
    for asset in re.findall(r"(?:src|href)=\"/static/([^\"?]+)", html):
        assert finders.find(asset), asset
    assert "fonts.googleapis" not in html and "cdn" not in html.lower()


def test_the_swagger_script_is_a_file_not_inline(anonymous_api):
    html = anonymous_api.get("/api/v1/docs/swagger/").content.decode()
    assert "<script>" not in html  # the page's CSP allows no inline script
    script = re.search(r'<script src="([^"]*script[^"]*)"', html).group(1).replace("&amp;", "&")
    response = anonymous_api.get(script)
    assert response.status_code == 200 and "SwaggerUIBundle" in response.content.decode()
