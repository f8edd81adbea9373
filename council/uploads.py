"""Uploaded documents: a size limit enforced while reading, a real PDF check, random names, safe downloads.

Evidence of implementation reports and meeting documents are PDFs that other people open. They are read
no further than the limit, parsed (scripts, attachments and launch actions refused), stored under a random
name and served only by access-checked views that answer with a download, never a page the browser renders.
"""

import io
import re
import secrets
import unicodedata

from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
PDF_CONTENT_TYPE = "application/pdf"

# Names whose presence makes a PDF active content, grouped by the message that explains the refusal.
SCRIPT_NAMES = frozenset({"JS", "JavaScript", "XFA"})  # XFA forms carry their own scripts
ATTACHMENT_NAMES = frozenset({"EmbeddedFiles", "EmbeddedFile", "FileAttachment", "RichMedia"})
LAUNCH_NAMES = frozenset({"Launch"})
# Markup that makes a file a polyglot a browser could render as a page or an image with scripts.
MARKUP = re.compile(rb"<\s*(?:script|html|svg|body|iframe|object|embed|!doctype)\b", re.IGNORECASE)
PDF_NAME = re.compile(rb"/([^\s/\[\]<>(){}%]+)")
# Binary stream data is skipped when names are read from the raw bytes: "/JS" occurs in random data.
STREAM_DATA = re.compile(rb"\bstream\r?\n.*?\bendstream\b", re.DOTALL)


def upload_max_bytes() -> int:
    """The largest file one may upload (settings.UPLOAD_MAX_BYTES, 10 MB by default)."""
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def upload_max_request_bytes() -> int:
    """The largest request body a signed-in person may send (a few documents and the form around them)."""
    return int(getattr(settings, "UPLOAD_MAX_REQUEST_BYTES", 3 * upload_max_bytes() + 1024 * 1024))


def anonymous_max_request_bytes() -> int:
    """No one uploads without signing in: a body from someone signed out is held to the form-field limit."""
    return int(getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None) or 2_621_440)


def too_large_message(limit: int) -> str:
    return _("The file is too large: a document may be at most %(size)s.") % {"size": filesizeformat(limit)}


# Reading ----------------------------------------------------------------------------------------------


class UploadLimitMiddleware:
    """Answer 413 to a body larger than allowed before anything (the CSRF check included) reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        limit = None
        if length > upload_max_request_bytes():
            limit = upload_max_request_bytes()
        elif length > anonymous_max_request_bytes() and not request.user.is_authenticated:
            limit = anonymous_max_request_bytes()
        if limit is not None:
            return HttpResponse(
                _("The request is too large: at most %(size)s may be sent at once. Attach smaller documents.")
                % {"size": filesizeformat(limit)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class OversizeUpload(UploadedFile):
    """Stands in for a file that passed the limit: its bytes beyond the limit were never kept."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes a file's bytes on only up to UPLOAD_MAX_BYTES.

    Beyond the limit the next handlers (memory, temporary file) get nothing more, and the form receives an
    OversizeUpload that its validation refuses with a clear message.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = upload_max_bytes()
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        if self.too_large or start + len(raw_data) > self.limit:
            self.too_large = True
            return None
        return raw_data

    def file_complete(self, file_size):
        if not self.too_large:
            return None
        for handler in getattr(self.request, "upload_handlers", ()):
            kept = getattr(handler, "file", None)
            if handler is not self and kept is not None:
                kept.close()  # the partial copy of a later handler (a temporary file) is dropped at once
        return OversizeUpload(self.file_name, self.content_type, file_size)


# Checking ---------------------------------------------------------------------------------------------


def validate_pdf_upload(value) -> None:
    """Refuse what is not a plain PDF: too large, not parsable, encrypted, or with scripts, attachments or
    launch actions. A file already stored (editing other fields of its record) is not read again."""
    if not value or getattr(value, "_committed", False):
        return
    limit = upload_max_bytes()
    if isinstance(value, OversizeUpload) or isinstance(getattr(value, "file", None), OversizeUpload):
        raise ValidationError(too_large_message(limit), code="too_large")
    if value.size > limit:
        raise ValidationError(too_large_message(limit), code="too_large")
    value.seek(0)
    data = value.read(limit + 1)
    value.seek(0)
    if len(data) > limit:
        raise ValidationError(too_large_message(limit), code="too_large")
    if not str(value.name or "").lower().endswith(".pdf"):
        raise ValidationError(_("Attach a PDF document. Its name must end in .pdf."), code="not_pdf")
    check_pdf_bytes(data)


