"""Search across meetings, agenda items, recommendations and documents, as the reader may see them.

What a reader may see is the apps' own rule (meetings.permissions, recommendations.permissions, on council.access):
search starts from their querysets and only narrows them, so nothing hidden is found, counted or quoted. A
recommendation is found by its current version: a draft's for those who read the drafts, the published text for
everyone else (a published text never changes).

On PostgreSQL: full-text search over a weighted vector per language (search/sources.py), and trigram similarity
of the titles for misspelt words; ranked, with the found words marked by ts_headline. Elsewhere (SQLite, `make
run`): plain case-insensitive matching of the same fields, the words marked in Python.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import translation
from django.utils.safestring import SafeString

from council.content import Localized, authoritative_language_of, fallback_order, text_in
from council.models import Body
from meetings.models import AgendaItem, Meeting, MeetingDocument
from meetings.permissions import filter_visible_meetings
from meetings.selectors import documents_seen_by
from recommendations.models import Recommendation, RecommendationVersion
from recommendations.permissions import filter_visible_recommendations
from search.highlight import SENTINELS, START, STOP, has_mark, mark_terms, marked, marked_words, terms_of
from search.sources import CONFIGS, SOURCES, Source, fold

KINDS = ("meeting", "agenda_item", "recommendation", "document")
PAGE_SIZE = 20
# Longest query read; a longer one is refused by the form with a message.
MAX_QUERY_LENGTH = 200
# How alike a misspelt word must be to a word of a title (pg_trgm's word similarity, 0 to 1).
TRIGRAM_THRESHOLD = 0.45
# A recommendation's reference code, as services.recommendation_create makes it.
REFERENCE = re.compile(r"^WG-[\w-]+/\d{4}/\d+$", re.IGNORECASE)
# How much a title's trigram likeness adds to a text's rank.
TRIGRAM_WEIGHT = 0.5

# Where each kind keeps what the filters ask about.
_STATUS = {
    "meeting": "status",
    "agenda_item": "meeting__status",
    "document": "meeting__status",
    "recommendation": "recommendation__status",
}
_STATUSES = {
    "meeting": set(Meeting.Status.values),
    "agenda_item": set(Meeting.Status.values),
    "document": set(Meeting.Status.values),
    "recommendation": set(Recommendation.Status.values),
}
_BODY = {
    "meeting": "bodies",
    "agenda_item": "meeting__bodies",
    "document": "meeting__bodies",
    "recommendation": "recommendation__working_group",
}


def _when(kind: str):
    """The date a thing is sorted and filtered by year by: its meeting's start, a text's publication (or creation)."""
    if kind == "meeting":
        return F("starts_at")
    if kind == "recommendation":
        return Coalesce(F("recommendation__published_at"), F("recommendation__created_at"))
    return F("meeting__starts_at")


def status_choices() -> list[tuple[str, str]]:
    """Every status a meeting or a recommendation may have, each once."""
    choices = dict(Meeting.Status.choices)
    for value, label in Recommendation.Status.choices:
        choices.setdefault(value, label)
    return list(choices.items())


@dataclass(frozen=True)
class Criteria:
    """What the reader asks for: words, and filters (a kind, a body, a status, a year), and a page."""

    q: str = ""
    kind: str = ""
    body: Body | None = None
    status: str = ""
    year: int | None = None
    page: int = 1

    @property
    def asked(self) -> bool:
        return bool(self.q or self.body or self.status or self.year)


@dataclass
class Hit:
    """One thing found, as the results page shows it."""

    kind: str
    obj: object
    url: str
    title: Localized
    title_html: SafeString
    snippet: Localized | None = None
    snippet_html: str = ""
    meeting: Meeting | None = None
    recommendation: Recommendation | None = None


@dataclass
class Results:
    criteria: Criteria
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    page: int = 1
    pages: int = 0


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _visible(user) -> dict[str, QuerySet]:
    """What the reader may see of each kind, from the apps' own rules."""
    meetings = filter_visible_meetings(Meeting.objects.all(), user).values("pk")
    recommendations = filter_visible_recommendations(Recommendation.objects.all(), user)
    return {
        "meeting": Meeting.objects.filter(pk__in=meetings),
        "agenda_item": AgendaItem.objects.filter(meeting__in=meetings),
        "document": documents_seen_by(user=user).filter(meeting__in=meetings),
        "recommendation": RecommendationVersion.objects.filter(pk__in=recommendations.values("current_version")),
    }


def _tsquery(q: str) -> SearchQuery:
    """The reader's words in each language's configuration (Uzbek folded), any of which may match."""
    return (
        SearchQuery(q, config=CONFIGS["ru"], search_type="websearch")
        | SearchQuery(q, config=CONFIGS["en"], search_type="websearch")
        | SearchQuery(fold(q), config=CONFIGS["uz"], search_type="websearch")
    )


