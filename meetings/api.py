"""Meetings in the partner API: the calendar with agendas, the documents the caller may open, and `.ics` files.

What a caller sees is meetings.permissions': a partner key sees published meetings at the `public` and `partners`
levels, never a draft nor a body's or the council's meeting; a signed-in person sees what the portal shows them.
Never in any answer to a partner: the online link (only invitees and the secretariat get it, as on the portal),
participants' names (presenters included: `participant_names_meeting_ids`), e-mail addresses, invitations.
"""

import datetime
import re

import django_filters
from django.core.validators import RegexValidator
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers

from council.content import content_languages, text_in
from council.models import Access
from council.partners.api import PartnerFileView, PartnerReadOnlyViewSet
from council.partners.files import ID, UTC, not_modified_or_none, with_validators
from council.partners.filters import PartnerFilterSet
from council.partners.scopes import Scope
from council.uploads import file_download
from meetings import selectors
from meetings.calendar import meetings_ics
from meetings.models import Meeting, MeetingDocument, OutcomeDocument
from meetings.permissions import (
    can_view_document,
    can_view_outcome,
    invited_meeting_ids,
    online_link_meeting_ids,
    participant_names_meeting_ids,
)

# What a body's code may be (council.models.Body.code: a slug of at most 20 characters).
BODY_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,20}$")
# A meeting's number as a filter takes it: digits that fit a database key.
MEETING_ID = re.compile(r"^[0-9]{1,18}$")


# Serializers ------------------------------------------------------------------------------------------------


def _utc(*, allow_null: bool = False) -> serializers.DateTimeField:
    return serializers.DateTimeField(default_timezone=UTC, read_only=True, allow_null=allow_null)


class VenueSerializer(serializers.Serializer):
    city = serializers.CharField(allow_blank=True)
    country = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)


class AgendaSubItemSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="As numbered everywhere: 2.1, 2.2…")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    presenters = serializers.CharField(
        allow_null=True,
        help_text="Names of people: only to the meeting's invitees, its bodies' members and the secretariat",
    )
    duration_minutes = serializers.IntegerField(allow_null=True)


