"""The partner API's URLs (/api/v1/): each app's resources (the `ROUTES` of its `api.py`), the OpenAPI schema and
its two readers, Swagger UI and Redoc, served from our own static files."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.routers import SimpleRouter

from council import api as council_api
from council.webhooks import api as webhooks_api
from figures import api as figures_api
from meetings import api as meetings_api
from programme import api as programme_api
from recommendations import api as recommendations_api
from reports import api as reports_api

# The docs pages' scripts set styles inline and Redoc searches in a worker made from a blob.
DOCS_CSP = {"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}


class Router(SimpleRouter):
    """Detail routes take ids of digits only: anything else is a 404 before a view runs."""

    def __init__(self):
        super().__init__(trailing_slash="/")


router = Router()
RESOURCE_MODULES = (
    council_api,
    webhooks_api,
    figures_api,
    meetings_api,
    recommendations_api,
    programme_api,
    reports_api,
)
for module in RESOURCE_MODULES:
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)


# Views that are not viewsets (files, calendars): each module's FILE_ROUTES, as (regex, view, name).
file_routes = [
    re_path(route, view.as_view(), name=name)
    for module in RESOURCE_MODULES
    for route, view, name in getattr(module, "FILE_ROUTES", ())
]


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
def not_found(request, rest=""):
    """Any other path under /api/v1/: 404 as problem details, not the portal's HTML page."""
    raise exceptions.NotFound()


app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    *recommendations_api.URLS,
    *file_routes,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        csp_update(DOCS_CSP)(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    path(
        "docs/swagger/",
        csp_update(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="swagger",
    ),
    re_path(r"^(?P<rest>[\s\S]*)$", not_found, name="not-found"),
]
