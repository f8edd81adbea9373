"""The council's structure: member states, organisations, people, bodies and memberships."""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from council.managers import MembershipQuerySet, UserManager
from council.timezones import validate_timezone

cyrillic_name_validator = RegexValidator(
    r"^[\u0400-\u052F][\u0400-\u052F .'ʼ\-]*$",
    _("Write the name in Cyrillic letters (spaces, hyphens and apostrophes are allowed)."),
)
latin_name_validator = RegexValidator(
    r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'ʻʼ\-]*$",
    _("Write the name in Latin letters (spaces, hyphens and apostrophes are allowed)."),
)
iso_code_validator = RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1 (e.g. UZ)."))


class Access(models.TextChoices):
    """Who may see a meeting, document or recommendation (DESIGN.md, "Access levels")."""

    PUBLIC = "public", _("public")
    PARTNERS = "partners", _("partners")
    COUNCIL = "council", _("council members")
    BODY = "body", _("members of the body")
    SECRETARIAT = "secretariat", _("secretariat")


class MemberState(models.Model):
    """One of the five Central Asian states of the council."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True, validators=[iso_code_validator])
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """A government body, international or regional organisation, NGO, academic body or donor."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government body")
        INTERNATIONAL = "international", _("international organisation")
        REGIONAL = "regional", _("regional organisation")
        CIVIL_SOCIETY = "civil_society", _("civil society")
        ACADEMIC = "academic", _("academic")
        DONOR = "donor", _("donor")

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        MemberState,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("The member state it belongs to, where it has one."),
    )
    seat = models.CharField(_("seat"), max_length=120, blank=True, help_text=_("City and country of its seat."))
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.acronym} — {self.name}" if self.acronym else self.name


class NoticeDelivery(models.TextChoices):
    """How a person gets the notices that may wait (outbox kinds registered `digestible`)."""

    AT_ONCE = "at_once", _("each notice at once")
    DAILY_DIGEST = "daily_digest", _("one e-mail a day with all notices")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses the portal; the email address is the login."""

    email = models.EmailField(_("email address"), unique=True)
    full_name_cyrillic = models.CharField(
        _("full name (Cyrillic)"), max_length=200, blank=True, validators=[cyrillic_name_validator]
    )
    full_name_latin = models.CharField(_("full name (Latin)"), max_length=200, validators=[latin_name_validator])
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="ru"
    )
    country = models.ForeignKey(
        MemberState,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("secretariat staff"), default=False, help_text=_("Can sign in to the secretariat's admin.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive people cannot sign in and are signed out at once.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    calendar_token = models.CharField(
        _("calendar feed key"), max_length=64, unique=True, default=new_calendar_token, editable=False
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text=_("Times are shown in the meeting's zone and, where it differs, in this one. Empty: not chosen."),
    )
    notice_delivery = models.CharField(
        _("notices"),
        max_length=16,
        choices=NoticeDelivery.choices,
        default=NoticeDelivery.AT_ONCE,
        help_text=_(
            "Notices of consensus rounds and report reminders: each at once, or together once a day. Invitations, "
            "cancellations and account e-mails always go at once."
        ),
    )
    # "Since your last visit" on the home page: the visit before the one going on now (see services.user_visit_record).
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)
    previous_visit_at = models.DateTimeField(_("previous visit"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name_latin"]

    class Meta:
        ordering = ["full_name_latin"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def display_name(self) -> str:
        """The name in the script of the active language: Cyrillic for Russian, Latin otherwise."""
        if translation.get_language() == "ru" and self.full_name_cyrillic:
            return self.full_name_cyrillic
        return self.full_name_latin or self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo | None:
        """The person's own time zone, if they have chosen one."""
        return zoneinfo.ZoneInfo(self.time_zone) if self.time_zone else None

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


# What a body is; named outside the model so that its Meta's constraints can use it too.
class BodyKind(models.TextChoices):
    COUNCIL = "council", _("council")
    EXECUTIVE_COMMITTEE = "executive_committee", _("executive committee")
    WORKING_GROUP = "working_group", _("working group")


