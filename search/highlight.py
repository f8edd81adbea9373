"""Found words marked in a text, safely: the text is escaped, only our own <mark> is markup."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# PostgreSQL's ts_headline marks found words with these (private-use characters, taken out of the text first, so a
# text cannot fake a mark); they become <mark> once the text is escaped.
START, STOP = "\ue000", "\ue001"
SENTINELS = START + STOP
SNIPPET_CHARS = 240


def marked(headline: str) -> SafeString:
    """A ts_headline answer (marked with START and STOP) as safe HTML."""
    html = escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - the text is escaped above; the only markup is our own <mark>


def has_mark(headline: str) -> bool:
    return START in headline


def marked_words(headline: str) -> list[str]:
    """The words a ts_headline answer marks, to mark them in the text as written."""
    words = re.findall(f"{START}(.*?){STOP}", headline, flags=re.DOTALL)
    return sorted({word for word in words if word}, key=len, reverse=True)


def terms_of(q: str) -> list[str]:
    """The words of a query, for marking them in a text found by plain matching (no quotes or operators)."""
    words = re.findall(r"\w[\w'`‘’ʻʼ-]*", q)
    return sorted({word for word in words if len(word) > 1}, key=len, reverse=True)[:20]


def mark_terms(text: str, terms: list[str], *, snippet: bool = False) -> tuple[SafeString, bool]:
    """`text` with every term marked (case-insensitive), escaped; `snippet`: only the part around the first mark.

    Returns the HTML and whether anything was marked."""
    if not text:
        return SafeString(""), False
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    found = pattern.search(text) if pattern else None
    if snippet and len(text) > SNIPPET_CHARS:
        start = max(0, (found.start() if found else 0) - SNIPPET_CHARS // 3)
        piece = text[start : start + SNIPPET_CHARS]
        text = ("… " if start else "") + piece + (" …" if start + SNIPPET_CHARS < len(text) else "")
    if not pattern:
        return SafeString(escape(text)), False
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts)), found is not None  # noqa: S308 - every piece of the text is escaped
