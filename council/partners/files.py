"""What the partner API's views that answer files (PDF, calendar, a meeting's document) share: a file answered
whatever `Accept` says (its errors still problem details), and its own validators with 304 checked before the file
is opened."""

import datetime

from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from rest_framework.negotiation import BaseContentNegotiation

UTC = datetime.UTC
ID = r"[0-9]{1,18}"  # as the router's detail routes: longer is a 404 before any query


class FileContentNegotiation(BaseContentNegotiation):
    """A view answering a file (PDF, calendar) whatever the client accepts: its errors are problem details (JSON).

    The file itself is an HttpResponse that no renderer touches; a calendar client's `Accept: text/calendar` must
    not make DRF answer 406 before the view runs."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def not_modified_or_none(request, *, etag: str | None, last_modified: datetime.datetime | None):
    """A 304 (or 412) answer when the client's copy of a file still holds, else None: checked before the file is
    opened. `etag` is the file's fingerprint (unquoted)."""
    return get_conditional_response(
        request,
        etag=quote_etag(etag) if etag else None,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
    )


def with_validators(response, *, etag: str | None, last_modified: datetime.datetime | None):
    if etag:
        response["ETag"] = quote_etag(etag)
    if last_modified:
        response["Last-Modified"] = http_date(int(last_modified.timestamp()))
    return response
