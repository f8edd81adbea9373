"""Loading the demo data: creates what is missing, never changes what is there (safe to run twice)."""

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from council import demo, services
from council.models import Body, Membership, MemberState, Organisation, User
from council.permissions import SECRETARIAT_GROUP

SECRETARIAT_APPS = ["council", "workinggroups", "meetings", "recommendations", "account"]
# Apps whose permissions the group never holds: second factors are their owners' alone (and a superuser's
# to remove, see council.admin_mfa); groups and permissions are a superuser's, or staff could raise their own.
SECRETARIAT_NEVER_APPS = ["mfa", "auth"]


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    demo_account: tuple[str, str] | None = None
    demo_account_removed: bool = False

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def _translated(values: tuple, name: str, languages=("ru", "en", "uz")) -> dict:
    return {f"{name}_{lang}": value for lang, value in zip(languages, values, strict=False)}


def _seed_states(report: SeedReport) -> dict[str, MemberState]:
    states = {}
    for order, (code, ru, en, uz) in enumerate(demo.STATES):
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
    for key, kind, country, seat, (name_ru, acr_ru), (name_en, acr_en) in demo.ORGANISATIONS:
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


def _seed_body(report: SeedReport, spec: dict, *, kind: str, order: int, parent: Body | None) -> Body:
    defaults = {"kind": kind, "order": order, "parent": parent, "name": spec["name"][0]}
    defaults |= _translated(spec["name"], "name")
    defaults |= _translated(spec["mandate"], "mandate")
    if "short_name" in spec:
        defaults |= _translated(spec["short_name"], "short_name")
    if "founded_place" in spec:
        defaults |= _translated(spec["founded_place"], "founded_place")
        defaults["founded_on"] = demo.FOUNDED_ON
    body = Body.objects.filter(code=spec["code"]).first()
    if body is None:
        body = services.reference_create(instance=Body(code=spec["code"], **defaults))
        report.count("bodies")
    return body


def _person(report: SeedReport, local, cyrillic, latin, language, **extra) -> User:
    email = f"{local}@{demo.EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = services.user_create(
            email=email, full_name_cyrillic=cyrillic, full_name_latin=latin, preferred_language=language, **extra
        )
        services.user_mark_email_verified(user=user)
        report.count("people")
    return user


def _seat(report: SeedReport, person, body, role, **extra) -> None:
    if not Membership.objects.filter(person=person, body=body, term_start=demo.FOUNDED_ON).exists():
        services.membership_create(person=person, body=body, role=role, term_start=demo.FOUNDED_ON, **extra)
        report.count("memberships")


def _seed_people(report: SeedReport, states, organisations, bodies) -> None:
    experts = {}
    for local, cyrillic, latin, state, language, group, role in demo.EXPERTS:
        person = _person(report, local, cyrillic, latin, language, country=states[state], position="expert")
        experts[local] = person
        _seat(report, person, bodies["council"], "member", represents_state=states[state])
        _seat(report, person, bodies[group], role, represents_state=states[state])
    for local, role in demo.EXECUTIVE_MEMBERS:
        person = experts[local]
        _seat(report, person, bodies["ec"], role, represents_state=person.country, is_focal_point=True)
    for local, cyrillic, latin, org, language, codes in demo.OBSERVERS:
        person = _person(report, local, cyrillic, latin, language, organisation=organisations[org])
        for code in codes:
            _seat(report, person, bodies[code], "observer", represents_organisation=organisations[org])
    local, cyrillic, latin, org, language = demo.SECRETARY
    secretary = _person(report, local, cyrillic, latin, language, organisation=organisations[org], is_staff=True)
    secretary.groups.add(secretariat_group())
    _seat(report, secretary, bodies["council"], "secretary", represents_organisation=organisations[org])


def secretariat_group() -> Group:
    """The group whose permissions let staff run the council's apps in the admin."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS)
    missing = set(wanted.values_list("pk", flat=True)) - set(group.permissions.values_list("pk", flat=True))
    if missing:
        group.permissions.add(*missing)
    forbidden = group.permissions.filter(content_type__app_label__in=SECRETARIAT_NEVER_APPS)
    if forbidden.exists():
        group.permissions.remove(*forbidden)
    return group


def _demo_credentials_file() -> Path:
    return settings.VAR_DIR / "demo-account.txt"


def _ensure_demo_account(report: SeedReport, organisations) -> None:
    """The demo secretariat account exists only while DEBUG is on (the embedded default)."""
    email = settings.DEMO_ACCOUNT_EMAIL
    existing = User.objects.filter(email=email).first()
    if not settings.DEBUG:
        if existing is not None and existing.is_active:
            services.user_deactivate(user=existing)
            report.demo_account_removed = True
        return
    credentials = _demo_credentials_file()
    if existing is None:
        password = secrets.token_urlsafe(12)
        user = services.user_create(
            email=email,
            full_name_cyrillic="Демо Секретариат",
            full_name_latin="Demo Secretariat",
            organisation=organisations["ISRS"],
            is_staff=True,
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.groups.add(secretariat_group())
        services.user_mark_email_verified(user=user)
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(f"{email}\n{password}\n", encoding="utf-8")
        credentials.chmod(0o600)
        report.count("demo account")
        report.demo_account = (email, password)
    elif credentials.is_file():
        _email, password = credentials.read_text(encoding="utf-8").split("\n")[:2]
        report.demo_account = (email, password)
    else:
        report.demo_account = (email, "")


@transaction.atomic
def seed_demo() -> SeedReport:
    report = SeedReport()
    states = _seed_states(report)
    organisations = _seed_organisations(report, states)
    council = _seed_body(report, demo.COUNCIL, kind=Body.Kind.COUNCIL, order=0, parent=None)
    bodies = {"council": council}
    bodies["ec"] = _seed_body(
        report, demo.EXECUTIVE_COMMITTEE, kind=Body.Kind.EXECUTIVE_COMMITTEE, order=1, parent=council
    )
    for order, spec in enumerate(demo.WORKING_GROUPS, start=2):
        bodies[spec["code"]] = _seed_body(report, spec, kind=Body.Kind.WORKING_GROUP, order=order, parent=council)
    secretariat_group()
    _seed_people(report, states, organisations, bodies)
    _ensure_demo_account(report, organisations)
    return report
