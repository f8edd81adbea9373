"""Search finds what the reader may see, in Russian, English and Uzbek, and nothing else (PostgreSQL)."""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from search import selectors
from search.selectors import PAGE_SIZE
from search.sources import SOURCES
from tests.search.conftest import found, search_url

pytestmark = pytest.mark.usefixtures("postgres")


def test_a_russian_word_form_finds_the_recommendation(client, corpus):
    assert ("recommendation", corpus.published) in found(client, q="реинтеграция")


def test_an_english_word_is_found_by_its_stem(client, corpus):
    assert ("recommendation", corpus.published) in found(client, q="reintegrating")
    assert ("recommendation", corpus.published) in found(client, q="welcomed communities")


@pytest.mark.parametrize("spelling", ["o'quv", "o‘quv", "oʻquv", "o’quv", "o`quv", "oʼquv"])
def test_an_uzbek_word_is_found_with_any_apostrophe(client, corpus, spelling):
    assert ("recommendation", corpus.published) in found(client, q=spelling)


def test_an_uzbek_word_stored_with_an_ascii_apostrophe_is_found_with_the_letter(
    client, corpus, advance, make_recommendation
):
    texts = {"title_ru": "Учебные программы", "text_ru": "Текст.", "title_uz": "Gʻarb va sharq", "text_uz": "Ma'lumot"}
    other = advance(make_recommendation(texts=texts), "published")
    assert ("recommendation", other) in found(client, q="gʻarb")
    assert ("recommendation", other) in found(client, q="maʼlumot")


def test_a_misspelt_word_is_found_by_trigram_likeness(client, corpus):
    assert ("recommendation", corpus.published) in found(client, q="реинтиграция")
    assert ("meeting", corpus.public_meeting) in found(client, q="conferense")


def test_meetings_agenda_items_and_documents_are_found(client, corpus, wg):
    client.force_login(wg.members["TJ"])
    assert ("meeting", corpus.body_meeting) in found(client, q="ювенальная юстиция")
    assert ("agenda_item", corpus.agenda_item) in found(client, q="prison programme")
    assert ("document", corpus.public_document) in found(client, q="roadmap")


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member_of_group_a", "observer_of_group_b"])
def test_hidden_things_are_never_found_nor_counted(client, corpus, wg, member_a, outsider, who):
    person = {"anonymous": None, "outsider": outsider, "member_of_group_a": member_a}.get(who)
    if who == "observer_of_group_b":
        person = None  # an observer is a member of the group: checked below as one who may see
    if person:
        client.force_login(person)
    for q in ("кибергигиена", "cyberhygiene", "ювенальная", "prison", "memorandum", "confidential draft"):
        response = client.get(search_url(q=q))
        results = response.context["results"]
        assert results.total == 0, (who, q)
        assert sum(results.counts.values()) == 0
        assert "черновик текста" not in response.content.decode().lower()


def test_the_group_and_the_secretariat_find_the_draft(client, corpus, wg, staff):
    for person in (wg.members["KZ"], wg.observer, staff):
        client.force_login(person)
        assert ("recommendation", corpus.draft) in found(client, q="кибергигиена")
        assert ("document", corpus.body_document) in found(client, q="memorandum")


def test_the_online_link_is_neither_found_nor_quoted(client, corpus, wg):
    client.force_login(wg.members["KZ"])
    assert found(client, q="hidden-room-4711") == set()
    response = client.get(search_url(q="Tashkent join"))
    assert ("meeting", corpus.public_meeting) in {(h.kind, h.obj) for h in response.context["results"].hits}
    assert "hidden-room" not in response.content.decode()


def test_found_words_are_marked_and_markup_in_content_is_escaped(client, corpus, advance, make_recommendation):
    texts = {"title_ru": "<script>alert('x')</script> Реинтеграция детей", "text_ru": "<b>реинтеграции</b> детей"}
    advance(make_recommendation(texts=texts), "published")
    page = client.get(search_url(q="реинтеграция")).content.decode()
    assert "<script>alert" not in page and "<b>реинтеграции" not in page
    assert "&lt;script&gt;" in page
    assert "<mark>Реинтеграция</mark>" in page


def test_a_text_cannot_fake_a_mark(client, corpus, advance, make_recommendation):
    texts = {"title_ru": "Реинтеграция \ue000<img src=x onerror=alert(1)>\ue001", "text_ru": "Текст."}
    advance(make_recommendation(texts=texts), "published")
    page = client.get(search_url(q="реинтеграция")).content.decode()
    assert "<img" not in page