def _filtered(kind: str, queryset: QuerySet, criteria: Criteria) -> QuerySet:
    queryset = queryset.alias(when=_when(kind))
    if criteria.body is not None:
        queryset = queryset.filter(**{_BODY[kind]: criteria.body})
    if criteria.status:
        if criteria.status not in _STATUSES[kind]:
            return queryset.none()
        queryset = queryset.filter(**{_STATUS[kind]: criteria.status})
    if criteria.year:
        queryset = queryset.filter(when__year=criteria.year)
    return queryset


def _matching(source: Source, queryset: QuerySet, q: str) -> QuerySet:
    """The things whose text holds the words (or a title a word like them), with their rank."""
    if not q:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if source.kind == "recommendation" and REFERENCE.match(q):
        # A reference code (WG-B/2025/03) is looked up as it is.
        return queryset.filter(recommendation__code__iexact=q).annotate(rank=Value(1.0, output_field=FloatField()))
    if not _postgres():
        queryset = queryset.alias(**{f"text_{n}": f.expression() for n, f in enumerate(source.fields)})
        condition = Q(pk__in=[])
        for n, f in enumerate(source.fields):
            condition |= Q(**{f"text_{n}__icontains": f.query_text(q)})
        return queryset.filter(condition).annotate(rank=Value(1.0, output_field=FloatField()))
    query = _tsquery(q)
    # The indexed vector finds (through its GIN index); the text as shown must match too where they differ.
    words = Q(search_vector=query)
    queryset = queryset.alias(search_vector=source.vector(indexed=True))
    if not source.index_is_what_is_shown:
        queryset = queryset.alias(shown_vector=source.vector())
        words &= Q(shown_vector=query)
    condition = words
    likeness = []
    for f in source.trigram_fields:
        condition |= Q(TrigramWordSimilar(f.expression(indexed=True), Value(f.query_text(q))))
        likeness.append(TrigramWordSimilarity(Value(f.query_text(q)), f.expression()))
    like = Greatest(*likeness) if len(likeness) > 1 else likeness[0]
    rank = SearchRank(source.vector(), query) + Coalesce(like, 0.0) * TRIGRAM_WEIGHT
    return queryset.filter(condition).annotate(rank=rank)


def _found(kind: str, queryset: QuerySet, criteria: Criteria) -> QuerySet:
    return _matching(SOURCES[kind], _filtered(kind, queryset, criteria), criteria.q)


def _ranked_page(found: dict[str, QuerySet], kinds: list[str], *, offset: int, limit: int) -> list[tuple]:
    """(kind, id, rank, date) of one page of the things found, best first, across the kinds: one query.

    Each kind's query is wrapped in a select of named columns: Django orders a values() query's columns its own way
    (plain columns first), which would misalign the kinds' rows in a union."""
    parts, params = [], []
    for kind in kinds:
        queryset = (
            found[kind]
            .order_by()
            .annotate(hit_kind=Value(kind), hit_id=F("pk"), hit_rank=F("rank"), hit_when=F("when"))
            .values("hit_kind", "hit_id", "hit_rank", "hit_when")
        )
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT hit_kind, hit_id, hit_rank, hit_when FROM ({sql}) AS {kind}_hits")  # noqa: S608
        params += part_params
    union = " UNION ALL ".join(parts)
    sql = f"{union} ORDER BY hit_rank DESC, hit_when DESC, hit_kind, hit_id LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [tuple(row) for row in cursor.fetchall()]


