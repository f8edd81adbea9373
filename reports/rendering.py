"""HTML to PDF with WeasyPrint, fetching nothing but the portal's own static files and `data:` URIs.

A report's HTML holds text that people typed (titles, names, Markdown), so it must not be able to make the
server fetch anything: not a file on disk (`file://`), not a URL on the network (an internal service, the cloud
metadata address, loopback), not through a redirect. WeasyPrint asks its URL fetcher for every resource (images,
stylesheets, `@import`, `url()`, `@font-face`, `<object>`, SVG `<image>`, attachments); ours answers only

- `https://report.invalid/<STATIC_URL path>...`: a static file of the portal, read from disk under STATIC_ROOT,
  STATICFILES_DIRS or an app's `static/` folder, never outside them (no `..`, no symlink leading out);
- `data:` URIs, decoded in the process;

and refuses everything else with a warning naming the URL. Relative URLs in a report resolve against
`https://report.invalid/` (`.invalid` never resolves, RFC 2606), and the fetcher opens no connection at all.
"""

import dataclasses
import logging
import mimetypes
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, OpenerDirector, Request

from django.apps import apps
from django.conf import settings

logger = logging.getLogger(__name__)

HOST = "report.invalid"
BASE_URL = f"https://{HOST}/"
# The stylesheet every report gets: the shipped fonts (declared with @font-face) and the page's frame.
STYLESHEET = "reports/reports.css"
# A refused URL is logged this long at most (a data: URI can be megabytes).
LOGGED_URL_LENGTH = 300

mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


class RefusedURL(ValueError):
    """A report referred to something other than the portal's own static files or a `data:` URI."""


def static_prefix() -> str:
    """The path part of STATIC_URL, with slashes at both ends (`/static/`)."""
    path = urlsplit(settings.STATIC_URL).path.strip("/")
    return f"/{path}/" if path else "/"


def static_url(path: str) -> str:
    """The URL under which a report refers to the static file `path` (e.g. `reports/reports.css`)."""
    return f"https://{HOST}{static_prefix()}{path.lstrip('/')}"


def static_roots() -> list[Path]:
    """The folders that hold the portal's static files, in the order they are searched."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, (tuple, list)) else entry))
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path) / "static"
        if folder.is_dir():
            roots.append(folder)
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))  # collected files, with the hashed names of production
    return roots


def static_file(relative: str) -> Path | None:
    """The file behind a static path such as `fonts/NotoSans-Regular.ttf`, or None.

    Never a file outside the static folders: a path with `.` or `..` parts, a backslash or a NUL is refused, and
    the file found must still lie inside its folder once symlinks are resolved.
    """
    if not relative or "\\" in relative or "\x00" in relative or relative.startswith("/"):
        return None
    parts = PurePosixPath(relative).parts
    if any(part in {".", ".."} for part in parts) or relative.endswith("/"):
        return None
    for root in static_roots():
        try:
            root = root.resolve(strict=True)
            candidate = root.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _static_file_for_url(url: str) -> Path | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    # The exact host: no user info, no port; the path under STATIC_URL; the query and fragment do not matter.
    if parts.scheme.lower() != "https" or parts.netloc.lower() != HOST:
        return None
    path = unquote(parts.path)
    prefix = static_prefix()
    if not path.startswith(prefix):
        return None
    return static_file(path.removeprefix(prefix))


def _url_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        """WeasyPrint's fetcher, answering from the static folders and `data:` URIs only (see the module)."""

        def __init__(self):
            super().__init__(allowed_protocols=("https", "data"), allow_redirects=False, fail_on_errors=False)
            OpenerDirector.__init__(self)  # drop urllib's handlers: nothing here may open a file or a connection
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":
                try:
                    response = DataHandler().data_open(Request(url))  # noqa: S310 - a data: URI, decoded here
                except Exception as error:
                    raise self._refuse(url, f"malformed data: URI ({error.__class__.__name__})") from error
                body = response.read()
                self.served.append(url[:LOGGED_URL_LENGTH])
                return URLFetcherResponse(url, body, {"Content-Type": response.headers.get("Content-Type")})
            path = _static_file_for_url(url)
            if path is None:
                raise self._refuse(url, "not a static file of the portal")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.served.append(url)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

        def open(self, url, data=None, timeout=None):
            return self.fetch(url.full_url if isinstance(url, Request) else url)

        def _refuse(self, url: str, why: str) -> RefusedURL:
            shown = url if len(url) <= LOGGED_URL_LENGTH else url[:LOGGED_URL_LENGTH] + "…"
            self.refused.append(shown)
            logger.warning("Report rendering refused to fetch %s (%s)", shown, why)
            return RefusedURL(f"{why}: {shown}")

    return StaticOnlyURLFetcher


def url_fetcher():
    """A new fetcher for one rendering; it keeps the URLs it served and refused (`.served`, `.refused`)."""
    return _url_fetcher_class()()


def render_pdf(
    html: str,
    *,
    stylesheets: Sequence[str] = (STYLESHEET,),
    attachments: Iterable = (),
    fetcher=None,
    **options,
) -> bytes:
    """Render a report's HTML to PDF bytes (see `render`)."""
    return render(html, stylesheets=stylesheets, attachments=attachments, fetcher=fetcher, **options).pdf


@dataclasses.dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


def render(
    html: str,
    *,
    stylesheets: Sequence[str] = (STYLESHEET,),
    attachments: Iterable = (),
    fetcher=None,
    **options,
) -> Rendered:
    """Render a report's HTML to PDF: its bytes and its number of pages.

    `stylesheets` are static paths applied on top of the HTML's own (by default the shipped fonts); `attachments`
    are the only files the PDF may carry (WeasyPrint `Attachment`s, e.g. the report's data in the archival
    variant): attachments named by the HTML itself (`<link rel="attachment">`, `<a rel="attachment">`) are
    dropped. `options` go to WeasyPrint (`pdf_variant`, `pdf_tags`, `lang`…).
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = fetcher or url_fetcher()
    font_config = FontConfiguration()
    css = [CSS(url=static_url(path), url_fetcher=fetcher, font_config=font_config) for path in stylesheets]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        stylesheets=css, font_config=font_config, **options
    )
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    pdf = document.write_pdf(attachments=list(attachments) or None, **options)
    return Rendered(pdf=pdf, pages=len(document.pages))