def check_pdf_bytes(data: bytes) -> None:
    """Raise ValidationError unless `data` is a PDF that pypdf reads and that holds no active content."""
    not_pdf = ValidationError(
        _("Attach a PDF document. This file is not a valid PDF (save or export it as PDF and try again)."),
        code="not_pdf",
    )
    if not data.startswith(b"%PDF-") or MARKUP.search(data):
        raise not_pdf
    # Also objects outside the file's index, which a lenient viewer might still find and run.
    _refuse_active_names(_raw_names(STREAM_DATA.sub(b"stream endstream", data)))
    try:
        reader = _read(data)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is encrypted or protected by a password. Attach it without protection."),
                code="encrypted",
            )
        if len(reader.pages) < 1:
            raise not_pdf
        _refuse_active_names(_object_names(reader))
    except ValidationError:
        raise
    except Exception as exc:  # whatever pypdf cannot read, a person's viewer should not open either
        raise not_pdf from exc


def _read(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data), strict=False)


def _refuse_active_names(names) -> None:
    for name in names:
        if name in SCRIPT_NAMES:
            raise ValidationError(
                _("The PDF contains JavaScript, which is not accepted. Print or export it to a plain PDF."),
                code="pdf_script",
            )
        if name in ATTACHMENT_NAMES:
            raise ValidationError(
                _(
                    "The PDF contains embedded files or attachments, which are not accepted. Attach each document "
                    "separately as a plain PDF."
                ),
                code="pdf_attachment",
            )
        if name in LAUNCH_NAMES:
            raise ValidationError(
                _(
                    "The PDF contains an action that launches programs, which is not accepted. Export it to a "
                    "plain PDF."
                ),
                code="pdf_launch",
            )


def _raw_names(data: bytes):
    """Every /Name written in the file's bytes, with #xx escapes decoded."""
    for match in PDF_NAME.finditer(data):
        raw = match.group(1)
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        yield raw.decode("latin-1")


def _object_names(reader):
    """Every name (key or value) of every object pypdf finds, compressed object streams included."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    roots = [reader.trailer]
    for generation, table in reader.xref.items():
        roots += [IndirectObject(number, generation, reader) for number in table]
    roots += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    stack = []
    for root in roots:
        stack.append(root.get_object() if isinstance(root, IndirectObject) else root)
        while stack:
            item = stack.pop()
            if isinstance(item, NameObject):
                yield str(item)[1:]
            elif isinstance(item, DictionaryObject):  # streams too: their dictionary, not their data
                for key, child in item.items():
                    yield str(key)[1:]
                    if not isinstance(child, IndirectObject):  # indirect objects are visited as roots
                        stack.append(child)
            elif isinstance(item, ArrayObject):
                stack.extend(child for child in item if not isinstance(child, IndirectObject))


# Storing ----------------------------------------------------------------------------------------------


@deconstructible
class RandomName:
    """upload_to: a random name under `folder`; the uploader's name is kept in a field of its own."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return random_name(self.folder)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def random_name(folder: str) -> str:
    return f"{folder}/{secrets.token_hex(16)}.pdf"


def display_name(name: str, *, limit: int = 150) -> str:
    """The uploader's file name made safe to show and to offer in Content-Disposition."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] not in "CZ" or c == " ").strip(" .")
    if len(name) > limit:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[: limit - len(suffix) - 1]}.{suffix}" if dot and len(suffix) <= 8 else name[:limit]
    return name


# Serving ----------------------------------------------------------------------------------------------


def file_download(stored, name: str) -> FileResponse:
    """The stored file as a download. Call only after checking the person may see its record.

    A PDF is offered as application/pdf under a name ending in .pdf; a file kept from before the PDF rule
    as application/octet-stream. Never inline, never sniffed, never cached by a shared cache.
    """
    if not stored:
        raise Http404
    try:
        handle = stored.storage.open(stored.name, "rb")
    except OSError as exc:
        raise Http404 from exc
    is_pdf = stored.name.lower().endswith(".pdf")
    filename = display_name(name) or display_name(stored.name) or "document"
    if is_pdf and not filename.lower().endswith(".pdf"):
        filename = f"{filename.rsplit('.', 1)[0] if '.' in filename else filename}.pdf"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=PDF_CONTENT_TYPE if is_pdf else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class StoredFileLink:
    """What the admin's file widget links to: the record's download view and the uploader's name."""

    def __init__(self, url: str, name: str):
        self.url = url
        self.name = name

    def __str__(self):
        return self.name


class DownloadLinkFileInput(AdminFileWidget):
    """The admin's file input whose "currently" link goes to the access-checked download view."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and instance is not None and instance.pk:
            context["widget"]["value"] = StoredFileLink(instance.get_download_url(), instance.download_name)
        return context
