"""Cursor pagination for every list: stable under inserts, opaque cursors, a page size the caller may lower."""

from rest_framework.pagination import CursorPagination


class PartnerCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"
