"""What search reads of each kind of thing, per language, as the SQL expressions the indexes and the queries share.

Each kind (meeting, agenda item, recommendation, document) names its text fields with their language and weight
(a title weighs A, a description or text B). A field in Russian is parsed with PostgreSQL's `russian`
configuration, English with `english`, Uzbek with `simple` after its apostrophes are folded (`fold`): oʻ, o' and
o‘ are one spelling. The same expressions build the GIN indexes (search/migrations) and the queries
(search/selectors.py), so PostgreSQL uses the indexes: change an expression here and add a migration that builds
the indexes again (`tests/search/test_search_postgres.py` checks that the queries still use them).
"""

from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Replace, StrIndex, Substr

# Every way Uzbek is typed with an apostrophe (ASCII, backtick, the quotation marks, the tutuq belgisi ʼ) is
# folded into the modifier letter ʻ (U+02BB): a letter to PostgreSQL's parser and to pg_trgm, so "oʻquv" stays
# one word, and the same word whichever apostrophe its writer or reader typed.
APOSTROPHES = "'`‘’ʼ"
FOLDED = "ʻ"
_FOLD_TABLE = str.maketrans(APOSTROPHES, FOLDED * len(APOSTROPHES))

CONFIGS = {"ru": "russian", "en": "english", "uz": "simple"}


def fold(text: str) -> str:
    """An Uzbek text (or a query) with its apostrophes folded, as `Fold` does in SQL."""
    return text.translate(_FOLD_TABLE)


class Fold(Func):
    """`fold` in SQL: translate() on PostgreSQL (immutable, so it may be indexed), nested replace() elsewhere."""

    function = "translate"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value(APOSTROPHES), Value(FOLDED * len(APOSTROPHES)))

    def as_sqlite(self, compiler, connection, **extra_context):
        expression = self.source_expressions[0]
        for apostrophe in APOSTROPHES:
            expression = Replace(expression, Value(apostrophe), Value(FOLDED))
        return compiler.compile(expression)


def without_online_link(expression, link: str = "online_url"):
    """A meeting's text without its online link (the field `link`), whole or without its scheme (as
    Meeting.without_online_link): the link is for invitees only, so search neither finds nor shows it."""
    url = F(link)
    bare = Substr(url, StrIndex(url, Value("://")) + 3, output_field=TextField())
    return Replace(
        Replace(expression, url, Value(""), output_field=TextField()), bare, Value(""), output_field=TextField()
    )


@dataclass(frozen=True)
class Field:
    """One text field of a kind: its model field, the language it is written in, and its weight."""

    name: str
    language: str
    weight: str
    part: str  # "title" or "body": what the results page shows it as
    # The field holding the online link of the meeting this text belongs to (a text may have it pasted in).
    link: str | None = None

    @property
    def config(self) -> str:
        return CONFIGS[self.language]

    @property
    def indexable(self) -> bool:
        """Is the text as shown an expression of its own row (an index cannot read the meeting's link of an item)?"""
        return self.link is None or "__" not in self.link

    def expression(self, *, indexed: bool = False):
        """The text as shown (folded when Uzbek, without the meeting's online link); `indexed`: as the index holds
        it, which keeps a link that lives in another table (the query then checks the text as shown too)."""
        expression = F(self.name)
        if self.link and not (indexed and not self.indexable):
            expression = without_online_link(expression, self.link)
        return Fold(expression) if self.language == "uz" else expression

    def query_text(self, q: str) -> str:
        """The query as compared with this field."""
        return fold(q) if self.language == "uz" else q


def _translated(*parts: tuple[str, str, str], link: str | None = None) -> tuple[Field, ...]:
    """Fields kept per language (title_ru, title_en, title_uz…), each in its language; `link` for the body parts."""
    return tuple(
        Field(f"{name}_{language}", language, weight, part, link=link if part == "body" else None)
        for name, weight, part in parts
        for language in CONFIGS
    )


@dataclass(frozen=True)
class Source:
    """A kind of thing search finds: its model and the fields it reads."""

    kind: str
    app_label: str
    model_name: str
    fields: tuple[Field, ...]

    def vector(self, *, indexed: bool = False):
        """The weighted document vector: every field in its own configuration (`indexed`: as the index holds it)."""
        vectors = [
            SearchVector(field.expression(indexed=indexed), config=field.config, weight=field.weight)
            for field in self.fields
        ]
        combined = vectors[0]
        for vector in vectors[1:]:
            combined = combined + vector
        return combined

    @property
    def index_is_what_is_shown(self) -> bool:
        """Does the indexed vector hold exactly the text as shown (else a match is checked on the shown text too)?"""
        return all(field.indexable for field in self.fields)

    @property
    def trigram_fields(self) -> tuple[Field, ...]:
        """The titles, where a misspelt word is still found (pg_trgm), each expression once."""
        seen, fields = set(), []
        for field in self.fields:
            key = (field.name, field.language == "uz")
            if field.part == "title" and key not in seen:
                seen.add(key)
                fields.append(field)
        return tuple(fields)

    def indexes(self) -> list[GinIndex]:
        """The GIN indexes search reads: the vector, and a trigram index on each title."""
        indexes = [GinIndex(self.vector(indexed=True), name=f"search_{self.kind}_fts")]
        for n, field in enumerate(self.trigram_fields):
            name, expression = f"search_{self.kind}_trgm_{n}", field.expression(indexed=True)
            if isinstance(expression, F):  # a plain column takes its operator class by name
                indexes.append(GinIndex(fields=[field.name], opclasses=["gin_trgm_ops"], name=name))
            else:
                indexes.append(GinIndex(OpClass(expression, name="gin_trgm_ops"), name=name))
        return indexes


TITLE = ("title", "A", "title")
DESCRIPTION = ("description", "B", "body")

MEETING = Source("meeting", "meetings", "Meeting", _translated(TITLE, DESCRIPTION, link="online_url"))
AGENDA_ITEM = Source(
    "agenda_item", "meetings", "AgendaItem", _translated(TITLE, DESCRIPTION, link="meeting__online_url")
)
# A document's title is in the document's language, whichever it is: it is read in each configuration.
DOCUMENT = Source(
    "document", "meetings", "MeetingDocument", tuple(Field("title", language, "A", "title") for language in CONFIGS)
)
# A recommendation is found by its current version's text (search/selectors.py says whose).
RECOMMENDATION = Source(
    "recommendation", "recommendations", "RecommendationVersion", _translated(TITLE, ("text", "B", "body"))
)

SOURCES = {source.kind: source for source in (MEETING, AGENDA_ITEM, RECOMMENDATION, DOCUMENT)}
