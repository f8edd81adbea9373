"""Loading the council's demo data: creates what is missing, never changes what is there (safe to run twice)."""

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from council import services
from council.models import Body, Membership, MemberState, Organisation, User
from demo import facts

Role = Membership.Role


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    demo_account: tuple[str, str] | None = None
    demo_member: tuple[str, str] | None = None
    demo_account_removed: bool = False

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def _translated(values: tuple, name: str, languages=("ru", "en", "uz")) -> dict:
    return {f"{name}_{lang}": value for lang, value in zip(languages, values, strict=False)}


def _seed_states(report: SeedReport) -> dict[str, MemberState]:
    states = {}
    for order, (code, ru, en, uz) in enumerate(facts.STATES):
        state = MemberState.objects.filter(code=code).first()
        if state is None:
            state = services.reference_create(
                instance=MemberState(code=code, name=ru, name_ru=ru, name_en=en, name_uz=uz, order=order)
            )
            report.count("member states")
        states[code] = state
    return states


def _seed_organisations(report: SeedReport, states) -> dict[str, Organisation]:
    organisations = {}
    for key, kind, country, seat, (name_ru, acr_ru), (name_en, acr_en) in facts.ORGANISATIONS:
        organisation = Organisation.objects.filter(name_en=name_en).first()
        if organisation is None:
            organisation = services.reference_create(
                instance=Organisation(
                    name=name_ru,
                    name_ru=name_ru,
                    name_en=name_en,
                    acronym=acr_ru,
                    acronym_ru=acr_ru,
                    acronym_en=acr_en,
                    kind=kind,
                    country=states[country] if country else None,
                    seat=seat,
                )
            )
            report.count("organisations")
        organisations[key] = organisation
    return organisations


def _seed_body(report: SeedReport, spec: dict, *, kind: Body.Kind, order: int, parent: Body | None) -> Body:
    defaults = {"kind": kind, "order": order, "parent": parent, "name": spec["name"][0]}
    defaults |= _translated(spec["name"], "name")
    defaults |= _translated(spec["mandate"], "mandate")
    if "short_name" in spec:
        defaults |= _translated(spec["short_name"], "short_name")
    if "founded_place" in spec:
        defaults |= _translated(spec["founded_place"], "founded_place")
        defaults["founded_on"] = facts.FOUNDED_ON
    body = Body.objects.filter(code=spec["code"]).first()
    if body is None:
        body = services.reference_create(instance=Body(code=spec["code"], **defaults))
        report.count("bodies")
    return body


def _person(report: SeedReport, local, cyrillic, latin, language, **extra) -> User:
    email = f"{local}@{facts.EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = services.user_create(
            email=email, full_name_cyrillic=cyrillic, full_name_latin=latin, preferred_language=language, **extra
        )
        services.user_mark_email_verified(user=user)
        report.count("people")
    return user


def _seat(report: SeedReport, person, body, role: Membership.Role, **extra) -> None:
    if not Membership.objects.filter(person=person, body=body, term_start=facts.FOUNDED_ON).exists():
        services.membership_create(person=person, body=body, role=role, term_start=facts.FOUNDED_ON, **extra)
        report.count("memberships")


def _join_secretariat(user: User) -> None:
    services.user_join_secretariat(user=user)


def _seed_people(report: SeedReport, states, organisations, bodies) -> None:
    experts = {}
    for local, cyrillic, latin, state, language, group, role in facts.EXPERTS:
        person = _person(report, local, cyrillic, latin, language, country=states[state], position="expert")
        experts[local] = person
        _seat(report, person, bodies["council"], Role.MEMBER, represents_state=states[state])
        _seat(report, person, bodies[group], role, represents_state=states[state])
    for local, role in facts.EXECUTIVE_MEMBERS:
        person = experts[local]
        _seat(report, person, bodies["ec"], role, represents_state=person.country, is_focal_point=True)
    for local, cyrillic, latin, org, language, codes in facts.OBSERVERS:
        person = _person(report, local, cyrillic, latin, language, organisation=organisations[org])
        for code in codes:
            _seat(report, person, bodies[code], Role.OBSERVER, represents_organisation=organisations[org])
    local, cyrillic, latin, org, language = facts.SECRETARY
    secretary = _person(report, local, cyrillic, latin, language, organisation=organisations[org], is_staff=True)
    _join_secretariat(secretary)
    _seat(report, secretary, bodies["council"], Role.SECRETARY, represents_organisation=organisations[org])


