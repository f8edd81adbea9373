"""Report files about meetings: the participants list (CSV) and the invitation letter (PDF, DESIGN.md "Reports").

The meeting record needs the decisions taken in the meeting, which belong to recommendations (a layer above), so
its builder lives in `recommendations/meeting_record.py` and uses the helpers below for what is the meeting's own.
"""

import csv

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.content import text_in
from council.reporting import Audience, Builder, Gathered
from meetings.models import Attendance, Invitation, Meeting

CSV_UNSAFE_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The largest id a database key holds: a bigger number names nothing (and must not reach the database).
LARGEST_ID = 2**63 - 1


def csv_safe(value) -> str:
    """Make a cell inert for spreadsheets: one that starts like a formula is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_UNSAFE_PREFIXES) else text


def participants_csv(meetings) -> HttpResponse:
    """The invited people of these meetings with their answers and attendance, as a CSV download."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 (Cyrillic) correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("meeting"),
            _("name"),
            _("email address"),
            _("country"),
            _("organisation"),
            _("answer"),
            _("attendance"),
        ]
    )
    invitations = (
        Invitation.objects.filter(meeting__in=meetings)
        .select_related("meeting", "person", "person__country", "person__organisation")
        .order_by("meeting__starts_at", "name")
    )
    attendance = {
        (a.meeting_id, a.person_id): a.get_status_display() for a in Attendance.objects.filter(meeting__in=meetings)
    }
    for inv in invitations:
        person = inv.person
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    inv.meeting.title,
                    inv.display_name,
                    inv.email,
                    person.country.name if person and person.country else "",
                    person.organisation.acronym or person.organisation.name if person and person.organisation else "",
                    inv.get_rsvp_display(),
                    attendance.get((inv.meeting_id, inv.person_id), ""),
                )
            ]
        )
    return response


# Helpers of the PDF documents about a meeting ---------------------------------------------------------------


def parameter_id(parameters, key: str, *, model, invalid, unknown) -> int:
    """The id `parameters[key]` (an int or a string of digits) of an existing `model` row, else ValidationError.

    `invalid` is the message for a missing or malformed id, `unknown` (with `%(id)s`) for one that names nothing.
    """
    value = parameters.get(key) if hasattr(parameters, "get") else None
    if isinstance(value, str) and value.isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(invalid, code="invalid")
    if value > LARGEST_ID or not model.objects.filter(pk=value).exists():
        raise ValidationError(unknown, code="unknown", params={"id": value})
    return value


def text_in_language(obj, field: str) -> tuple[str, str]:
    """A translated field's text in the active language and the language it is really in (council.content)."""
    value = text_in(obj, field)
    return value.text, value.language


def meeting_dates(meeting: Meeting) -> str:
    """When the meeting is held, in its venue's time zone and the active language: `14 May 2024, 10:00–16:00`."""
    start, end = meeting.local_start, meeting.local_end
    if start.date() == end.date():
        return f"{dateformat.format(start, 'j E Y, H:i')}–{dateformat.format(end, 'H:i')}"
    return f"{dateformat.format(start, 'j E Y, H:i')} – {dateformat.format(end, 'j E Y, H:i')}"


def meeting_time_zone(meeting: Meeting) -> str:
    return _("time in %(tz)s") % {"tz": meeting.timezone}


def meeting_place(meeting: Meeting) -> str:
    """Where the meeting is held: its address in person, `online`, or both (never the online link itself)."""
    place = ", ".join(
        part
        for part in (
            meeting.venue_address,
            text_in_language(meeting, "venue_city")[0],
            text_in_language(meeting, "venue_country")[0],
        )
        if part
    )
    if meeting.format == Meeting.Format.ONLINE or not place:
        return _("online")
    if meeting.format == Meeting.Format.HYBRID:
        return _("%(place)s and online") % {"place": place}
    return place


def organisation_names(organisations) -> str:
    return ", ".join(organisation.acronym or organisation.name for organisation in organisations)


