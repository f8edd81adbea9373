"""The authorization matrix: every URL pattern × every kind of person, with the answer DESIGN.md's rules give.

A new URL pattern without a row here fails `test_every_url_pattern_has_a_row`, so no route goes unchecked.
Hidden things answer 404, exactly like things that do not exist; pages for signed-in people send others to
sign in; the admin is for staff with a second factor, and inside it each model answers as the Secretariat
group's permissions say.
"""

import pytest
from django.urls import reverse

from meetings.tokens import rsvp_token
from tests.security.conftest import KINDS
from tests.security.programme_rows import programme_cases
from tests.security.routes import (
    BAD,
    DENIED,
    HIDDEN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    Case,
    admin_patterns,
    body_level,
    expect,
    hidden,
    outcome,
    registered_models,
    signed_in_only,
    url_patterns,
)

SIGNED_IN = ("member", "other", "observer", "focal", "secretariat", "superuser")
STAFF = ("secretariat", "superuser")
INVITEES = ("member", "observer", "focal")


def _fresh(person):
    """The account as stored now (a row above may have replaced its feed key)."""
    return type(person).objects.get(pk=person.pk)


def portal_cases(w) -> list[Case]:
    """Rows for every portal and account route; `w` is the world of tests/security/conftest.py."""
    m, pub, draft, doc = w.meeting, w.public_meeting, w.draft_meeting, w.document
    rec, published, draft_b, round_ = w.consultation, w.published, w.draft_b, w.silence_round
    member = w.people["member"]
    invitation = m.invitations.get(person=member)
    staff_only = hidden(secretariat=OK, superuser=OK)
    staff_ok = dict.fromkeys(STAFF, OK)
    staff_redirect = dict.fromkeys(STAFF, REDIRECT)
    invitee_post = expect(HIDDEN, anonymous=LOGIN, inactive=LOGIN, member=REDIRECT, observer=REDIRECT, focal=REDIRECT)
    return [
        # council
        Case("portal:landing", lambda: reverse("portal:landing"), expect(OK)),
        Case("portal:home", lambda: reverse("portal:home"), signed_in_only()),
        Case("council:body", lambda: reverse("council:body", args=["ec"]), expect(OK)),
        # A working group's body page is its group page.
        Case("council:body", lambda: reverse("council:body", args=["a"]), expect(REDIRECT), label="working group"),
        Case("council:body", lambda: reverse("council:body", args=["zz"]), hidden(), label="missing"),
        Case("portal:profile", lambda: reverse("portal:profile"), signed_in_only()),
        Case(
            "portal:profile",
            lambda: reverse("portal:profile"),
            signed_in_only(REDIRECT),
            method="post",
            data=lambda: {
                "full_name_latin": "Matrix Person",
                "preferred_language": "ru",
                "time_zone": "Asia/Tashkent",
                "notice_delivery": "at_once",
            },
        ),
        Case(
            "portal:profile",
            lambda: reverse("portal:profile"),
            signed_in_only(BAD),
            method="post",
            data=lambda: {"full_name_latin": "Matrix Person", "preferred_language": "ru", "time_zone": "Mars/Olympus"},
            label="bad time zone",
        ),
        Case(
            "council:language",
            lambda: reverse("council:language"),
            expect(REDIRECT),
            method="post",
            data=lambda: {"language": "en", "next": "/"},
        ),
        Case("council:language", lambda: reverse("council:language"), expect(NOT_ALLOWED), label="GET"),
        # working groups: public pages, each section showing what the viewer may see (tests/workinggroups)
        Case("workinggroups:list", lambda: reverse("workinggroups:list"), expect(OK)),
        Case("workinggroups:detail", lambda: reverse("workinggroups:detail", args=["a"]), expect(OK)),
        Case(
            "workinggroups:detail",
            lambda: reverse("workinggroups:detail", args=["ec"]),
            hidden(),
            label="not a working group",
        ),
        Case(
            "workinggroups:detail",
            lambda: reverse("workinggroups:detail", args=["zz"]),
            hidden(),
            label="missing",
        ),
        # meetings
        Case("meetings:list", lambda: reverse("meetings:list"), expect(OK)),
        Case("meetings:detail", lambda: m.get_absolute_url(), body_level()),
        Case("meetings:detail", lambda: pub.get_absolute_url(), expect(OK), label="public"),
        Case("meetings:detail", lambda: draft.get_absolute_url(), staff_only, label="draft"),
        Case("meetings:detail", lambda: reverse("meetings:detail", args=[999999]), hidden(), label="missing"),
        Case(
            "meetings:answer",
            lambda: reverse("meetings:answer", args=[m.pk]),
            invitee_post,
            method="post",
            data=lambda: {"answer": "accepted"},
        ),
        Case(
            "meetings:delegate",
            lambda: reverse("meetings:delegate", args=[m.pk]),
            invitee_post,
            method="post",
            data=lambda: {"email": "alternate@example.org", "name": "An Alternate"},
        ),
        Case(
            "meetings:feed_rotate",
            lambda: reverse("meetings:feed_rotate"),
            signed_in_only(REDIRECT),
            method="post",
        ),
        Case("meetings:feed_rotate", lambda: reverse("meetings:feed_rotate"), signed_in_only(NOT_ALLOWED), label="GET"),
        Case("meetings:ics", lambda: reverse("meetings:ics", args=[m.pk]), body_level()),
        Case("meetings:ics", lambda: reverse("meetings:ics", args=[pub.pk]), expect(OK), label="public"),
        Case("meetings:ics", lambda: reverse("meetings:ics", args=[draft.pk]), staff_only, label="draft"),
        # The feed's key is its only credential: it answers whoever holds it, and nobody else.
        Case("meetings:feed", lambda: reverse("meetings:feed", args=[_fresh(member).calendar_token]), expect(OK)),
        Case("meetings:feed", lambda: reverse("meetings:feed", args=["x" * 43]), expect(HIDDEN), label="bad key"),
        Case(
            "meetings:feed",
            lambda: reverse("meetings:feed", args=[w.people["inactive"].calendar_token]),
            expect(HIDDEN),
            label="deactivated",
        ),
        # An RSVP link works for whoever follows it; a GET only shows the page.
        Case("meetings:rsvp", lambda: reverse("meetings:rsvp", args=[rsvp_token(invitation)]), expect(OK)),
        Case("meetings:rsvp", lambda: reverse("meetings:rsvp", args=["forged.token"]), expect(BAD), label="forged"),
        Case("meetings:rsvp_ics", lambda: reverse("meetings:rsvp_ics", args=[rsvp_token(invitation)]), expect(OK)),
        Case(
            "meetings:rsvp_ics",
            lambda: reverse("meetings:rsvp_ics", args=["forged.token"]),
            expect(BAD),
            label="forged",
        ),
        Case("meetings:document", lambda: reverse("meetings:document", args=[doc.pk]), body_level()),
        # outcome documents (issue 12): a published one as its level says, a draft the secretariat's alone
        Case("meetings:outcome", lambda: w.outcomes["public"].get_absolute_url(), expect(OK), label="public"),
        Case("meetings:outcome", lambda: w.outcomes["body"].get_absolute_url(), body_level(), label="body"),
        Case("meetings:outcome", lambda: w.outcomes["draft"].get_absolute_url(), staff_only, label="draft"),
        Case("meetings:outcome", lambda: reverse("meetings:outcome", args=[999999]), hidden(), label="missing"),
        Case("meetings:outcome_scan", lambda: w.outcomes["public"].get_download_url(), expect(OK), label="public"),
        Case("meetings:outcome_scan", lambda: w.outcomes["body"].get_download_url(), body_level(), label="body"),
        Case("meetings:outcome_scan", lambda: w.outcomes["draft"].get_download_url(), staff_only, label="draft"),
        # recommendations
        Case("recommendations:list", lambda: reverse("recommendations:list"), expect(OK)),
        Case("recommendations:matrix", lambda: reverse("recommendations:matrix"), expect(OK)),
        Case("recommendations:detail", lambda: rec.get_absolute_url(), body_level(), label="in consultation"),
        Case("recommendations:detail", lambda: published.get_absolute_url(), expect(OK), label="published"),
        Case(
            "recommendations:detail",
            lambda: draft_b.get_absolute_url(),
            hidden(other=OK, secretariat=OK, superuser=OK),
            label="group B draft",
        ),
        Case(
            "recommendations:position",
            lambda: reverse("recommendations:position", args=[rec.pk, round_.pk]),
            # Members of the round answer; the page tells others why not; hidden to outsiders.
            expect(HIDDEN, anonymous=LOGIN, inactive=LOGIN, member=REDIRECT, observer=REDIRECT, focal=REDIRECT)
            | dict.fromkeys(STAFF, REDIRECT),
            method="post",
            data=lambda: {"kind": "support", "version": rec.current_version_id},
        ),
        Case(
            "recommendations:comment",
            lambda: reverse("recommendations:comment", args=[rec.pk, round_.pk]),
            expect(HIDDEN, anonymous=LOGIN, inactive=LOGIN, member=REDIRECT, observer=REDIRECT, focal=REDIRECT)
            | dict.fromkeys(STAFF, REDIRECT),
            method="post",
            data=lambda: {"text": "A comment from the floor."},
        ),
        Case(
            "recommendations:report",
            lambda: reverse("recommendations:report", args=[published.pk, "UZ"]),
            # Uzbekistan's focal point (and the secretariat) report for Uzbekistan; nobody else.
            expect(HIDDEN, anonymous=LOGIN, inactive=LOGIN, focal=OK, secretariat=OK, superuser=OK),
        ),
        Case(
            "recommendations:report",
            lambda: reverse("recommendations:report", args=[rec.pk, "UZ"]),
            expect(HIDDEN, anonymous=LOGIN, inactive=LOGIN),
            label="not published",
        ),
        # The evidence of a report is seen by whoever sees its recommendation (here a public one).
        Case(
            "recommendations:evidence",
            lambda: reverse("recommendations:evidence", args=[published.implementation_reports.get().pk]),
            expect(OK),
        ),
        Case(
            "recommendations:evidence",
            lambda: reverse("recommendations:evidence", args=[999999]),
            hidden(),
            label="missing",
        ),
        # Focal points' reporting: the list of reports due for anyone signed in (each sees their own state's);
        # a submitted report and a state's history for whoever sees the recommendation; the CSV as the matrix.
        Case("recommendations:reports_due", lambda: reverse("recommendations:reports_due"), signed_in_only()),
        Case(
            "recommendations:report",
            lambda: reverse("recommendations:report", args=[published.pk, "UZ"]),
            expect(HIDDEN, anonymous=LOGIN, inactive=LOGIN, focal=REDIRECT, secretariat=REDIRECT, superuser=REDIRECT),
            method="post",
            data=lambda: {"action": "draft", "narrative": "Half written."},
            label="draft",
        ),
        Case(
            "recommendations:report_detail",
            lambda: reverse("recommendations:report_detail", args=[published.implementation_reports.get().pk]),
            expect(OK),
        ),
        Case(
            "recommendations:report_detail",
            lambda: reverse("recommendations:report_detail", args=[999999]),
            hidden(),
            label="missing",
        ),
        Case(
            "recommendations:state_history", lambda: reverse("recommendations:state_history", args=["UZ"]), expect(OK)
        ),
        Case(
            "recommendations:state_history",
            lambda: reverse("recommendations:state_history", args=["ZZ"]),
            hidden(),
            label="missing",
        ),
        Case(
            "recommendations:report_history",
            lambda: reverse("recommendations:report_history", args=[published.pk, "UZ"]),
            expect(OK),
        ),
        Case(
            "recommendations:report_history",
            lambda: reverse("recommendations:report_history", args=[draft_b.pk, "UZ"]),
            hidden(other=OK, secretariat=OK, superuser=OK),
            label="group B draft",
        ),
        Case("recommendations:matrix_csv", lambda: reverse("recommendations:matrix_csv"), expect(OK)),
        # search: open to everyone; each finds only what the access rules let them see (tests/search).
        Case("search:search", lambda: reverse("search:search"), expect(OK)),
        Case("search:search", lambda: reverse("search:search") + "?q=consultation", expect(OK), label="words"),
        Case("search:search", lambda: reverse("search:search") + "?q=x&year=soon", expect(OK), label="bad filter"),
        # PDF reports: seen by exactly those who may see everything in them; everyone else gets 404.
        Case("reports:list", lambda: reverse("reports:list"), expect(OK)),
        Case(
            "reports:new",
            lambda: reverse("reports:new"),
            signed_in_only(REDIRECT),
            method="post",
            data=lambda: {"kind": "compendium", "language": "ru", "variant": "pdf/x-3"},
            label="bad variant",
        ),
        Case("reports:new", lambda: reverse("reports:new"), signed_in_only(NOT_ALLOWED), label="GET"),
        *[
            case
            for route in ("reports:detail", "reports:status", "reports:download")
            for case in (
                Case(route, lambda route=route: reverse(route, args=[w.reports["public"].pk]), expect(OK)),
                Case(
                    route,
                    lambda route=route: reverse(route, args=[w.reports["body"].pk]),
                    body_level(),
                    label="body and invitees",
                ),
                Case(
                    route,
                    lambda route=route: reverse(route, args=[w.reports["secretariat"].pk]),
                    staff_only,
                    label="secretariat",
                ),
                Case(
                    route,
                    lambda route=route: reverse(route, args=[w.reports["personal"].pk]),
                    staff_only | {"member": OK},
                    label="personal",
                ),
                Case(route, lambda route=route: reverse(route, args=[999999]), hidden(), label="missing"),
            )
        ],
        Case(
            "reports:download",
            lambda: reverse("reports:download", args=[w.reports["failed"].pk]),
            hidden(),
            label="failed",
        ),
        Case(
            "reports:retry",
            lambda: reverse("reports:retry", args=[w.reports["failed"].pk]),
            # Tried again by the secretariat or by who asked for it (the member); others see nothing.
            hidden(member=REDIRECT, **staff_redirect),
            method="post",
        ),
        Case(
            "reports:retry",
            lambda: reverse("reports:retry", args=[w.reports["public"].pk]),
            hidden(),
            method="post",
            label="not failed",
        ),
        # regional figures: public pages of the indicators a reader may see; entry for focal points (their own
        # state's figures) and the secretariat.
        Case("figures:index", lambda: reverse("figures:index"), expect(OK)),
        Case("figures:indicator", lambda: reverse("figures:indicator", args=["returned"]), expect(OK)),
        Case(
            "figures:indicator",
            lambda: reverse("figures:indicator", args=["internal"]),
            hidden(member=OK, other=OK, observer=OK, focal=OK, secretariat=OK, superuser=OK),
            label="council level",
        ),
        Case("figures:indicator", lambda: reverse("figures:indicator", args=["nothing"]), hidden(), label="missing"),
        Case("figures:csv", lambda: reverse("figures:csv", args=["returned"]), expect(OK)),
        Case(
            "figures:csv",
            lambda: reverse("figures:csv", args=["internal"]),
            hidden(member=OK, other=OK, observer=OK, focal=OK, secretariat=OK, superuser=OK),
            label="council level",
        ),
        Case("figures:enter", lambda: reverse("figures:enter"), hidden(focal=OK, secretariat=OK, superuser=OK)),
        Case(
            "figures:enter",
            lambda: reverse("figures:enter"),
            hidden(focal=REDIRECT, secretariat=REDIRECT, superuser=REDIRECT),
            method="post",
            data=lambda: {
                "indicator": w.figures["indicator"].pk,
                "state": w.states["UZ"].pk,
                "year_from": 2022,
                "year_to": 2022,
                "sex": "all",
                "age_band": "all",
                "number": "12",
                "source": "Matrix",
                "source_date": "2025-01-01",
                "action": "draft",
            },
        ),
        Case(
            "figures:value",
            lambda: reverse("figures:value", args=[w.figures["submitted"].pk]),
            hidden(focal=OK, secretariat=OK, superuser=OK),
        ),
        Case(
            "figures:value",
            lambda: reverse("figures:value", args=[w.figures["approved"]["KZ"].pk]),
            hidden(secretariat=OK, superuser=OK),
            label="another state",
        ),
        Case("figures:value", lambda: reverse("figures:value", args=[999999]), hidden(), label="missing"),
        # accounts (allauth): pages for signed-in people send others to sign in; the rest answer anyone.
        Case("account_login", lambda: reverse("account_login"), expect(REDIRECT, anonymous=OK, inactive=OK)),
        Case("account_logout", lambda: reverse("account_logout"), expect(OK, anonymous=REDIRECT, inactive=REDIRECT)),
        Case("account_inactive", lambda: reverse("account_inactive"), expect(OK)),
        Case("account_signup", lambda: reverse("account_signup"), expect(REDIRECT, anonymous=OK, inactive=OK)),
        Case("account_reauthenticate", lambda: reverse("account_reauthenticate"), signed_in_only()),
        Case(
            "account_request_reauthentication_code",
            lambda: reverse("account_request_reauthentication_code"),
            signed_in_only(),
        ),
        # Steps of a flow that has not begun send the person back to its start.
        Case(
            "account_confirm_reauthentication_code",
            lambda: reverse("account_confirm_reauthentication_code"),
            signed_in_only(REDIRECT),
        ),
        Case("account_email", lambda: reverse("account_email"), signed_in_only()),
        Case("account_email_verification_sent", lambda: reverse("account_email_verification_sent"), expect(OK)),
        Case("account_change_password", lambda: reverse("account_change_password"), signed_in_only()),
        Case("account_set_password", lambda: reverse("account_set_password"), signed_in_only(REDIRECT)),
        Case("account_reset_password", lambda: reverse("account_reset_password"), expect(OK)),
        Case("account_confirm_login_code", lambda: reverse("account_confirm_login_code"), signed_in_only(REDIRECT)),
        Case(
            "account_confirm_email",
            lambda: reverse("account_confirm_email", args=["bogus-key"]),
            expect(OK),
        ),
        Case(
            "account_reset_password_from_key_done",
            lambda: reverse("account_reset_password_from_key_done"),
            expect(OK),
        ),
        Case(
            "account_reset_password_from_key",
            lambda: reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "bogus-key"}),
            expect(OK),
        ),
        Case("account_reset_password_done", lambda: reverse("account_reset_password_done"), expect(OK)),
        # Second factors: signed-in people only. Adding or removing one asks to re-authenticate first (a
        # redirect), and what a person does not have answers 404. Staff have a TOTP authenticator.
        Case("mfa_index", lambda: reverse("mfa_index"), signed_in_only()),
        Case("mfa_authenticate", lambda: reverse("mfa_authenticate"), signed_in_only(REDIRECT)),
        Case("mfa_reauthenticate", lambda: reverse("mfa_reauthenticate"), signed_in_only(REDIRECT, **staff_ok)),
        Case("mfa_activate_totp", lambda: reverse("mfa_activate_totp"), signed_in_only(REDIRECT)),
        Case(
            "mfa_deactivate_totp",
            lambda: reverse("mfa_deactivate_totp"),
            signed_in_only(HIDDEN, **staff_redirect),
        ),
        Case("mfa_view_recovery_codes", lambda: reverse("mfa_view_recovery_codes"), signed_in_only(HIDDEN)),
        Case(
            "mfa_generate_recovery_codes",
            lambda: reverse("mfa_generate_recovery_codes"),
            signed_in_only(REDIRECT),
        ),
        Case(
            "mfa_download_recovery_codes",
            lambda: reverse("mfa_download_recovery_codes"),
            signed_in_only(HIDDEN),
        ),
        Case("mfa_list_webauthn", lambda: reverse("mfa_list_webauthn"), signed_in_only()),
        Case("mfa_add_webauthn", lambda: reverse("mfa_add_webauthn"), signed_in_only(REDIRECT)),
        Case(
            "mfa_reauthenticate_webauthn",
            lambda: reverse("mfa_reauthenticate_webauthn"),
            signed_in_only(REDIRECT),
        ),
        Case(
            "mfa_remove_webauthn",
            lambda: reverse("mfa_remove_webauthn", args=[999999]),
            signed_in_only(REDIRECT),
        ),
        Case(
            "mfa_edit_webauthn",
            lambda: reverse("mfa_edit_webauthn", args=[999999]),
            signed_in_only(REDIRECT),
        ),
        # the programme of work (issue 12): tests/security/programme_rows.py
        *programme_cases(w, Case=Case, expect=expect, hidden=hidden, signed_in_only=signed_in_only, OK=OK),
    ]


