"""What every API filter set shares: a parameter given with no value is an error, not "no filter" (the schema lists
the values a parameter takes; an empty one is none of them), and each filter's problem is told per parameter."""

import django_filters
from django.utils.translation import gettext as _


class PartnerFilterSet(django_filters.FilterSet):
    def is_valid(self):
        valid = super().is_valid()
        empty = [name for name in self.filters if name in self.data and not any(self.data.getlist(name))]
        for name in empty:
            self.form.add_error(name, _("Give a value, or leave the parameter out."))
        return valid and not empty
