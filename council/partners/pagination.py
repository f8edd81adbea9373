"""Cursor pagination for every list: stable under inserts, opaque cursors, a page size the caller may lower."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class PartnerCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        """A cursor made by hand whose position does not fit the ordering's field (a time that is not one, a number
        too large) answers 404 as any other invalid cursor, never 500."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, ValueError, TypeError, OverflowError) as error:
            raise NotFound(self.invalid_cursor_message) from error

    def get_page_size(self, request):
        """`page_size` if given must be one whole number from 1 to `max_page_size`: anything else is a 400 (a
        silent fallback would hide a client's mistake)."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[-1]
        if len(values) > 1 or not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give one whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters
