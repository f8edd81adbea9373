"""Reports in the partner API: the finished PDF reports the caller may see, their files and their data.

Who sees a report is reports.permissions': a partner key sees reports whose audience is the `public` or `partners`
level with no addressee (a personal document, such as an invitation letter, never); a signed-in person sees what the
portal shows them. A report's data is the file the archival variant (PDF/A-3) embeds (reports.documents): `/data`
reads it from the stored PDF, so that it is exactly what the file whose SHA-256 is published carries; the accessible
variant embeds none and answers 404 saying so.
"""

import json

import django_filters
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from council.models import Access
from council.partners.api import PartnerFileView, PartnerReadOnlyViewSet
from council.partners.files import ID, UTC, not_modified_or_none, with_validators
from council.partners.filters import PartnerFilterSet
from council.partners.scopes import Scope
from council.uploads import file_download
from reports import selectors
from reports.documents import EmbeddedDataError, embedded_data
from reports.models import Report, ReportKind, ReportVariant

# Parameters of a report that name no person (reports.forms.PARAMETERS): an invitation names its invitee.
SAFE_PARAMETERS = ("meeting", "recommendation", "working_group", "year", "status", "translation", "period", "outcome")
# The largest embedded data `/data` answers (decompressed): a report's data is a few hundred kilobytes.
DATA_MAX_BYTES = 16 * 1024 * 1024


class ReportSerializer(serializers.ModelSerializer):
    created_at = serializers.DateTimeField(default_timezone=UTC, read_only=True)
    finished_at = serializers.DateTimeField(default_timezone=UTC, read_only=True, allow_null=True)
    parameters = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    data_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "title",
            "reference",
            "language",
            "variant",
            "pages",
            "size",
            "sha256",
            "created_at",
            "finished_at",
            "access",
            "parameters",
            "pdf_url",
            "data_url",
        ]

    @extend_schema_field(
        serializers.DictField(help_text="What the report was made of: meeting, recommendation, working group, year…")
    )
    def get_parameters(self, report) -> dict:
        parameters = report.parameters if isinstance(report.parameters, dict) else {}
        return {name: parameters[name] for name in SAFE_PARAMETERS if name in parameters}

    @extend_schema_field(serializers.URLField())
    def get_pdf_url(self, report) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:report-pdf", kwargs={"pk": report.pk}))

    @extend_schema_field(
        serializers.URLField(allow_null=True, help_text="Only for the archival variant, which embeds its data")
    )
    def get_data_url(self, report) -> str | None:
        if report.variant != ReportVariant.ARCHIVAL:
            return None
        return self.context["request"].build_absolute_uri(reverse("api:report-data", kwargs={"pk": report.pk}))


class ReportDataSerializer(serializers.Serializer):
    """The data file an archival report embeds (reports.documents.data_attachment)."""

    kind = serializers.ChoiceField(choices=ReportKind.choices)
    language = serializers.CharField()
    title = serializers.CharField()
    reference = serializers.CharField()
    parameters = serializers.DictField()
    data = serializers.DictField(help_text="What the report shows, as its pages show it; its shape depends on `kind`")


