"""Reads of the working groups."""

from django.db.models import QuerySet

from workinggroups.models import WorkingGroup


def working_groups() -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.select_related("parent").order_by("order", "code")