def meeting_facts(meeting: Meeting) -> dict:
    """What a document says of a meeting (title, kind, dates, place, organisers). Reads `meeting.organisers` and
    `meeting.co_organisers` (prefetch them)."""
    title, title_language = text_in_language(meeting, "title")
    return {
        "title": title,
        "title_language": title_language,
        "kind": str(meeting.get_kind_display()),
        "format": str(meeting.get_format_display()),
        "in_person": meeting.format != Meeting.Format.ONLINE,
        "dates": meeting_dates(meeting),
        "time_zone": meeting_time_zone(meeting),
        "year": meeting.local_start.year,
        "place": meeting_place(meeting),
        "city": text_in_language(meeting, "venue_city")[0],
        "organisers": organisation_names(meeting.organisers.all()),
        "co_organisers": organisation_names(meeting.co_organisers.all()),
        "working_languages": meeting.working_languages,
        "interpretation": meeting.interpretation,
    }


def council_name() -> str:
    return _("Regional Expert Council on the Rehabilitation and Reintegration of Returnees")


# The invitation letter -------------------------------------------------------------------------------------


def invitation_letter_reference(invitation: Invitation) -> str:
    """A stable reference: REC/<year of the meeting>/<meeting>/<invitation>."""
    return f"REC/{invitation.meeting.local_start.year}/{invitation.meeting_id}/{invitation.pk}"


def invitation_letter_language(invitation: Invitation) -> str:
    """The language an invitee's letter is written in unless the caller chooses another: their invitation's."""
    return invitation.language


def invitation_letter_clean(parameters) -> dict:
    invitation_id = parameter_id(
        parameters,
        "invitation",
        model=Invitation,
        invalid=gettext_lazy("Give the number of an invitation (e.g. 12)."),
        unknown=gettext_lazy("There is no invitation number %(id)s."),
    )
    return {"invitation": invitation_id}


def invitation_letter_gather(parameters: dict) -> Gathered:
    """An invitee's letter for visas and travel approval: who is invited to what, when and where, signed by the
    secretariat. Personal: its addressee and the secretariat see it (the secretariat alone when the invitee has
    no account). It never holds the online link: a letter is shown at borders and to ministries."""
    invitation = (
        Invitation.objects.select_related("meeting", "person__country", "person__organisation")
        .prefetch_related("meeting__organisers", "meeting__co_organisers")
        .get(pk=parameters["invitation"])
    )
    meeting = invitation.meeting
    person = invitation.person
    name = invitation.display_name
    facts = meeting_facts(meeting)
    dated = timezone.localtime(invitation.queued_at or invitation.created_at, meeting.tz)
    signatory = settings.REPORTS_SIGNATORY
    if facts["in_person"]:
        invited = _(
            "The secretariat of the Regional Expert Council has the honour to invite you to take part in the "
            "meeting “%(title)s”, to be held on %(dates)s (%(time_zone)s) in %(place)s."
        )
        travel = _(
            "This letter is issued so that %(name)s may obtain an entry visa and the approval of their travel. "
            "The secretariat kindly asks the competent authorities to assist %(name)s in travelling to %(city)s "
            "for the dates of the meeting."
        )
    else:
        invited = _(
            "The secretariat of the Regional Expert Council has the honour to invite you to take part in the "
            "meeting “%(title)s”, to be held online on %(dates)s (%(time_zone)s)."
        )
        travel = _("The meeting is held online: the link to join it is sent with the invitation email.")
    values = {**facts, "name": name, "city": facts["city"] or facts["place"]}
    data = {
        "letterhead": {"council": council_name(), "secretariat": _("Secretariat")},
        "reference": invitation_letter_reference(invitation),
        "date": dateformat.format(dated, "j E Y"),
        "addressee": {
            "name": name,
            "position": person.position if person else "",
            "organisation": person.organisation.name if person and person.organisation else "",
            "country": person.country.name if person and person.country else "",
        },
        "salutation": _("Dear %(name)s,") % {"name": name},
        "meeting": facts,
        "paragraphs": [invited % values, travel % values],
        "closing": _("Yours sincerely,"),
        "signatory": {
            "name": signatory.get("name", ""),
            "title": signatory.get("title") or _("Head of the Secretariat"),
            "body": _("The secretariat of the Regional Expert Council"),
        },
    }
    audience = Audience.secretariat(person_id=invitation.person_id)
    return Gathered(
        data=data,
        title=_("Invitation letter: %(name)s") % {"name": name},
        reference=data["reference"],
        audience=audience,
    )


