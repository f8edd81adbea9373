"""What every API filter set shares: a parameter given with no value is an error, not "no filter" (the schema lists
the values a parameter takes; an empty one is none of them); a date-time is taken in UTC (PostgreSQL refuses an
offset beyond ±15:59, which ISO 8601 would allow); each problem is told per parameter."""

import datetime

import django_filters
from django.utils.translation import gettext as _


class PartnerFilterSet(django_filters.FilterSet):
    def is_valid(self):
        valid = super().is_valid()
        empty = [name for name in self.filters if name in self.data and not any(self.data.getlist(name))]
        for name in empty:
            self.form.add_error(name, _("Give a value, or leave the parameter out."))
        unreadable = []
        for name, value in list(self.form.cleaned_data.items()):
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                try:
                    self.form.cleaned_data[name] = value.astimezone(datetime.UTC)
                except (OverflowError, ValueError):
                    unreadable.append(name)
        for name in unreadable:
            self.form.add_error(name, _("Give a date and time between the years 1 and 9999."))
        return valid and not empty and not unreadable
