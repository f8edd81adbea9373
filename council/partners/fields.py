"""Serializer fields of the partner API that take exactly what the schema says (DRF's own coerce numbers to
strings, so `{"text": 0}` would pass where the schema promises a string)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": _("Give a string of text.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class IdFilterMixin:
    """A filter on an id given as digits: anything else (letters, a number too large for any id) finds nothing,
    as an id that does not exist would (never a 500 from a number the database cannot hold)."""

    MAX_DIGITS = 18

    @classmethod
    def as_id(cls, value: str) -> int | None:
        value = (value or "").strip()
        if value.isascii() and value.isdigit() and len(value) <= cls.MAX_DIGITS:
            return int(value)
        return None