def test_results_are_ranked_a_title_before_a_mention(client, corpus, advance, make_recommendation):
    mention = advance(
        make_recommendation(texts={"title_ru": "Общие положения", "text_ru": "Упоминание о реинтеграции."}), "published"
    )
    response = client.get(search_url(q="реинтеграция", kind="recommendation"))
    ranked = [hit.recommendation for hit in response.context["results"].hits]
    assert ranked.index(corpus.published) < ranked.index(mention)


def test_filters_narrow_the_results(client, corpus, wg, group_a, staff):
    client.force_login(staff)
    assert found(client, q="реинтеграция", kind="meeting") == set()
    assert ("recommendation", corpus.published) in found(client, q="реинтеграция", body="b", status="published")
    assert found(client, q="реинтеграция", body="a") == set()
    assert found(client, q="реинтеграция", status="consultation") == set()
    assert ("meeting", corpus.public_meeting) in found(client, q="conference", year="2025")
    assert found(client, q="conference", year="2024") == set()
    # Filters alone list what they select.
    assert ("recommendation", corpus.draft) in found(client, status="consultation")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x", "kind": "spaceship"}, "There is no kind"),
        ({"q": "x", "body": "zz"}, "There is no body"),
        ({"q": "x", "status": "lost"}, "There is no status"),
        ({"q": "x", "year": "twenty"}, "Give the year as four digits"),
        ({"q": "x", "year": "1066"}, "Give a year from 2000 on"),
        ({"q": "x" * 201}, "Search for at most 200 characters"),
    ],
)
def test_bad_filters_get_a_clear_message_and_no_results(client, corpus, english, params, message):
    response = client.get(search_url(**params))
    assert response.status_code == 200
    assert response.context["results"] is None
    assert message in response.content.decode()


def test_results_come_in_pages(client, corpus, advance, make_recommendation):
    for n in range(PAGE_SIZE + 3):
        make_recommendation(texts={"title_ru": f"Реинтеграция, часть {n}", "text_ru": "Текст."}, access="public")
    # Drafts of group B: its member finds them all.
    member = corpus.draft.working_group.memberships.first().person
    client.force_login(member)
    first = client.get(search_url(q="реинтеграция")).context["results"]
    assert first.total == PAGE_SIZE + 4 and first.pages == 2 and len(first.hits) == PAGE_SIZE
    second = client.get(search_url(q="реинтеграция", page=2)).context["results"]
    assert len(second.hits) == 4
    assert not {h.obj for h in first.hits} & {h.obj for h in second.hits}
    assert client.get(search_url(q="реинтеграция", page=99)).context["results"].page == 2


def test_the_search_page_reads_a_fixed_number_of_queries(client, corpus, wg, queries_do_not_grow, make_recommendation):
    client.force_login(wg.members["UZ"])

    def grow():
        for n in range(8):
            make_recommendation(texts={"title_ru": f"Реинтеграция {n}", "text_ru": "О реинтеграции."})

    queries_do_not_grow(
        search_url(q="реинтеграция"), search_url(q="reintegration", kind="recommendation"), at_most=20, grow=grow
    )


def test_the_queries_use_the_gin_indexes(corpus):
    with connection.cursor() as cursor:
        # GIN indexes are read by bitmap scans: with the other ways off, the plan shows whether they can be used.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for kind, source in SOURCES.items():
            model = apps.get_model(source.app_label, source.model_name)
            plan = selectors._matching(source, model.objects.order_by(), "реинтеграция").explain()
            assert f"search_{kind}_fts" in plan, plan
            for n in range(len(source.trigram_fields)):
                assert f"search_{kind}_trgm_{n}" in plan, plan


@pytest.mark.parametrize(
    "q",
    ["\u202eevil\u202c مرحبا", "Z\u0337\u0322a\u0336l", "🙂" * 50, "' OR 1=1 --", "!!! & | <-> :*", '"unclosed', "-"],
)
def test_odd_queries_answer_without_error(client, corpus, q):
    assert client.get(search_url(q=q)).status_code == 200


def test_a_nul_byte_is_refused_before_search(client, corpus):
    assert client.get(reverse("search:search") + "?q=a%00b").status_code == 400