# Admin pages by model: which the Secretariat group may open. Superusers open all; nobody else opens any.
SECRETARIAT_DENIED_MODELS = {"auth.group", "mfa.authenticator"}
# Models nobody adds by hand in the admin (rows written by services or by the person themselves).
NO_ADD = {
    "council.auditrecord",
    "mfa.authenticator",
    "recommendations.consensusround",  # opened by the "open a round" action, on a frozen version
    "recommendations.implementationreport",  # submitted by focal points on the portal
    "meetings.nomination",  # made by invitees on the meeting page
    "reports.report",  # asked for through the reports services, which render it
    "recommendations.partnercomment",  # sent by partner organisations through the API
    "webhooks.webhookdelivery",  # queued by the events (and the test action) of webhooks
}
# Rows that are history: never deleted (a recommendation is withdrawn; a report is followed by a newer one).
NO_DELETE = {
    "council.auditrecord",
    "partners.partnerkey",  # revoked, never deleted
    "recommendations.consensusround",
    "meetings.nomination",
    "meetings.outcomedocument",  # a record of what was signed: a correction is a new document
    "recommendations.recommendation",
    "recommendations.implementationreport",
    "recommendations.partnercomment",  # a partner's words: shown, never changed or deleted
    "reports.report",
    "webhooks.webhookdelivery",  # what was sent to a partner, with its attempts
    "figures.indicator",  # hidden by its access level, never deleted
    "figures.value",  # a correction is a new value; the old one stays, superseded
    "programme.roadmap",  # history once written: a draft stays a draft
    "programme.activity",  # cancelled with its reason, never deleted
}
# Rows deleted only in an early state; the world's first one is past it (a meeting only as a draft with nothing
# sent: tests/security/test_admin_audit.py deletes one).
NO_DELETE_OF_THE_FIRST = {"meetings.meeting"}


