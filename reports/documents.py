"""A document from its builder: gathered data, HTML and PDF, with no Report row (reports.services keeps those).

The builders live with the data they read (`meetings/reports.py`, `recommendations/reports.py`) and are found by
kind through council.reporting. This module turns one into HTML in a language and into the PDF of a variant.
"""

import dataclasses
import functools
import hashlib
import io
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from council.models import Access
from council.reporting import Gathered, builder_get
from reports.models import ReportKind, ReportVariant
from reports.rendering import Rendered, render

DATA_FILE_NAME = "report-data.json"
# WeasyPrint's names of the variants: PDF/UA-1 (tagged); PDF/A-3a (archival, tagged, may carry files).
PDF_VARIANTS = {ReportVariant.ACCESSIBLE: "pdf/ua-1", ReportVariant.ARCHIVAL: "pdf/a-3a"}


@dataclasses.dataclass
class Prepared:
    """A document gathered in one language: its data, who may see it, and the fingerprint of both."""

    kind: str
    parameters: dict
    language: str
    variant: str
    gathered: Gathered

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of everything the PDF is made of: kind, language, variant, layout and data."""
        payload = {
            "kind": self.kind,
            "language": self.language,
            "variant": self.variant,
            "layout": layout_digest(),
            "title": self.gathered.title,
            "reference": self.gathered.reference,
            "data": self.gathered.data,
        }
        return hashlib.sha256(canonical_json(payload)).hexdigest()


def canonical_json(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


@functools.cache
def layout_digest() -> str:
    """SHA-256 of the report templates and stylesheets: a change of layout renders documents anew (the portal's
    own pages about reports, templates/reports/pages/, are not part of any document)."""
    digest = hashlib.sha256()
    roots = [Path(settings.BASE_DIR) / "templates" / "reports", Path(settings.BASE_DIR) / "static" / "reports"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "pages" not in path.relative_to(root).parts[:1]:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def document_prepare(*, kind: str, parameters: dict, language: str, variant: str = ReportVariant.ACCESSIBLE):
    """Check the parameters (ValidationError) and gather the document's data in `language`."""
    try:
        builder = builder_get(kind)
    except LookupError as error:
        raise ValidationError(_("Unknown kind of document.")) from error
    cleaned = builder.clean(parameters)
    with translation.override(language):
        gathered = builder.gather(cleaned)
    return Prepared(kind=kind, parameters=cleaned, language=language, variant=variant, gathered=gathered)


def document_html(prepared: Prepared, *, generated=None) -> str:
    """The document's HTML in its language: its template over its data, in the frame of reports/base.html."""
    builder = builder_get(prepared.kind)
    generated = generated or timezone.now()
    with translation.override(prepared.language):
        report = {
            "kind": prepared.kind,
            "kind_label": str(ReportKind(prepared.kind).label),
            "title": prepared.gathered.title,
            "reference": prepared.gathered.reference,
            "language": prepared.language,
            "generated": formats.date_format(timezone.localtime(generated), "DATE_FORMAT"),
            "created_iso": generated.isoformat(timespec="seconds"),
            "access": str(Access(prepared.gathered.audience.level).label),
            "access_line": _("Access: %(level)s") % {"level": Access(prepared.gathered.audience.level).label},
            "page_word": pgettext("page X of Y", "Page"),
            "of_word": pgettext("page X of Y", "of"),
            "draft": bool(prepared.gathered.data.get("draft")),
        }
        return render_to_string(builder.template, {"data": prepared.gathered.data, "report": report})


def data_attachment(prepared: Prepared):
    """The report's data as the one file the archival variant carries."""
    from weasyprint import Attachment

    payload = {
        "kind": prepared.kind,
        "language": prepared.language,
        "title": prepared.gathered.title,
        "reference": prepared.gathered.reference,
        "parameters": prepared.parameters,
        "data": prepared.gathered.data,
    }
    body = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True, default=str).encode()
    return Attachment(
        file_obj=io.BytesIO(body),
        name=DATA_FILE_NAME,
        description=f"{prepared.gathered.reference}: data",
        relationship="Data",
    )


class EmbeddedDataError(Exception):
    """The data an archival PDF carries cannot be given: unreadable, encoded unexpectedly, or too large."""


# How deep a name tree of embedded files may go before the file is taken as broken (ours is flat).
NAME_TREE_DEPTH = 8


def embedded_data(stream, *, limit: int) -> bytes | None:
    """The report's data (DATA_FILE_NAME) as the archival variant embeds it, read from the PDF in `stream` and
    decompressed no further than `limit` bytes; None when the PDF carries no such file (the accessible variant).

    Raises EmbeddedDataError when the file cannot be read or its data is larger than `limit`."""
    import zlib

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(stream, strict=False)
        names = _entry(_entry(reader.trailer, "/Root"), "/Names")
        spec = _name_tree_find(_entry(names, "/EmbeddedFiles"), DATA_FILE_NAME, depth=NAME_TREE_DEPTH)
        if spec is None:
            return None
        files = _entry(spec, "/EF")
        embedded = _entry(files, "/F") or _entry(files, "/UF")
        if embedded is None:
            raise EmbeddedDataError("the data's file specification holds no file")
        filters = _entry(embedded, "/Filter")
        raw = embedded._data
    except (PdfReadError, KeyError, TypeError, AttributeError, ValueError, OSError, RecursionError) as error:
        raise EmbeddedDataError(f"unreadable PDF: {error.__class__.__name__}") from error
    filters = [str(f) for f in filters] if isinstance(filters, list) else ([str(filters)] if filters else [])
    if filters == ["/FlateDecode"]:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, limit + 1)
        except zlib.error as error:
            raise EmbeddedDataError("the embedded data is not valid Flate") from error
    elif not filters:
        data = raw[: limit + 1]
    else:
        raise EmbeddedDataError(f"the embedded data is encoded with {filters}")
    if len(data) > limit:
        raise EmbeddedDataError(f"the embedded data is larger than {limit} bytes")
    return data


def _entry(dictionary, key: str):
    """`dictionary[key]` resolved (a PDF object may be a reference to another), or None."""
    if dictionary is None or not hasattr(dictionary, "get"):
        return None
    value = dictionary.get(key)
    return value.get_object() if hasattr(value, "get_object") else value


def _name_tree_find(node, name: str, *, depth: int):
    """The value under `name` in a PDF name tree (flat `/Names` or `/Kids`), resolved, or None."""
    if node is None or depth <= 0:
        return None
    pairs = _entry(node, "/Names") or []
    for index in range(0, len(pairs) - 1, 2):
        if str(pairs[index]) == name:
            value = pairs[index + 1]
            return value.get_object() if hasattr(value, "get_object") else value
    for kid in _entry(node, "/Kids") or []:
        found = _name_tree_find(kid.get_object() if hasattr(kid, "get_object") else kid, name, depth=depth - 1)
        if found is not None:
            return found
    return None


def document_pdf(prepared: Prepared, *, html: str | None = None, fetcher=None) -> Rendered:
    """The PDF of a prepared document in its variant: tagged; the archival one with its data embedded."""
    html = document_html(prepared) if html is None else html
    attachments = [data_attachment(prepared)] if prepared.variant == ReportVariant.ARCHIVAL else []
    return render(
        html,
        attachments=attachments,
        fetcher=fetcher,
        pdf_variant=PDF_VARIANTS[ReportVariant(prepared.variant)],
        pdf_tags=True,
    )
