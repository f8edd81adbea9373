"""Conditional GET for every API answer: a strong `ETag` (SHA-256 of the body as sent) and, where the resource knows
when it changed, `Last-Modified`; `If-None-Match` or `If-Modified-Since` that still holds gives 304 with no body.

The ETag covers everything in the body (a hidden row, a changed translation, a new page), so it is the validator a
client should use; `Last-Modified` is the newest change among the rows sent, which cannot see a row that left a list.
As RFC 9110 says, `If-Modified-Since` is ignored when `If-None-Match` is present.
"""

import hashlib

from django.http import HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag

# Headers a 304 repeats (RFC 9110, 15.4.5).
KEPT_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", "Last-Modified")


def _etags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def conditional(request, response, last_modified=None):
    """Add validators to a rendered 200 answer to GET/HEAD, and answer 304 when the client's copy still holds."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
    if last_modified is not None:
        response["Last-Modified"] = http_date(int(last_modified.timestamp()))
    response["Cache-Control"] = "private, no-cache"
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = _etags(if_none_match)
        fresh = "*" in tags or response["ETag"] in tags
    else:
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        fresh = since is not None and last_modified is not None and int(last_modified.timestamp()) <= since
    if not fresh:
        return response
    not_modified = HttpResponseNotModified()
    for header in KEPT_HEADERS:
        if header in response:
            not_modified[header] = response[header]
    return not_modified