def admin_cases(w) -> list[Case]:
    staff_page = expect(LOGIN, secretariat=OK, superuser=OK)
    cases = [
        Case("admin:index", lambda: reverse("admin:index"), staff_page),
        # The admin signs in through allauth; a signed-in person who is not staff is refused there.
        Case(
            "admin:login",
            lambda: reverse("admin:login"),
            expect(DENIED, anonymous=LOGIN, inactive=LOGIN, secretariat=REDIRECT, superuser=REDIRECT),
        ),
        # Signing out is a POST; a GET sends non-staff to the admin's front door, and staff get 405.
        Case(
            "admin:logout",
            lambda: reverse("admin:logout"),
            expect(REDIRECT, secretariat=NOT_ALLOWED, superuser=NOT_ALLOWED),
        ),
        Case("admin:password_change", lambda: reverse("admin:password_change"), staff_page),
        Case("admin:password_change_done", lambda: reverse("admin:password_change_done"), staff_page),
        Case("admin:jsi18n", lambda: reverse("admin:jsi18n"), staff_page),
        Case(
            "admin:autocomplete",
            lambda: reverse("admin:autocomplete") + "?app_label=council&model_name=membership&field_name=person&term=a",
            staff_page,
        ),
        Case(
            "admin:",
            lambda: "/admin/no-such-app/",
            expect(LOGIN, secretariat=HIDDEN, superuser=HIDDEN),
            label="catch-all",
        ),
        Case(
            "admin:view_on_site",
            lambda: reverse("admin:view_on_site", args=[999999, 1]),
            expect(LOGIN, secretariat=HIDDEN, superuser=HIDDEN),
        ),
    ]
    cases.append(Case("admin:reports_report_generate", lambda: reverse("admin:reports_report_generate"), staff_page))
    cases.append(
        Case(
            "admin:recommendations_round_record",
            lambda: reverse("admin:recommendations_round_record", args=[w.silence_round.pk]),
            expect(LOGIN, secretariat=OK, superuser=OK),
        )
    )
    # A meeting's agenda screen: the meeting's change form with the agenda items only (staff who may change it).
    cases.append(
        Case(
            "admin:meetings_meeting_agenda",
            lambda: reverse("admin:meetings_meeting_agenda", args=[w.meeting.pk]),
            staff_page,
        )
    )
    apps = sorted({model._meta.app_label for model, _ in registered_models()})
    for app in apps:
        # An app whose every model is closed to the Secretariat group does not exist for it.
        denied = all(model._meta.label_lower in SECRETARIAT_DENIED_MODELS for model, _ in _models_of(app))
        secretariat = HIDDEN if denied else OK
        cases.append(
            Case(
                "admin:app_list",
                lambda app=app: reverse("admin:app_list", args=[app]),
                expect(LOGIN, secretariat=secretariat, superuser=OK),
                label=app,
            )
        )
    for model, model_admin in registered_models():
        label = model._meta.label_lower
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        # Accounts: a member's (the first account is the secretariat's own, which nobody deletes).
        obj = w.people["member"] if label == "council.user" else None
        obj = obj or model_admin.get_queryset(_FakeRequest()).order_by("pk").first()
        secretariat = DENIED if label in SECRETARIAT_DENIED_MODELS else OK
        views = [("changelist", (), OK)]
        views.append(("add", (), DENIED if label in NO_ADD else OK))
        if obj is not None:
            views += [
                ("change", (obj.pk,), OK),
                ("history", (obj.pk,), OK),
                ("delete", (obj.pk,), DENIED if label in NO_DELETE | NO_DELETE_OF_THE_FIRST else OK),
            ]
        for view, args, ok in views:
            for_secretariat = secretariat if ok == OK else ok
            cases.append(
                Case(
                    f"{prefix}_{view}",
                    lambda prefix=prefix, view=view, args=args: reverse(f"{prefix}_{view}", args=args),
                    expect(LOGIN, secretariat=for_secretariat, superuser=ok),
                    label=label,
                )
            )
    return cases


