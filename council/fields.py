"""Model and form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntegerListFormField(forms.CharField):
    """Whole numbers typed as a comma-separated list ("168, 24"), never parsed as free JSON."""

    default_error_messages = {
        "invalid": _("Enter whole numbers separated by commas, e.g. 168, 24."),
        "too_many": _("Enter at most %(max)d numbers."),
    }

    def __init__(self, *, max_items: int = 10, **kwargs):
        self.max_items = max_items
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", _("Whole numbers separated by commas, e.g. 168, 24."))
        for key in ("encoder", "decoder"):
            kwargs.pop(key, None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return []
        # "[168, 24]", as the field once showed it, is still understood.
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        if len(parts) > self.max_items:
            raise ValidationError(self.error_messages["too_many"], code="too_many", params={"max": self.max_items})
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return [int(p) for p in parts]

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or [])
        except ValidationError:
            return True


class IntegerListField(models.JSONField):
    """A list of whole numbers stored as JSON and edited as "168, 24" (a JSON textarea invites any nesting)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": IntegerListFormField, **kwargs})

    def deconstruct(self):
        # Stored exactly as a JSONField: no migration, and the column stays JSON.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs
