"""Model and form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
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


class ReminderOffsetsWidget(forms.MultiWidget):
    """A few rows of "<number> <days|hours> before": a reminder schedule read as a person says it."""

    def __init__(self, rows: int = 4, attrs=None):
        self.rows = rows
        units = [("days", _("days before")), ("hours", _("hours before"))]
        widgets = []
        for row in range(1, rows + 1):
            widgets += [
                forms.NumberInput(
                    attrs={"min": 1, "max": 2160, "step": 1, "aria-label": format_lazy("{} {}", _("Reminder"), row)}
                ),
                forms.Select(choices=units, attrs={"aria-label": format_lazy("{} {}", _("Reminder unit"), row)}),
            ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        pairs = []
        for hours in value or []:
            pairs += [hours // 24, "days"] if hours % 24 == 0 else [hours, "hours"]
        pairs += [None, "days"] * (self.rows - len(pairs) // 2)
        return pairs[: self.rows * 2]

    def render(self, name, value, attrs=None, renderer=None):
        """One line per reminder: the number, then its unit (each sub-widget drawn by Django's own templates)."""
        if not isinstance(value, list) or all(isinstance(v, int) for v in value):
            value = self.decompress(value)  # the stored hours (a bound form gives back what was typed)
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id") or name
        lines = []
        for index, widget in enumerate(self.widgets):
            sub_attrs = {**attrs, "id": f"{base_id}_{index}"}
            sub_value = value[index] if index < len(value) else None
            lines.append(widget.render(f"{name}_{index}", sub_value, sub_attrs, renderer))
        rows = format_html_join(
            "", '<div class="reminder-offset">{} {}</div>', ((lines[i], lines[i + 1]) for i in range(0, len(lines), 2))
        )
        return format_html('<div class="reminder-offsets" role="group" aria-label="{}">{}</div>', _("Reminders"), rows)


class ReminderOffsetsField(forms.Field):
    """The hours before a start at which reminders go, entered as up to four "<n> days/hours before" rows; the
    value is the list of hours, largest first, without repeats (what `IntegerListField` stores)."""

    default_error_messages = {
        "invalid": _("Enter each reminder as a whole number of days or hours before the start."),
        "range": _("A reminder goes between 1 hour and 90 days before the start."),
    }

    def __init__(self, *, rows: int = 4, **kwargs):
        kwargs.setdefault(
            "help_text", _("Leave a row empty for fewer reminders. The default is 7 days and 1 day before.")
        )
        for key in ("encoder", "decoder", "max_length"):
            kwargs.pop(key, None)
        super().__init__(widget=ReminderOffsetsWidget(rows=rows), **kwargs)

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if isinstance(value, list) and all(isinstance(v, int) for v in value):
            return value
        if not isinstance(value, list | tuple):
            return []
        hours = []
        for number, unit in zip(value[::2], value[1::2], strict=False):
            number = (str(number) if number is not None else "").strip()
            if not number:
                continue
            if not (number.isascii() and number.isdigit()) or unit not in ("days", "hours") or len(number) > 5:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value_hours = int(number) * (24 if unit == "days" else 1)
            if not 0 < value_hours <= 24 * 90:
                raise ValidationError(self.error_messages["range"], code="range")
            hours.append(value_hours)
        return sorted(set(hours), reverse=True)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != sorted(set(initial or []), reverse=True)
        except ValidationError:
            return True