class ReportFilter(PartnerFilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    language = django_filters.ChoiceFilter(choices=Report._meta.get_field("language").choices)
    variant = django_filters.ChoiceFilter(choices=ReportVariant.choices)
    access = django_filters.ChoiceFilter(choices=Access.choices)
    finished_since = django_filters.IsoDateTimeFilter(
        field_name="finished_at",
        lookup_expr="gte",
        help_text="Reports finished at or after this time (ISO 8601, e.g. 2025-01-01T00:00:00Z)",
    )

    class Meta:
        model = Report
        fields = ["kind", "language", "variant", "access", "finished_since"]


REPORT_EXAMPLE = {
    "id": 31,
    "kind": "compendium",
    "title": "Recommendations of the council, 2025",
    "reference": "REC/COMP/2025",
    "language": "en",
    "variant": "archival",
    "pages": 24,
    "size": 412377,
    "sha256": "9f2c4e0b7d1a5c3e8f6b2d4a0c9e7f1b3d5a7c9e1f3b5d7a9c1e3f5b7d9a1c3e",
    "created_at": "2025-03-01T08:00:00Z",
    "finished_at": "2025-03-01T08:00:12Z",
    "access": "public",
    "parameters": {"year": 2025, "status": ["published"]},
    "pdf_url": "https://rec.example.org/api/v1/reports/31/pdf",
    "data_url": "https://rec.example.org/api/v1/reports/31/data",
}


@extend_schema_view(
    list=extend_schema(
        summary="Published PDF reports",
        description=(
            "Finished reports the caller may see: for a partner key, those whose every part is `public` or "
            "`partners`, never a personal document. Paged by cursor, newest first."
        ),
        tags=["reports"],
        examples=[OpenApiExample("An archival compendium", value=REPORT_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One report",
        tags=["reports"],
        examples=[OpenApiExample("An archival compendium", value=REPORT_EXAMPLE, response_only=True)],
    ),
)
class ReportViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.REPORTS_READ
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    ordering = "-id"
    ordering_fields = ["id", "created_at"]
    modified_field = "finished_at"

    def get_queryset(self):
        return selectors.reports_done_for(user=self.request.user)


class ReportFileView(PartnerFileView):
    required_scope = Scope.REPORTS_READ

    def report(self, pk) -> Report:
        report = selectors.reports_done_for(user=self.request.user).filter(pk=pk).first()
        if report is None or not report.file:
            raise exceptions.NotFound()
        return report


@extend_schema_view(
    get=extend_schema(
        summary="A report's PDF",
        operation_id="reports_pdf",
        description=(
            "The PDF as an attachment. Its `ETag` is its SHA-256 (as in the report's `sha256`): send it back as "
            "`If-None-Match` to get 304."
        ),
        tags=["reports"],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
            304: OpenApiResponse(description="The copy named by If-None-Match or If-Modified-Since still holds"),
        },
    )
)
class ReportPdfView(ReportFileView):
    def get(self, request, pk):
        report = self.report(pk)
        validators = {"etag": report.sha256, "last_modified": report.finished_at}
        not_modified = not_modified_or_none(request, **validators)
        if not_modified is not None:
            return with_validators(not_modified, **validators)
        return with_validators(file_download(report.file, report.download_name), **validators)


@extend_schema_view(
    get=extend_schema(
        summary="A report's data",
        operation_id="reports_data",
        description=(
            "The data the archival variant (PDF/A-3) embeds as `report-data.json`, read from the stored PDF: what its "
            "pages show, as JSON. The accessible variant embeds no data and answers 404 (code `no_embedded_data`): ask "
            "the secretariat for the archival one."
        ),
        tags=["reports"],
        examples=[
            OpenApiExample(
                "A compendium's data",
                value={
                    "kind": "compendium",
                    "language": "en",
                    "title": "Recommendations of the council, 2025",
                    "reference": "REC/COMP/2025",
                    "parameters": {"year": 2025, "status": ["published"], "working_group": None, "translation": None},
                    "data": {"recommendations": [{"reference": "REC/A/2025/1", "title": "Access to schooling"}]},
                },
                response_only=True,
            )
        ],
        responses={200: ReportDataSerializer},
    )
)
class ReportDataView(ReportFileView):
    def get(self, request, pk):
        report = self.report(pk)
        if report.variant != ReportVariant.ARCHIVAL:
            raise exceptions.NotFound(
                _("This report is the accessible variant, which embeds no data; its archival variant does."),
                code="no_embedded_data",
            )
        try:
            with report.file.open("rb") as handle:
                raw = embedded_data(handle, limit=DATA_MAX_BYTES)
            payload = json.loads(raw) if raw is not None else None
        except (OSError, EmbeddedDataError, ValueError, RecursionError):
            payload = None
        if not isinstance(payload, dict):
            raise exceptions.NotFound(
                _("The data of this report cannot be read from its file; download the PDF."), code="no_embedded_data"
            )
        self._last_modified = report.finished_at
        return Response(payload)


ROUTES = [("reports", ReportViewSet, "report")]

FILE_ROUTES = [
    (rf"^reports/(?P<pk>{ID})/pdf$", ReportPdfView, "report-pdf"),
    (rf"^reports/(?P<pk>{ID})/data$", ReportDataView, "report-data"),
]