def search(*, user, criteria: Criteria) -> Results:
    """The page of things the user may see that match the criteria, ranked, marked, with a count per kind.

    A fixed number of queries, whatever the number of rows."""
    results = Results(criteria=criteria)
    if not criteria.asked:
        return results
    with transaction.atomic():
        if _postgres() and criteria.q:
            with connection.cursor() as cursor:
                # Only for this transaction: how alike a misspelt word must be (pg_trgm's default 0.6 misses typos).
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(TRIGRAM_THRESHOLD)]
                )
        found = {kind: _found(kind, queryset, criteria) for kind, queryset in _visible(user).items()}
        results.counts = {kind: found[kind].count() for kind in KINDS}
        kinds = [criteria.kind] if criteria.kind else list(KINDS)
        results.total = sum(results.counts[kind] for kind in kinds)
        if not results.total:
            return results
        results.pages = -(-results.total // PAGE_SIZE)
        results.page = min(max(criteria.page, 1), results.pages)
        start = (results.page - 1) * PAGE_SIZE
        kinds = [kind for kind in kinds if results.counts[kind]]  # a kind filtered out entirely has no query
        page = _ranked_page(found, kinds, offset=start, limit=PAGE_SIZE)
        results.hits = _hits(page, criteria.q)
    return results


# The page's rows, read in full and marked ----------------------------------------------------------------


def _page_rows(kind: str, ids: list[int]) -> QuerySet:
    if kind == "meeting":
        return Meeting.objects.filter(pk__in=ids).prefetch_related("bodies")
    if kind == "agenda_item":
        return AgendaItem.objects.filter(pk__in=ids).select_related("meeting")
    if kind == "document":
        return MeetingDocument.objects.filter(pk__in=ids).select_related("meeting", "agenda_item")
    return RecommendationVersion.objects.filter(pk__in=ids).select_related("recommendation__working_group")


class _WithoutSentinels(Func):
    """A text without the characters ts_headline marks found words with, so that a text cannot fake a mark."""

    function = "translate"

    def __init__(self, expression):
        super().__init__(expression, Value(SENTINELS), Value(""))


def _headlines(source: Source, queryset: QuerySet, q: str) -> QuerySet:
    """Each field's text with the found words marked (PostgreSQL): a whole title, a fragment of a longer text."""
    query = _tsquery(q)
    return queryset.annotate(
        **{
            f"headline_{n}": SearchHeadline(
                _WithoutSentinels(f.expression()),
                query,
                config=f.config,
                start_sel=START,
                stop_sel=STOP,
                highlight_all=f.part == "title",
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
            for n, f in enumerate(source.fields)
        }
    )


def _hits(page: list[tuple], q: str) -> list[Hit]:
    ids: dict[str, list[int]] = {}
    for kind, pk, _rank, _when in page:
        ids.setdefault(kind, []).append(pk)
    objects = {}
    for kind, pks in ids.items():
        rows = _page_rows(kind, pks)
        if q and _postgres():
            rows = _headlines(SOURCES[kind], rows, q)
        objects.update({(kind, row.pk): row for row in rows})
    reader = (translation.get_language() or "ru").split("-")[0]
    return [_hit(kind, objects[kind, pk], q, reader) for kind, pk, _rank, _when in page if (kind, pk) in objects]


def _marked_field(source: Source, obj, n: int, q: str, *, snippet: bool) -> tuple[SafeString, bool]:
    """Field `n` of `obj` with the found words marked, and whether any was."""
    headline = getattr(obj, f"headline_{n}", None)
    if headline is not None and snippet:
        return marked(headline), has_mark(headline)
    f = source.fields[n]
    text = getattr(obj, f.name) or ""
    if f.link:
        meeting = obj if isinstance(obj, Meeting) else obj.meeting
        text = meeting.without_online_link(text)
    # A title is shown whole, as written (ts_headline drops what looks like markup): the words PostgreSQL matched
    # are marked in it; without PostgreSQL, the words of the query.
    words = marked_words(headline) if headline is not None else terms_of(q)
    return mark_terms(text, words, snippet=snippet)


def _hit(kind: str, obj, q: str, reader: str) -> Hit:
    source = SOURCES[kind]
    index = {(f.part, f.language): n for n, f in enumerate(source.fields)}
    if kind == "document":
        # A document's title is in the document's language: shown as it is, marked where any configuration matched.
        marks = [_marked_field(source, obj, n, q, snippet=False) for n in range(len(source.fields))]
        title_html = next((html for html, found in marks if found), marks[0][0])
        title = Localized(text=obj.title, language=obj.language, requested=obj.language)
        return Hit(kind, obj, obj.get_absolute_url(), title, title_html, meeting=obj.meeting)
    title = text_in(obj, "title")
    title_html, _found = _marked_field(source, obj, index["title", title.language], q, snippet=False)
    snippet, snippet_html = None, SafeString("")
    bodies = [
        (language, n) for (part, language), n in index.items() if part == "body" and getattr(obj, source.fields[n].name)
    ]
    if bodies:
        order = fallback_order(reader, authoritative_language_of(obj))
        bodies.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
        chosen = bodies[0]
        for language, n in bodies:
            html, found = _marked_field(source, obj, n, q, snippet=True)
            if found:
                chosen, snippet_html = (language, n), html
                break
        else:
            snippet_html, _found = _marked_field(source, obj, chosen[1], q, snippet=True)
        snippet = Localized(text=str(snippet_html), language=chosen[0], requested=reader)
    if kind == "meeting":
        return Hit(kind, obj, obj.get_absolute_url(), title, title_html, snippet, snippet_html, meeting=obj)
    if kind == "agenda_item":
        url = obj.meeting.get_absolute_url()
        return Hit(kind, obj, url, title, title_html, snippet, snippet_html, meeting=obj.meeting)
    recommendation = obj.recommendation
    url = recommendation.get_absolute_url()
    return Hit(kind, obj, url, title, title_html, snippet, snippet_html, recommendation=recommendation)
