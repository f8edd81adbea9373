"""The secretariat's list of PDF reports: read-only for now (generating and downloading come with the views)."""

from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "language", "variant", "state", "progress", "pages", "requested_by", "created_at"]
    list_filter = ["kind", "state", "language", "variant"]
    list_select_related = ["requested_by"]
    exclude = ["file"]  # the file is served only by an access-checked view, never by its media URL
    readonly_fields = [
        "kind",
        "parameters",
        "language",
        "variant",
        "requested_by",
        "state",
        "progress",
        "pages",
        "size",
        "sha256",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False  # reports are asked for through the reports services, which render them

    def has_change_permission(self, request, obj=None):
        return False  # a report is the record of one rendering; a new rendering is a new report

    def has_delete_permission(self, request, obj=None):
        return False
