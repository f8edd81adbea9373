"""Working groups: the council's bodies of kind "working group", with a model of their own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import Body


class WorkingGroupManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Body.Kind.WORKING_GROUP)


class WorkingGroup(Body):
    """One of the council's working groups (a–d); memberships are the council's."""

    objects = WorkingGroupManager()

    class Meta:
        proxy = True
        ordering = ["order", "code"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def save(self, *args, **kwargs):
        self.kind = Body.Kind.WORKING_GROUP
        super().save(*args, **kwargs)
