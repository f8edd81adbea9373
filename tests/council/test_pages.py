"""The public landing page, body pages, the member's home and the language switcher."""

import pytest
from django.conf import settings

from tests.factories import MembershipFactory
from tests.helpers import hidden_answer

pytestmark = pytest.mark.django_db


def test_the_landing_page_presents_the_council_its_committee_and_four_groups(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Региональный экспертный совет" in text
    assert "Исполнительный комитет" in text
    for code in "abcd":
        assert f'href="/groups/{code}/"' in text  # a working group's page is its group page
    for state in ["Казахстан", "Кыргызстан", "Таджикистан", "Туркменистан", "Узбекистан"]:
        assert state in text


def test_public_pages_name_no_member(client, seeded):
    for url in ["/", "/groups/", "/groups/a/", "/bodies/ec/"]:
        text = client.get(url).content.decode()
        assert "Сапарова" not in text and "Saparova" not in text, url


def test_members_see_who_sits_in_their_own_body(client, seeded):
    # Issue 7, item 12: names of a body are for its own members (and the secretariat), not every member.
    from council.models import User

    client.force_login(User.objects.get(email="otabek.mirzaev@demo.rec.example.org"))  # chair of group D, EC
    assert "Азамат Токтогулов" in client.get("/groups/d/").content.decode()
    assert "Айгерим Сапарова" in client.get("/bodies/ec/").content.decode()
    assert "Айгерим Сапарова" not in client.get("/groups/a/").content.decode()


def test_an_unknown_body_answers_404(client, seeded, member):
    assert hidden_answer(client.get("/bodies/zz/"), signed_in=False)
    client.force_login(member)
    assert client.get("/bodies/zz/").status_code == 404


def test_home_needs_sign_in(client):
    response = client.get("/home/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_home_lists_the_members_bodies_and_roles(client, member, group_a, group_b, states):
    MembershipFactory(person=member, body=group_a, role="chair", represents_state=states["KZ"])
    MembershipFactory(person=member, body=group_b, role="observer")
    client.force_login(member)
    response = client.get("/home/")
    assert response.status_code == 200
    rows = [(m.body.code, m.role) for m in response.context["memberships"]]
    assert sorted(rows) == [("a", "chair"), ("b", "observer")]
    assert "председатель" in response.content.decode().lower()


def test_russian_is_the_default_language(client, seeded):
    response = client.get("/")
    assert response["Content-Language"] == "ru"
    assert '<html lang="ru">' in response.content.decode()


def test_the_language_switcher_shows_the_portal_in_english(client, seeded):
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/")
    assert page["Content-Language"] == "en"
    text = page.content.decode()
    assert "Executive Committee" in text and "Working groups" in text
    assert "Central Asia Regional Expert Council" in text  # content is translated too


def test_the_language_switcher_offers_uzbek(client, seeded):
    client.post("/language/", {"language": "uz", "next": "/"})
    page = client.get("/")
    assert page["Content-Language"] == "uz"
    assert "Ijroiya qoʻmita" in page.content.decode()


def test_the_language_switcher_refuses_get_and_unknown_languages(client, seeded):
    assert client.get("/language/").status_code == 405
    client.post("/language/", {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert client.get("/")["Content-Language"] == "ru"


def test_the_language_switcher_does_not_redirect_off_site(client, seeded):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_a_members_choice_of_language_is_remembered_on_their_account(client, member):
    client.force_login(member)
    client.post("/language/", {"language": "en", "next": "/home/"})
    member.refresh_from_db()
    assert member.preferred_language == "en"


def test_a_member_sees_their_preferred_language_on_a_new_device(client, member):
    member.preferred_language = "en"
    member.save()
    client.force_login(member)
    assert client.get("/home/")["Content-Language"] == "en"


def test_the_language_switcher_needs_a_csrf_token(member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/language/", {"language": "en"}).status_code == 403


def test_pages_carry_the_security_headers(client, seeded):
    response = client.get("/", secure=True)
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_have_no_inline_scripts(client, seeded, member):
    client.force_login(member)
    for url in ["/", "/home/", "/groups/a/", "/accounts/password/change/"]:
        text = client.get(url).content.decode()
        assert "<script>" not in text and "onclick=" not in text, url


def test_text_from_the_database_is_escaped(client, group_a):
    group_a.name_ru = "<script>alert(1)</script>"
    group_a.save()
    text = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
