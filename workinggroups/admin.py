"""The secretariat's screen for the working groups and their members."""

from django.contrib import admin

from council.admin import BodyAdminBase
from council.models import Body
from workinggroups.models import WorkingGroup


@admin.register(WorkingGroup)
class WorkingGroupAdmin(BodyAdminBase):
    exclude = ["kind"]

    def save_model(self, request, obj, form, change):
        obj.kind = Body.Kind.WORKING_GROUP  # not on the form: every row of this screen is a working group
        super().save_model(request, obj, form, change)