class AgendaItemSerializer(AgendaSubItemSerializer):
    items = AgendaSubItemSerializer(many=True, help_text="Sub-items, numbered n.m")


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    language = serializers.CharField()
    access = serializers.ChoiceField(choices=Access.choices)
    agenda_item = serializers.CharField(allow_null=True, help_text="Number of the agenda item it belongs to")
    size = serializers.IntegerField(allow_null=True, help_text="Bytes")
    download_url = serializers.URLField()


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as the caller may see it."""

    starts_at = _utc()
    ends_at = _utc()
    rsvp_deadline = _utc(allow_null=True)
    updated_at = _utc()
    description = serializers.SerializerMethodField()
    venue = serializers.SerializerMethodField()
    online_link = serializers.SerializerMethodField()
    bodies = serializers.SerializerMethodField()
    organisers = serializers.SerializerMethodField()
    co_organisers = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "uid",
            "kind",
            "title",
            "description",
            "status",
            "starts_at",
            "ends_at",
            "timezone",
            "format",
            "venue",
            "online_link",
            "working_languages",
            "interpretation",
            "bodies",
            "organisers",
            "co_organisers",
            "access",
            "rsvp_deadline",
            "updated_at",
            "agenda",
            "documents",
            "calendar_url",
        ]

    def disclose(self, meetings) -> None:
        """Read at once, for a page of meetings, whose online link and whose participants' names the caller sees."""
        user = self.context["request"].user
        invited = invited_meeting_ids(user, meetings)
        links = online_link_meeting_ids(user, meetings, invited=invited)
        names = participant_names_meeting_ids(user, meetings, invited=invited)
        disclosed = self.__dict__.setdefault("_disclosed", {})
        for meeting in meetings:
            disclosed[meeting.pk] = (meeting.pk in links, meeting.pk in names)

    def _may_see(self, meeting) -> tuple[bool, bool]:
        disclosed = self.__dict__.get("_disclosed", {})
        if meeting.pk not in disclosed:
            self.disclose([meeting])
        return self.__dict__["_disclosed"][meeting.pk]

    def get_description(self, meeting) -> str:
        link, _names = self._may_see(meeting)
        return meeting.description if link else meeting.without_online_link(meeting.description)

    @extend_schema_field(VenueSerializer)
    def get_venue(self, meeting) -> dict:
        return {
            "city": meeting.venue_city or "",
            "country": meeting.venue_country or "",
            "address": meeting.venue_address or "",
        }

    @extend_schema_field(
        serializers.URLField(
            allow_null=True,
            help_text="Only to the meeting's invitees (signed in) and the secretariat; never to a partner key",
        )
    )
    def get_online_link(self, meeting) -> str | None:
        link, _names = self._may_see(meeting)
        return (meeting.online_link or None) if link else None

    def get_bodies(self, meeting) -> list[str]:
        return [body.code for body in meeting.bodies.all()]

    def get_organisers(self, meeting) -> list[str]:
        return [organisation.acronym or organisation.name for organisation in meeting.organisers.all()]

    def get_co_organisers(self, meeting) -> list[str]:
        return [organisation.acronym or organisation.name for organisation in meeting.co_organisers.all()]

    def _numbers(self, meeting) -> tuple[list, dict[int, str]]:
        cache = self.__dict__.setdefault("_agenda", {})
        if meeting.pk not in cache:
            agenda = selectors.agenda_numbered(meeting)
            numbers = {}
            for n, item, subitems in agenda:
                numbers[item.pk] = str(n)
                numbers.update({sub.pk: number for number, sub in subitems})
            cache[meeting.pk] = (agenda, numbers)
        return cache[meeting.pk]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting) -> list[dict]:
        link, names = self._may_see(meeting)
        agenda, _numbers = self._numbers(meeting)

        def item(number, entry):
            return {
                "number": number,
                "title": entry.title,
                # The link pasted into an item's notes is taken out too for whoever may not see it.
                "description": entry.description if link else meeting.without_online_link(entry.description),
                "presenters": (entry.presenters or None) if names else None,
                "duration_minutes": entry.duration_minutes,
            }

        return [
            {**item(str(n), top), "items": [item(number, sub) for number, sub in subitems]}
            for n, top, subitems in agenda
        ]

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, meeting) -> list[dict]:
        request = self.context["request"]
        _agenda, numbers = self._numbers(meeting)
        documents = getattr(meeting, "documents_seen", None)
        if documents is None:  # not prefetched (a single meeting read some other way)
            documents = selectors.documents_for(user=request.user, meeting=meeting)
        return [
            {
                "id": document.pk,
                "title": document.title,
                "language": document.language,
                "access": document.access,
                "agenda_item": numbers.get(document.agenda_item_id),
                "size": _size(document),
                "download_url": request.build_absolute_uri(
                    reverse("api:meeting-document-file", kwargs={"pk": meeting.pk, "document_pk": document.pk})
                ),
            }
            for document in documents
        ]

    @extend_schema_field(serializers.URLField())
    def get_calendar_url(self, meeting) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:meeting-calendar", kwargs={"pk": meeting.pk}))


class MeetingListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        meetings = list(data.all() if hasattr(data, "all") else data)
        self.child.disclose(meetings)
        return super().to_representation(meetings)


MeetingSerializer.Meta.list_serializer_class = MeetingListSerializer


def _size(document) -> int | None:
    """The file's size from the storage (a stat, no query); None when the file is missing."""
    try:
        return document.file.size if document.file else None
    except (OSError, ValueError):
        return None


# Filters ----------------------------------------------------------------------------------------------------


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=UTC)


class MeetingFilter(PartnerFilterSet):
    body = django_filters.CharFilter(field_name="bodies__code", validators=[RegexValidator(BODY_CODE)])
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)
    format = django_filters.ChoiceFilter(choices=Meeting.Format.choices)
    access = django_filters.ChoiceFilter(choices=Access.choices)
    starts_after = django_filters.DateFilter(
        method="filter_starts_after", help_text="Meetings starting on or after this day (UTC), e.g. 2025-01-01"
    )
    starts_before = django_filters.DateFilter(
        method="filter_starts_before", help_text="Meetings starting before this day (UTC), e.g. 2025-02-01"
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Meetings changed at or after this time (ISO 8601, e.g. 2025-01-01T00:00:00Z)",
    )

    class Meta:
        model = Meeting
        fields = ["body", "kind", "status", "format", "access", "starts_after", "starts_before", "updated_since"]

    def filter_starts_after(self, queryset, name, value):
        return queryset.filter(starts_at__gte=_day_start(value))

    def filter_starts_before(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_day_start(value))


# Views ------------------------------------------------------------------------------------------------------