class Body(models.Model):
    """The council itself, its executive committee or a working group."""

    Kind = BodyKind

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    code = models.SlugField(
        _("code"), max_length=20, unique=True, help_text=_("Short code: council, ec, or the group's letter a–d.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    founded_place = models.CharField(_("founded in"), max_length=120, blank=True)
    # Consensus quorum (DESIGN.md): a share of members present and a number of member states represented.
    quorum_share = models.DecimalField(
        _("quorum: share of members present"), max_digits=3, decimal_places=2, default=0.5
    )
    quorum_states = models.PositiveSmallIntegerField(_("quorum: member states represented"), default=3)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind__in=[BodyKind.COUNCIL, BodyKind.EXECUTIVE_COMMITTEE]),
                name="body_one_council_and_one_executive_committee",
            ),
            models.CheckConstraint(
                condition=Q(quorum_share__gt=0) & Q(quorum_share__lte=1),
                name="body_quorum_share_between_0_and_1",
            ),
            models.CheckConstraint(condition=Q(quorum_states__lte=5), name="body_quorum_states_at_most_5"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.is_working_group:
            # One page per body: a working group's is its group page (workinggroups), which also shows its work.
            return reverse("workinggroups:detail", kwargs={"code": self.code})
        return reverse("council:body", kwargs={"code": self.code})

    @property
    def is_working_group(self) -> bool:
        return self.kind == self.Kind.WORKING_GROUP


class Membership(models.Model):
    """A person's seat in a body, with a role, whom they represent and a term."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        CO_CHAIR = "co_chair", _("co-chair")
        MEMBER = "member", _("member")
        OBSERVER = "observer", _("observer")
        SECRETARY = "secretary", _("secretary")

    # Roles that hold a position in consensus; observers and secretaries take part without one.
    DECIDING_ROLES = frozenset({Role.CHAIR, Role.CO_CHAIR, Role.MEMBER})

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    represents_state = models.ForeignKey(
        MemberState,
        verbose_name=_("represents member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    represents_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("represents organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    is_focal_point = models.BooleanField(
        _("national focal point"),
        default=False,
        help_text=_("Reports on implementation for the member state they represent."),
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True, help_text=_("Empty: open-ended."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__order", "role", "person__full_name_latin"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="membership_term_end_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            # One open-ended membership per person and body on every database; PostgreSQL also
            # refuses any two overlapping terms (an exclusion constraint added in a migration).
            models.UniqueConstraint(
                fields=["person", "body"],
                condition=Q(term_end__isnull=True),
                name="membership_one_open_term_per_person_and_body",
                violation_error_message=_("This person already has an open-ended membership of this body."),
            ),
            models.CheckConstraint(
                condition=Q(is_focal_point=False) | Q(represents_state__isnull=False),
                name="membership_focal_point_represents_a_state",
                violation_error_message=_("A national focal point must represent a member state."),
            ),
        ]
        indexes = [models.Index(fields=["body", "term_start", "term_end"])]

    def __str__(self):
        return f"{self.person} — {self.body} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})
        if self.person_id and self.body_id and self.term_start:
            overlapping = Membership.objects.overlapping(
                person_id=self.person_id, body_id=self.body_id, start=self.term_start, end=self.term_end
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    _("This person is already a member of %(body)s during this term.") % {"body": self.body}
                )

    @property
    def holds_position(self) -> bool:
        return self.role in self.DECIDING_ROLES

    def is_active_on(self, day: datetime.date) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)


class AuditTrailError(PermissionDenied):
    """An attempt to change or delete an audit row: the trail is append-only."""


class AuditRecordQuerySet(models.QuerySet):
    """Rows are appended, never updated or deleted in bulk."""

    def update(self, **kwargs):
        raise AuditTrailError(_("Audit records are append-only: they cannot be changed."))

    def delete(self):
        raise AuditTrailError(_("Audit records are append-only: they cannot be deleted."))

    delete.queryset_only = True


class AuditRecord(models.Model):
    """Who changed what, when: one row per change of state that matters; append-only (also in the database)."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # An account named here is never deleted (deactivated instead); its name and address at the time are kept.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("actor's name"), max_length=200, blank=True)
    actor_email = models.CharField(_("actor's email address"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80)
    target_id = models.CharField(_("target id"), max_length=40)
    target_repr = models.CharField(_("target"), max_length=300)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailError(_("Audit records are append-only: they cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailError(_("Audit records are append-only: they cannot be deleted."))