def _models_of(app):
    return [(m, a) for m, a in registered_models() if m._meta.app_label == app]


class _FakeRequest:
    """Enough of a request for `ModelAdmin.get_queryset`, to pick an object to open."""

    class user:
        is_superuser = True
        is_active = True
        is_staff = True
        is_authenticated = True

    GET = {}


# Admin patterns that are not per model or that the per-model rows reach under other names.
ADMIN_COVERED_ELSEWHERE = {
    "admin:council_user_password_change",  # tests/council/test_admin_rights.py (staff cannot change passwords)
}


def test_every_url_pattern_has_a_row(world):
    # The API's routes have a matrix of their own, by kind of caller (tests/security/test_api_matrix.py).
    named = {name for _route, name in url_patterns() if not name.startswith("api:")}
    # The admin's only unnamed patterns are its redirects to a change page and its catch-all (walked below).
    unnamed = [
        route for route, name in url_patterns() if (not name or name.endswith(":")) and not route.startswith("admin/")
    ]
    assert not unnamed, f"URL patterns without a name cannot be given a row: {unnamed}"
    rows = {case.name for case in portal_cases(world) + admin_cases(world)}
    missing = sorted(named - rows - ADMIN_COVERED_ELSEWHERE)
    assert not missing, "URL patterns with no row in the authorization matrix:\n" + "\n".join(missing)