MEETING_EXAMPLE = {
    "id": 12,
    "uid": "6f0d4b0e-3a0b-4c55-9a57-1f1d6e0c2b11",
    "kind": "working_group",
    "title": "Second meeting of the working groups",
    "description": "Joint session of the four working groups.",
    "status": "scheduled",
    "starts_at": "2024-11-27T04:00:00Z",
    "ends_at": "2024-11-27T12:00:00Z",
    "timezone": "Asia/Tashkent",
    "format": "hybrid",
    "venue": {"city": "Tashkent", "country": "Uzbekistan", "address": "ISRS, 1 Mustaqillik Square"},
    "online_link": None,
    "working_languages": "Russian, English",
    "interpretation": "Russian–English simultaneous",
    "bodies": ["a", "b", "c", "d"],
    "organisers": ["ISRS"],
    "co_organisers": ["UNOCT", "UNRCCA"],
    "access": "partners",
    "rsvp_deadline": "2024-11-20T18:59:59Z",
    "updated_at": "2024-11-02T09:15:00Z",
    "agenda": [
        {
            "number": "1",
            "title": "Opening",
            "description": "",
            "presenters": None,
            "duration_minutes": 20,
            "items": [
                {
                    "number": "1.1",
                    "title": "Welcome address",
                    "description": "",
                    "presenters": None,
                    "duration_minutes": 10,
                }
            ],
        }
    ],
    "documents": [
        {
            "id": 40,
            "title": "Concept note",
            "language": "en",
            "access": "partners",
            "agenda_item": "1",
            "size": 183204,
            "download_url": "https://rec.example.org/api/v1/meetings/12/documents/40/file",
        }
    ],
    "calendar_url": "https://rec.example.org/api/v1/meetings/12/calendar.ics",
}


@extend_schema_view(
    list=extend_schema(
        summary="Meetings: sessions, conferences, briefings",
        description=(
            "Published meetings the caller may see, with their agenda and the documents the caller may open. "
            "A partner key sees the `public` and `partners` levels; the online link and participants' names are "
            "never given to a partner key. Paged by cursor; newest first unless `ordering` says otherwise."
        ),
        tags=["meetings"],
        examples=[OpenApiExample("A meeting", value=MEETING_EXAMPLE, response_only=True)],
        parameters=[
            OpenApiParameter(
                "body",
                str,
                pattern=BODY_CODE.pattern,
                description="Code of a body (council, ec, a, b, c, d): its meetings; an unknown code finds none",
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One meeting",
        tags=["meetings"],
        examples=[OpenApiExample("A meeting", value=MEETING_EXAMPLE, response_only=True)],
    ),
)
class MeetingViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.MEETINGS_READ
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering = "-starts_at"
    ordering_fields = ["starts_at", "updated_at", "id"]
    modified_field = "updated_at"

    def get_queryset(self):
        return selectors.meetings_described_for(user=self.request.user)


class MeetingFileView(PartnerFileView):
    """The parts every file of a meeting shares: the scope."""

    required_scope = Scope.MEETINGS_READ

    def meeting(self, pk) -> Meeting:
        meeting = selectors.meetings_visible_to(user=self.request.user).filter(pk=pk).first()
        if meeting is None:
            raise exceptions.NotFound()
        return meeting


@extend_schema_view(
    get=extend_schema(
        summary="A meeting's document (the file)",
        operation_id="meetings_document_file",
        description=(
            "The file, as an attachment (`Content-Disposition: attachment`), for a document listed in the meeting's "
            "`documents`. A document the caller may not open answers 404. `ETag` and `Last-Modified` are the file's: "
            "send them back to get 304 while it has not changed."
        ),
        tags=["meetings"],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The document"),
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="A document kept from before uploads had to be PDF"
            ),
            304: OpenApiResponse(description="The copy named by If-None-Match or If-Modified-Since still holds"),
        },
    )
)
class MeetingDocumentFileView(MeetingFileView):
    def get(self, request, pk, document_pk):
        document = MeetingDocument.objects.select_related("meeting").filter(pk=document_pk, meeting_id=pk).first()
        if document is None or not can_view_document(request.user, document) or not document.file:
            raise exceptions.NotFound()
        # The stored name is random and new with every upload: it names this version of the file.
        etag = f"doc-{document.pk}-{document.file.name.rsplit('/', 1)[-1].split('.', 1)[0]}"
        validators = {"etag": etag, "last_modified": document.uploaded_at}
        not_modified = not_modified_or_none(request, **validators)
        if not_modified is not None:
            return with_validators(not_modified, **validators)
        return with_validators(file_download(document.file, document.download_name), **validators)


