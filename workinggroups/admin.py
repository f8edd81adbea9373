"""The secretariat's screen for the working groups and their members."""

from django.contrib import admin

from council.admin import BodyAdminBase
from workinggroups.models import WorkingGroup


@admin.register(WorkingGroup)
class WorkingGroupAdmin(BodyAdminBase):
    exclude = ["kind"]