INVITATION_LETTER = Builder(
    kind="invitation_letter",
    template="reports/invitation_letter.html",
    clean=invitation_letter_clean,
    gather=invitation_letter_gather,
)


# The outcome document ----------------------------------------------------------------------------------------


def outcome_document_clean(parameters) -> dict:
    from meetings.models import OutcomeDocument

    outcome_id = parameter_id(
        parameters,
        "outcome",
        model=OutcomeDocument,
        invalid=gettext_lazy("Give the number of an outcome document (e.g. 3)."),
        unknown=gettext_lazy("There is no outcome document number %(id)s."),
    )
    return {"outcome": outcome_id}


def outcome_document_gather(parameters: dict) -> Gathered:
    """An outcome document as signed: its text in the report's language (else the authoritative one, marked), the
    note naming the authoritative language, and the signature block. Four queries, whatever the number of
    signatories. Seen by those who may read the document (meetings.permissions.outcome_audience)."""
    from django.db.models import Prefetch

    from meetings.models import OutcomeDocument, Signatory
    from meetings.permissions import outcome_audience

    document = (
        OutcomeDocument.objects.select_related("meeting")
        .prefetch_related(
            "meeting__bodies",
            Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related("for_state", "for_organisation").order_by("order", "id"),
            ),
        )
        .get(pk=parameters["outcome"])
    )
    meeting = document.meeting
    names = dict(settings.LANGUAGES)
    title = text_in(document, "title")
    text = text_in(document, "text")
    place = text_in(document, "place")
    meeting_title, meeting_title_language = text_in_language(meeting, "title")
    signatories = []
    for signatory in document.signatories.all():
        signed_for = signatory.for_state or signatory.for_organisation
        for_name = text_in(signed_for, "name")
        capacity = text_in(signatory, "capacity")
        signed_place = text_in(signatory, "place")
        signatories.append(
            {
                "name": signatory.full_name,
                "for": for_name.text,
                "for_language": for_name.language,
                "capacity": capacity.text,
                "capacity_language": capacity.language,
                "date": dateformat.format(signatory.signed_on, "j E Y"),
                "place": signed_place.text,
                "place_language": signed_place.language,
            }
        )
    data = {
        "council": council_name(),
        "kind": str(document.get_kind_display()),
        "reference": document.reference,
        "title": title.text,
        "title_language": title.language,
        "meeting": {"title": meeting_title, "title_language": meeting_title_language},
        "adopted_on": dateformat.format(document.adopted_on, "j E Y"),
        "place": place.text,
        "place_language": place.language,
        "authoritative_note": _("The authoritative text of this document is in %(language)s.")
        % {"language": names.get(document.authoritative_language, document.authoritative_language)},
        "text": text.text,
        "text_language": text.language,
        "text_original_note": (
            _("shown in the original language (%(language)s)") % {"language": text.language_name}
            if text.is_original
            else ""
        ),
        "signatories": signatories,
        "draft": not document.is_published,
    }
    return Gathered(
        data=data,
        title=f"{data['kind'].capitalize()}: {title.text}" if title.text else data["kind"].capitalize(),
        reference=document.reference,
        audience=outcome_audience(document),
    )


OUTCOME_DOCUMENT = Builder(
    kind="outcome_document",
    template="reports/outcome_document.html",
    clean=outcome_document_clean,
    gather=outcome_document_gather,
)
