"""Parts of the partner API's views that every app's `api.py` shares, beyond council.partners': the schema of the
error answers, files answered whatever `Accept` says (with their own validators and 304), stricter cursor pages and
filter sets (a bad `page_size`, a cursor made by hand, an empty parameter or a time out of range answer 400 or 404,
never 500 nor a silent "everything").

They belong with council.partners (errors.py, pagination.py, api.py); they are kept here until they move there.
"""

import datetime

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.negotiation import BaseContentNegotiation

from council.partners.pagination import PartnerCursorPagination

UTC = datetime.UTC
ID = r"[0-9]{1,18}"  # as the router's detail routes: longer is a 404 before any query


# What every error answer looks like (council.partners.errors), for the schema ------------------------------------

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as council.partners.errors writes them."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="Stable, for programs: e.g. not_found, invalid, missing_scope")
    detail = serializers.CharField(help_text="A sentence in the language of Accept-Language")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="With 400 only: the messages per query parameter or field",
    )

    class Meta:
        ref_name = "Problem"


PROBLEM_DESCRIPTIONS = {
    400: "A query parameter is not valid (the messages per parameter are in `errors`)",
    401: "No API key, or an unknown, expired or revoked one",
    403: "The key does not hold this resource's scope",
    404: "No such thing, or one the caller may not see",
    429: "Too many requests for this key and scope: wait `Retry-After` seconds",
}


def problems(*statuses: int) -> dict:
    """The error answers of a view, for `extend_schema(responses=...)`."""
    return {
        (status, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description=PROBLEM_DESCRIPTIONS[status])
        for status in statuses
    }


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


class CursorPagination(PartnerCursorPagination):
    """The partners' cursor pages, stricter about what they are sent: a `page_size` that is not a whole number of
    at least 1 answers 400 (a larger one than the most a page holds gives the most); a cursor made by hand whose
    position does not fit the ordering's field (a time that is not one, a number too large) answers 404 as any
    other invalid cursor, never 500."""

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[-1]
        if not (value.isascii() and value.isdigit() and int(value) >= 1):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number, 1 or more (a page holds at most %(max)s rows).")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return min(int(value), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, ValueError, TypeError, OverflowError) as error:
            raise exceptions.NotFound(self.invalid_cursor_message) from error

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = f"Rows per page, at most {self.max_page_size} (default {self.page_size})"
        return parameters


# Filters ----------------------------------------------------------------------------------------------------


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time (naive: UTC), in UTC. One that does not fit in UTC (year 1 at +14:00, year 9999 at -12:00)
    stands for the earliest or latest time there is: a valid time, before or after every row."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        if timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=UTC)
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            edge = datetime.datetime.min if parsed.year == datetime.MINYEAR else datetime.datetime.max
            return edge.replace(tzinfo=UTC)


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class StrictFilterSet(django_filters.FilterSet):
    """A filter set that refuses a parameter sent empty (`?kind=`): an empty day, time, choice or code is no value,
    and a client sending one most likely meant something it did not say. Left out, a parameter filters nothing."""

    def is_valid(self):
        super().is_valid()
        for name in self.filters:
            if name in self.data and not any(value.strip() for value in self.data.getlist(name)):
                self.form.add_error(name, _("Give a value, or leave the parameter out."))
        return not self.form.errors
