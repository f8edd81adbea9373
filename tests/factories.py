"""factory_boy factories for the council's models."""

import datetime
import itertools
import string
import time

import factory
from allauth.account.models import EmailAddress

from council.models import Body, Membership, MemberState, Organisation, User

PASSWORD = "correct-horse-battery-42"
_codes = (a + b for a, b in itertools.product(string.ascii_uppercase, repeat=2))


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ("code",)

    code = factory.LazyFunction(lambda: next(_codes))
    name_ru = factory.LazyAttribute(lambda o: f"Государство {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"State {o.code}")
    name_uz = factory.LazyAttribute(lambda o: f"Davlat {o.code}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    acronym_en = factory.Sequence(lambda n: f"ORG{n}")
    acronym_ru = factory.Sequence(lambda n: f"ОРГ{n}")
    kind = Organisation.Kind.INTERNATIONAL


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a password and a verified address, able to sign in."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name_latin = factory.Sequence(lambda n: f"Person Number{n}")
    full_name_cyrillic = factory.Sequence(lambda n: f"Персона Номер{n}")
    preferred_language = "ru"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=True if extracted is None else extracted
            )

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Staff and superusers get an authenticator app, as the portal requires; `second_factor=False` for none."""
        wanted = (self.is_staff or self.is_superuser) if extracted is None else extracted
        if create and wanted:
            with_totp(self)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("code",)

    kind = Body.Kind.WORKING_GROUP
    code = factory.Sequence(lambda n: f"g{n}")
    name_ru = factory.LazyAttribute(lambda o: f"Группа {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Group {o.code}")
    mandate_en = "Mandate"
    mandate_ru = "Мандат"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    role = Membership.Role.MEMBER
    term_start = datetime.date(2024, 5, 14)
    term_end = None


class MeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled working-group meeting ten days ahead in Tashkent; pass `bodies=[...]`."""

    class Meta:
        model = "meetings.Meeting"
        skip_postgeneration_save = True

    kind = "working_group"
    title_ru = factory.Sequence(lambda n: f"Заседание {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    timezone = "Asia/Tashkent"
    venue_city_ru = "Ташкент"
    venue_city_en = "Tashkent"
    status = "scheduled"
    access = "body"

    @factory.post_generation
    def bodies(self, create, extracted, **kwargs):
        if create and extracted:
            self.bodies.add(*extracted)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Invitation"

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.person.email if o.person else "guest@example.org")
    name = factory.LazyAttribute(lambda o: o.person.full_name_latin if o.person else "Guest")
    language = "ru"


def _now():
    from django.utils import timezone

    return timezone.now()


def with_totp(user, secret: str | None = None):
    """Register an authenticator app (TOTP) for the person; its secret is kept on `user.totp_secret`."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user.totp_secret = secret or generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows for the secret now (or at the given Unix time)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