def _walk(client, cases, kind):
    unexpected = []
    for case in cases:
        url = case.url()
        data = case.data() if case.data else {}
        response = client.post(url, data) if case.method == "post" else client.get(url)
        got = outcome(response)
        want = case.expected[kind]
        if got != want:
            unexpected.append(f"{case.name} [{case.label}] {case.method.upper()} {url}: expected {want}, got {got}")
    return unexpected


@pytest.mark.parametrize("kind", KINDS)
def test_portal_routes_answer_each_kind_of_person_as_the_rules_say(world, signed_in, kind):
    client = signed_in(world.person(kind))
    unexpected = _walk(client, portal_cases(world), kind)
    assert not unexpected, f"{len(unexpected)} unexpected cells for {kind}:\n" + "\n".join(unexpected)


@pytest.mark.parametrize("kind", KINDS)
def test_admin_routes_answer_each_kind_of_person_as_the_rules_say(world, signed_in, kind):
    client = signed_in(world.person(kind))
    unexpected = _walk(client, admin_cases(world), kind)
    assert not unexpected, f"{len(unexpected)} unexpected cells for {kind}:\n" + "\n".join(unexpected)


def test_every_admin_pattern_is_walked(world):
    walked = {case.name for case in admin_cases(world)}
    missing = sorted(admin_patterns() - walked - ADMIN_COVERED_ELSEWHERE)
    # Change, history and delete rows need an object; the world has one of every registered model.
    assert not missing, "admin patterns never requested:\n" + "\n".join(missing)