@extend_schema_view(
    get=extend_schema(
        summary="A meeting in a calendar (.ics)",
        operation_id="meetings_calendar",
        description=(
            "The meeting as an iCalendar file (one VEVENT with the meeting's stable UID and SEQUENCE), as the portal "
            "gives it to the same caller: the online link only to its invitees, never to a partner key."
        ),
        tags=["meetings"],
        responses={
            (200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY, description="An iCalendar file"),
            304: OpenApiResponse(description="The meeting has not changed since If-Modified-Since"),
        },
    )
)
class MeetingCalendarView(MeetingFileView):
    def get(self, request, pk):
        meeting = self.meeting(pk)
        self._last_modified = meeting.updated_at
        response = HttpResponse(meetings_ics([meeting], user=request.user), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


# Outcome documents (issue 12) -------------------------------------------------------------------------------


class OutcomeTextSerializer(serializers.Serializer):
    title = serializers.CharField()
    text = serializers.CharField()
    authoritative = serializers.BooleanField(help_text="True for the text in the authoritative language")


class SignatorySerializer(serializers.Serializer):
    order = serializers.IntegerField()
    full_name = serializers.CharField()
    for_state = serializers.CharField(allow_null=True, help_text="ISO code of the member state signed for")
    for_organisation = serializers.CharField(
        allow_null=True, help_text="Acronym (else name) of the organisation signed for"
    )
    capacity = serializers.CharField(allow_blank=True)
    signed_on = serializers.DateField()
    place = serializers.CharField(allow_blank=True)


class OutcomeDocumentSerializer(serializers.ModelSerializer):
    """A published outcome document with its texts and signatories."""

    published_at = _utc()
    updated_at = _utc()
    meeting = serializers.IntegerField(source="meeting_id", help_text="The meeting it was adopted at")
    title = serializers.SerializerMethodField()
    place = serializers.SerializerMethodField()
    texts = serializers.SerializerMethodField()
    signatories = serializers.SerializerMethodField()
    scan_url = serializers.SerializerMethodField()

    class Meta:
        model = OutcomeDocument
        fields = [
            "id",
            "kind",
            "reference",
            "title",
            "authoritative_language",
            "texts",
            "adopted_on",
            "place",
            "meeting",
            "access",
            "published_at",
            "updated_at",
            "signatories",
            "scan_url",
        ]

    def get_title(self, document) -> str:
        return text_in(document, "title").text

    def get_place(self, document) -> str:
        return text_in(document, "place").text

    @extend_schema_field(serializers.DictField(child=OutcomeTextSerializer(allow_null=True)))
    def get_texts(self, document) -> dict:
        """Each language's title and text, the authoritative one marked; None where there is no text in it."""
        texts = {}
        for code in content_languages():
            text = getattr(document, f"text_{code}", "") or ""
            title = getattr(document, f"title_{code}", "") or ""
            texts[code] = (
                {"title": title, "text": text, "authoritative": code == document.authoritative_language}
                if text
                else None
            )
        return texts

    @extend_schema_field(SignatorySerializer(many=True))
    def get_signatories(self, document) -> list[dict]:
        return [
            {
                "order": signatory.order,
                "full_name": signatory.full_name,
                "for_state": signatory.for_state.code if signatory.for_state_id else None,
                "for_organisation": (
                    (signatory.for_organisation.acronym or signatory.for_organisation.name)
                    if signatory.for_organisation_id
                    else None
                ),
                "capacity": text_in(signatory, "capacity").text,
                "signed_on": signatory.signed_on,
                "place": text_in(signatory, "place").text,
            }
            for signatory in document.signatories.all()
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_scan_url(self, document) -> str | None:
        if not document.scan:
            return None
        request = self.context.get("request")
        url = reverse("api:outcome-scan", kwargs={"pk": document.pk})
        return request.build_absolute_uri(url) if request is not None else url


class OutcomeFilter(PartnerFilterSet):
    kind = django_filters.ChoiceFilter(choices=OutcomeDocument.Kind.choices)
    meeting = django_filters.CharFilter(field_name="meeting_id", validators=[RegexValidator(MEETING_ID)])
    adopted_after = django_filters.DateFilter(
        field_name="adopted_on", lookup_expr="gte", help_text="Adopted on or after this day, e.g. 2024-01-01"
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Documents changed at or after this time (ISO 8601, e.g. 2025-01-01T00:00:00Z)",
    )

    class Meta:
        model = OutcomeDocument
        fields = ["kind", "meeting", "adopted_after", "updated_since"]


OUTCOME_EXAMPLE = {
    "id": 3,
    "kind": "protocol",
    "reference": "CA-EMERCOM/2024/1",
    "title": "Protocol of the Regional Forum",
    "authoritative_language": "ru",
    "texts": {
        "ru": {"title": "Протокол Регионального форума", "text": "Стороны…", "authoritative": True},
        "en": {"title": "Protocol of the Regional Forum", "text": "The parties…", "authoritative": False},
        "uz": None,
    },
    "adopted_on": "2024-08-15",
    "place": "Cholpon-Ata",
    "meeting": 7,
    "access": "public",
    "published_at": "2024-08-20T06:00:00Z",
    "updated_at": "2024-08-20T06:00:00Z",
    "signatories": [
        {
            "order": 1,
            "full_name": "A. Example",
            "for_state": "KG",
            "for_organisation": None,
            "capacity": "Minister for Emergency Situations",
            "signed_on": "2024-08-15",
            "place": "Cholpon-Ata",
        }
    ],
    "scan_url": "https://rec.example.org/api/v1/outcomes/3/scan",
}


@extend_schema_view(
    list=extend_schema(
        summary="Outcome documents: protocols, declarations, joint statements adopted at meetings",
        description=(
            "Published outcome documents the caller may see (a partner key: the `public` and `partners` levels), "
            "with their texts (the authoritative language marked) and their signatories. Paged by cursor; newest "
            "first unless `ordering` says otherwise."
        ),
        tags=["meetings"],
        examples=[OpenApiExample("An outcome document", value=OUTCOME_EXAMPLE, response_only=True)],
        parameters=[
            OpenApiParameter(
                "meeting", str, pattern=MEETING_ID.pattern, description="Number of a meeting: its outcome documents"
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One outcome document",
        tags=["meetings"],
        examples=[OpenApiExample("An outcome document", value=OUTCOME_EXAMPLE, response_only=True)],
    ),
)
class OutcomeDocumentViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.MEETINGS_READ
    serializer_class = OutcomeDocumentSerializer
    filterset_class = OutcomeFilter
    ordering = "-adopted_on"
    ordering_fields = ["adopted_on", "updated_at", "id"]
    modified_field = "updated_at"

    def get_queryset(self):
        # Published ones only, as the access rule admits them (a partner key: `public` and `partners` levels).
        return selectors.outcomes_described_for(user=self.request.user).filter(published_at__isnull=False)


@extend_schema_view(
    get=extend_schema(
        summary="The scan of an outcome document's signed original (the file)",
        operation_id="meetings_outcome_scan",
        description=(
            "The scan, as an attachment (`Content-Disposition: attachment`), of a document listed in `outcomes`. "
            "A document the caller may not read, or without a scan, answers 404. `ETag` and `Last-Modified` are the "
            "file's: send them back to get 304 while it has not changed."
        ),
        tags=["meetings"],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The scan"),
            304: OpenApiResponse(description="The copy named by If-None-Match or If-Modified-Since still holds"),
        },
    )
)
class OutcomeScanFileView(MeetingFileView):
    def get(self, request, pk):
        document = OutcomeDocument.objects.filter(pk=pk, published_at__isnull=False).select_related("meeting").first()
        if document is None or not document.scan or not can_view_outcome(request.user, document):
            raise exceptions.NotFound()
        etag = f"outcome-{document.pk}-{document.scan.name.rsplit('/', 1)[-1].split('.', 1)[0]}"
        validators = {"etag": etag, "last_modified": document.scan_uploaded_at or document.updated_at}
        not_modified = not_modified_or_none(request, **validators)
        if not_modified is not None:
            return with_validators(not_modified, **validators)
        return with_validators(file_download(document.scan, document.download_name), **validators)


ROUTES = [("meetings", MeetingViewSet, "meeting"), ("outcomes", OutcomeDocumentViewSet, "outcome")]

# Not viewsets: added to config/api.py's urlpatterns (before its catch-all), named api:<name>.
FILE_ROUTES = [
    (
        rf"^meetings/(?P<pk>{ID})/documents/(?P<document_pk>{ID})/file$",
        MeetingDocumentFileView,
        "meeting-document-file",
    ),
    (rf"^meetings/(?P<pk>{ID})/calendar\.ics$", MeetingCalendarView, "meeting-calendar"),
    (rf"^outcomes/(?P<pk>{ID})/scan$", OutcomeScanFileView, "outcome-scan"),
]
