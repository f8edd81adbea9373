"""Without PostgreSQL (`make run` on SQLite) search matches the same fields plainly, under the same access rule.

These tests run on whichever database the suite has: on PostgreSQL with the plain matching forced."""

import pytest

from search import selectors
from tests.search.conftest import found, search_url


@pytest.fixture(autouse=True)
def plain(monkeypatch):
    monkeypatch.setattr(selectors, "_postgres", lambda: False)


def test_a_word_of_a_title_or_text_is_found(client, corpus):
    assert ("recommendation", corpus.published) in found(client, q="реинтеграции")
    assert ("recommendation", corpus.published) in found(client, q="Reintegration")
    assert ("meeting", corpus.public_meeting) in found(client, q="local communities")
    assert ("document", corpus.public_document) in found(client, q="roadmap")


@pytest.mark.parametrize("spelling", ["o'quv", "o‘quv", "oʻquv", "o`quv"])
def test_an_uzbek_word_is_found_with_any_apostrophe(client, corpus, spelling):
    assert ("recommendation", corpus.published) in found(client, q=spelling)


def test_hidden_things_are_not_found_by_others(client, corpus, member_a, wg):
    for person in (None, member_a):
        if person:
            client.force_login(person)
        for q in ("кибергигиене", "cyberhygiene", "ювенальной", "prison", "memorandum"):
            results = client.get(search_url(q=q)).context["results"]
            assert results.total == 0 and sum(results.counts.values()) == 0, (person, q)
    client.force_login(wg.members["KG"])
    assert ("recommendation", corpus.draft) in found(client, q="cyberhygiene")
    assert ("agenda_item", corpus.agenda_item) in found(client, q="prison")


def test_the_online_link_is_neither_found_nor_quoted(client, corpus):
    assert found(client, q="hidden-room-4711") == set()
    page = client.get(search_url(q="Tashkent")).content.decode()
    assert "hidden-room" not in page


def test_found_words_are_marked_and_markup_escaped(client, corpus, advance, make_recommendation):
    texts = {"title_ru": "<script>alert(1)</script> о реинтеграции", "text_ru": "<b>реинтеграции</b> детей"}
    advance(make_recommendation(texts=texts), "published")
    page = client.get(search_url(q="реинтеграции")).content.decode()
    assert "<script>alert" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; о <mark>реинтеграции</mark>" in page


def test_the_search_page_reads_a_fixed_number_of_queries(client, corpus, wg, queries_do_not_grow, make_recommendation):
    client.force_login(wg.members["UZ"])

    def grow():
        for n in range(8):
            make_recommendation(texts={"title_ru": f"О реинтеграции {n}", "text_ru": "Текст."})

    queries_do_not_grow(search_url(q="реинтеграции"), search_url(status="consultation"), at_most=20, grow=grow)