def secretary() -> User | None:
    """The fictional secretary, who prepares the demo's meetings and recommendations (None before seed_council)."""
    local = facts.SECRETARY[0]
    return User.objects.filter(email=f"{local}@{facts.EMAIL_DOMAIN}", is_staff=True).first()


def _credentials_file(name: str) -> Path:
    return settings.VAR_DIR / name


def _ensure_login(report: SeedReport, *, email: str, credentials_name: str, create) -> tuple[str, str] | None:
    """A demo sign-in that exists only while DEBUG is on (the embedded default); its password is printed.

    `create` makes the account (through the services) on the first run; later runs read the kept password.
    """
    existing = User.objects.filter(email=email).first()
    if not settings.DEBUG:
        if existing is not None and existing.is_active:
            services.user_deactivate(user=existing)
            report.demo_account_removed = True
        return None
    credentials = _credentials_file(credentials_name)
    if existing is None:
        password = secrets.token_urlsafe(12)
        user = create()
        services.user_set_password(user=user, password=password)  # a demo account's password is printed
        services.user_mark_email_verified(user=user)
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(f"{email}\n{password}\n", encoding="utf-8")
        credentials.chmod(0o600)
        report.count("demo account")
        return (email, password)
    if credentials.is_file():
        _email, password = credentials.read_text(encoding="utf-8").split("\n")[:2]
        return (email, password)
    return (email, "")


def _ensure_demo_account(report: SeedReport, organisations) -> None:
    """The demo secretariat account."""

    def create() -> User:
        user = services.user_create(
            email=settings.DEMO_ACCOUNT_EMAIL,
            full_name_cyrillic="Демо Секретариат",
            full_name_latin="Demo Secretariat",
            organisation=organisations["ISRS"],
            is_staff=True,
        )
        _join_secretariat(user)
        return user

    report.demo_account = _ensure_login(
        report, email=settings.DEMO_ACCOUNT_EMAIL, credentials_name="demo-account.txt", create=create
    )


def _ensure_demo_member(report: SeedReport, states, bodies) -> None:
    """A demo working-group member who reads Uzbek: in group A (where a silence procedure runs) and group B
    (invited to its next meeting), so the member's home page has something to act on."""
    cyrillic, latin = facts.DEMO_MEMBER
    email = settings.DEMO_MEMBER_EMAIL

    def create() -> User:
        person = services.user_create(
            email=email,
            full_name_cyrillic=cyrillic,
            full_name_latin=latin,
            preferred_language="uz",
            country=states["UZ"],
            position="expert",
        )
        for code in ("council", "a", "b"):
            _seat(report, person, bodies[code], Role.MEMBER, represents_state=states["UZ"])
        return person

    report.demo_member = _ensure_login(report, email=email, credentials_name="demo-member.txt", create=create)


@transaction.atomic
def seed_council() -> SeedReport:
    """States, organisations, the council's bodies, the fictional people and their seats, the demo account."""
    report = SeedReport()
    states = _seed_states(report)
    organisations = _seed_organisations(report, states)
    council = _seed_body(report, facts.COUNCIL, kind=Body.Kind.COUNCIL, order=0, parent=None)
    bodies = {"council": council}
    bodies["ec"] = _seed_body(
        report, facts.EXECUTIVE_COMMITTEE, kind=Body.Kind.EXECUTIVE_COMMITTEE, order=1, parent=council
    )
    for order, spec in enumerate(facts.WORKING_GROUPS, start=2):
        bodies[spec["code"]] = _seed_body(report, spec, kind=Body.Kind.WORKING_GROUP, order=order, parent=council)
    _seed_people(report, states, organisations, bodies)
    _ensure_demo_account(report, organisations)
    _ensure_demo_member(report, states, bodies)
    return report
