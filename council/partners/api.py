"""What every API view of every app is made of: keys or sessions, scopes, throttling, cursor pages, filters,
conditional GET, problem details. An app's `api.py` subclasses these and names its scope, queryset and serializer.

The queryset of a view comes from the app's selectors with the caller (`request.user`: a person, or a partner key's
principal, council.partners.principal), so the one access rule decides what is seen; hidden rows never show in a list
and answer 404 to a detail, like missing ones.
"""

from django.utils import translation
from rest_framework import generics, viewsets
from rest_framework.response import Response

from council.partners.conditional import conditional
from council.partners.files import FileContentNegotiation


class ConditionalMixin:
    """ETag and Last-Modified on every 200, 304 when the client's copy holds. A view sets `modified_field` (an
    attribute of its rows holding when each last changed) for Last-Modified."""

    modified_field: str | None = None
    _last_modified = None

    def note_modified(self, rows) -> None:
        if not self.modified_field:
            return
        stamps = [getattr(row, self.modified_field) for row in rows if getattr(row, self.modified_field, None)]
        self._last_modified = max(stamps) if stamps else None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.setdefault("Content-Language", translation.get_language() or "ru")
        response.setdefault("Vary", "Accept, Accept-Language, Authorization, Cookie")
        return conditional(request, response, self._last_modified)


class PartnerGenericView(ConditionalMixin, generics.GenericAPIView):
    """A single-purpose API view (a file, a calendar, a write) with the common parts."""


class PartnerFileView(PartnerGenericView):
    """A view answering one file (a PDF, a calendar, a document): whatever `Accept` says, its errors are problem
    details; no pages, no filters."""

    content_negotiation_class = FileContentNegotiation
    pagination_class = None
    filter_backends = []


class PartnerReadOnlyViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """A list and a detail of one resource."""

    lookup_value_regex = r"[0-9]{1,18}"

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        self.note_modified(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.note_modified([instance])
        return Response(self.get_serializer(instance).data)
