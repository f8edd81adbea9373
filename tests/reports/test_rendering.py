"""A report's HTML renders to PDF with the shipped fonts, and can make the server fetch nothing it should not."""

import io
import logging
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image
from pypdf import PdfReader

from reports import rendering
from reports.cleaning import markdown_to_html

PNG = io.BytesIO()
Image.new("RGB", (4, 4), "red").save(PNG, format="PNG")
PNG = PNG.getvalue()


class _CanaryHandler(BaseHTTPRequestHandler):
    """Answers everything, as a careless internal service would: a redirect, a stylesheet, an image."""

    def do_GET(self):
        self.server.requests.append(f"{self.command} {self.path}")
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "/landed.png")
            self.end_headers()
            return
        css = self.path.endswith(".css")
        body = b'body::before { content: "LEAKED-FROM-SERVER" }' if css else PNG
        self.send_response(200)
        self.send_header("Content-Type", "text/css" if css else "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_POST = do_GET

    def log_message(self, format, *args):
        pass


class _CanaryServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _CanaryHandler)
        self.connections = []  # every TCP connection, even one that never sends a request
        self.requests = []

    def verify_request(self, request, client_address):
        self.connections.append(client_address)
        return True


@pytest.fixture
def canary_server():
    server = _CanaryServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def canary_dir(tmp_path):
    """Files that would show in the PDF if read; the folder's name appears nowhere but in the canary URLs."""
    folder = tmp_path / f"canary-{uuid.uuid4().hex}"
    folder.mkdir()
    (folder / "canary.png").write_bytes(PNG)
    (folder / "canary.css").write_text('body::after { content: "LEAKED-FROM-FILE" }', encoding="utf-8")
    (folder / "canary.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text y="9">LEAKED-FROM-SVG</text></svg>',
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def opened_paths():
    """Every path this process opens or lists while the test runs (Python's audit events)."""
    seen, recording = [], [True]

    def hook(event, args):
        if recording[0] and event in {"open", "os.listdir", "os.scandir", "shutil.copyfile"} and args:
            seen.append(str(args[0]))

    sys.addaudithook(hook)  # a hook cannot be removed; it stops recording when the test ends
    yield seen
    recording[0] = False


def _hostile_html(server, folder) -> tuple[str, list[str]]:
    """A document that refers to the canaries in every way HTML, CSS and SVG allow; and the URLs it names."""
    web = f"http://127.0.0.1:{server.server_address[1]}"
    file = folder.as_uri()
    urls = {
        "img": f"{web}/img.png",
        "img_file": f"{file}/canary.png",
        "link": f"{web}/link.css",
        "link_file": f"{file}/canary.css",
        "import": f"{web}/import.css",
        "import_file": f"{file}/canary.css?import",
        "style_url": f"{web}/style-url.png",
        "inline_url": f"{web}/inline-url.png",
        "inline_file": f"{file}/canary.png?inline",
        "font_face": f"{web}/font.ttf",
        "font_face_file": f"{file}/canary.png?font",
        "object": f"{web}/object.png",
        "embed": f"{web}/embed.png",
        "iframe": f"{web}/iframe.html",
        "svg_image": f"{web}/svg-image.png",
        "svg_xlink": f"{file}/canary.svg",
        "metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "redirect": f"{web}/redirect",
        "https": f"https://127.0.0.1:{server.server_address[1]}/https.png",
        "ipv6": f"http://[::1]:{server.server_address[1]}/ipv6.png",
        "ftp": f"ftp://127.0.0.1:{server.server_address[1]}/ftp.png",
        "traversal": f"{rendering.static_url('')}../../../../../..{folder}/canary.png",
        "encoded_traversal": f"{rendering.static_url('')}%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e{folder}/canary.png",
        "userinfo": f"https://{rendering.HOST}@127.0.0.1:{server.server_address[1]}/userinfo.png",
        "list_image": f"{web}/list-image.png",
        "attachment_link": f"{web}/attachment-link.bin",
        "attachment_a": f"{file}/canary.png?attachment",
    }
    svg_in_data = (
        "data:image/svg+xml,"
        "%3Csvg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='10' height='10'%3E"
        f"%3Cimage href='{web}/svg-in-data.png' width='10' height='10'/%3E%3C/svg%3E"
    )
    html = f"""<!doctype html>
<html lang="en"><head>
<meta charset="utf-8"><title>canary</title>
<link rel="stylesheet" href="{urls["link"]}">
<link rel="stylesheet" href="{urls["link_file"]}">
<link rel="attachment" href="{urls["attachment_link"]}" title="link">
<link rel="attachment" href="data:text/plain,LEAKED-ATTACHMENT" title="data">
<style>
@import url("{urls["import"]}");
@import "{urls["import_file"]}";
@font-face {{ font-family: Canary; src: url("{urls["font_face"]}"), url("{urls["font_face_file"]}"); }}
body {{ background-image: url("{urls["style_url"]}"); }}
ul {{ list-style-image: url("{urls["list_image"]}"); }}
h1 {{ font-family: Canary; }}
</style>
</head><body>
<h1>Canary</h1>
<p style="background: url('{urls["inline_url"]}')">inline</p>
<p style="background-image: url('{urls["inline_file"]}')">inline file</p>
<img src="{urls["img"]}" alt=""> <img src="{urls["img_file"]}" alt="">
<img src="{urls["metadata"]}" alt=""> <img src="{urls["redirect"]}" alt=""> <img src="{urls["https"]}" alt="">
<img src="{urls["ipv6"]}" alt=""> <img src="{urls["ftp"]}" alt=""> <img src="{urls["traversal"]}" alt="">
<img src="{urls["encoded_traversal"]}" alt=""> <img src="{urls["userinfo"]}" alt="">
<img src="{svg_in_data}" alt="">
<object data="{urls["object"]}" type="image/png">object</object>
<embed src="{urls["embed"]}" type="image/png">
<iframe src="{urls["iframe"]}"></iframe>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">
  <image href="{urls["svg_image"]}" width="10" height="10"/>
  <image xlink:href="{urls["svg_xlink"]}" width="10" height="10"/>
</svg>
<ul><li>item</li></ul>
<p><a rel="attachment" href="{urls["attachment_a"]}">attachment</a>
<a rel="attachment" href="data:text/plain,LEAKED-ATTACHMENT">data attachment</a>
<a href="{urls["img_file"]}">a plain link is not fetched</a></p>
</body></html>"""
    return html, urls


def _embedded_files(reader: PdfReader) -> list[str]:
    found = list(reader.attachments)
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment" or "/FS" in annotation:
                found.append(str(annotation.get("/Contents")))
    return found


def test_a_report_can_make_the_server_fetch_nothing_but_its_static_files(
    canary_server, canary_dir, opened_paths, caplog
):
    html, urls = _hostile_html(canary_server, canary_dir)
    fetcher = rendering.url_fetcher()

    with caplog.at_level(logging.WARNING, logger="reports.rendering"):
        pdf = rendering.render_pdf(html, fetcher=fetcher)

    # Nothing reached the canary server, not even a connection, and nothing opened the canary files.
    assert canary_server.connections == []
    assert canary_server.requests == []
    assert [path for path in opened_paths if canary_dir.name in path] == []
    # The fetcher served only the portal's static files (the shipped stylesheet and fonts) and data: URIs ...
    assert fetcher.served, "the shipped stylesheet and fonts are served"
    assert all(url.startswith((rendering.static_url(""), "data:")) for url in fetcher.served), fetcher.served
    # ... and refused, with a warning naming the URL, every canary WeasyPrint asked for.
    asked = {name for name, url in urls.items() if url in fetcher.refused}
    # WeasyPrint draws no <iframe>; attachments named by the HTML are dropped before anything fetches them.
    must_be_asked = set(urls) - {"iframe", "attachment_link", "attachment_a"}
    assert must_be_asked <= asked, f"not asked for (so not proven refused): {sorted(must_be_asked - asked)}"
    warnings = [record.getMessage() for record in caplog.records if record.name == "reports.rendering"]
    for url in fetcher.refused:
        assert any(url in message and "refused" in message for message in warnings), url
    assert any("svg-in-data.png" in url for url in fetcher.refused)  # an SVG's own references go the same way
    # The PDF shows nothing the canaries hold and carries no embedded file.
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Canary" in text
    assert "LEAKED" not in text
    assert _embedded_files(reader) == []


def test_the_canaries_are_live_wherever_weasyprints_own_fetcher_is_used(canary_server, canary_dir, opened_paths):
    """The control: the same document with WeasyPrint's default fetcher reads the canaries, so the test above
    would see a leak. (The addresses that are not on this machine are left out of the control.)"""
    from weasyprint import HTML

    html, urls = _hostile_html(canary_server, canary_dir)
    for name in ("metadata", "https", "ipv6", "ftp", "userinfo"):
        html = html.replace(urls[name], "data:,")

    pdf = HTML(string=html, base_url=rendering.BASE_URL).write_pdf()

    assert {"GET /img.png", "GET /link.css", "GET /import.css", "GET /redirect", "GET /landed.png"} <= set(
        canary_server.requests
    )
    assert [path for path in opened_paths if canary_dir.name in path]
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "LEAKED-FROM-SERVER" in text
    assert "LEAKED-FROM-FILE" in text
    assert _embedded_files(reader)


def test_the_check_for_embedded_files_sees_one():
    from weasyprint import Attachment

    pdf = rendering.render_pdf(
        "<p>data</p>", attachments=[Attachment(string="a,b\n1,2\n", name="data.csv", base_url=rendering.BASE_URL)]
    )

    assert _embedded_files(PdfReader(io.BytesIO(pdf))) == ["data.csv"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1/",
        "http://localhost/static/reports/reports.css",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1/static/reports/reports.css",
        f"http://{rendering.HOST}/static/reports/reports.css",
        f"https://{rendering.HOST}:443/static/reports/reports.css",
        f"https://user@{rendering.HOST}/static/reports/reports.css",
        f"https://{rendering.HOST}/static/../config/settings.py",
        f"https://{rendering.HOST}/static/reports/../../config/settings.py",
        f"https://{rendering.HOST}/static/%2e%2e/config/settings.py",
        f"https://{rendering.HOST}/static/reports%2f..%2f..%2fconfig%2fsettings.py",
        f"https://{rendering.HOST}/static//etc/passwd",
        f"https://{rendering.HOST}/static/reports\\..\\..\\config\\settings.py",
        f"https://{rendering.HOST}/static/fonts/",
        f"https://{rendering.HOST}/static/reports/missing.css",
        f"https://{rendering.HOST}/config/settings.py",
        f"https://{rendering.HOST}/manage.py",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1:6379/_INFO",
        "dict://127.0.0.1:11211/stats",
        "jar:file:///x.jar!/a",
        "about:blank",
        "data:text/plain;base64,!!!not base64",
    ],
)
def test_the_fetcher_refuses_and_logs_everything_but_static_files(url, caplog):
    fetcher = rendering.url_fetcher()

    with caplog.at_level(logging.WARNING, logger="reports.rendering"), pytest.raises(rendering.RefusedURL):
        fetcher.fetch(url)

    assert fetcher.served == []
    assert any(url in record.getMessage() for record in caplog.records if record.levelno == logging.WARNING)


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        (rendering.static_url("reports/reports.css"), "text/css"),
        (rendering.static_url("reports/reports.css") + "?v=2#x", "text/css"),
        (rendering.static_url("fonts/NotoSans-Regular.ttf"), "font/ttf"),
        ("data:text/plain;base64,aGVsbG8=", "text/plain"),
    ],
)
def test_the_fetcher_serves_static_files_and_data_uris(url, content_type):
    response = rendering.url_fetcher().fetch(url)

    assert response.content_type == content_type
    assert response.read()


def test_a_symlink_in_a_static_folder_leading_out_of_it_is_refused(tmp_path, settings, canary_dir):
    static = tmp_path / "static"
    (static / "reports").mkdir(parents=True)
    (static / "reports" / "inside.png").write_bytes(PNG)
    (static / "reports" / "outside.png").symlink_to(canary_dir / "canary.png")
    settings.STATICFILES_DIRS = [static]
    settings.STATIC_ROOT = str(tmp_path / "collected")

    assert rendering.static_file("reports/inside.png") == (static / "reports" / "inside.png").resolve()
    assert rendering.static_file("reports/outside.png") is None
    with pytest.raises(rendering.RefusedURL):
        rendering.url_fetcher().fetch(rendering.static_url("reports/outside.png"))


def test_markdown_typed_by_people_keeps_its_text_and_loses_everything_that_loads(
    canary_server, canary_dir, opened_paths
):
    web = f"http://127.0.0.1:{canary_server.server_address[1]}"
    typed = f"""## Рекомендация

Oʻzbekiston **bold** and [a link]({web}/link) and [a file]({canary_dir.as_uri()}/canary.png).

![image]({web}/markdown-image.png) ![file]({canary_dir.as_uri()}/canary.png)

<img src="{web}/raw-img.png"> <link rel="stylesheet" href="{web}/raw.css">
<style>@import url("{web}/raw-import.css"); p {{ background: url({web}/raw-url.png) }}</style>
<p style="background: url('{web}/raw-inline.png')">styled</p>
<object data="{web}/raw-object.png"></object><embed src="{web}/raw-embed.png"><iframe src="{web}/raw.html"></iframe>
<svg><image href="{web}/raw-svg.png"/></svg><base href="{web}/"><meta http-equiv="refresh" content="0;url={web}/">
<a rel="attachment" href="data:text/plain,x">attach</a> <script>alert(1)</script>
"""
    cleaned = markdown_to_html(typed)

    for forbidden in ("<img", "<link", "<style", "<object", "<embed", "<iframe", "<svg", "<image", "<base", "<meta"):
        assert forbidden not in cleaned
    for forbidden in ("style=", "url(", "@import", "<script", "file:", 'rel="attachment"', "src="):
        assert forbidden not in cleaned
    assert "<h2>Рекомендация</h2>" in cleaned
    assert "Oʻzbekiston <strong>bold</strong>" in cleaned
    assert f'href="{web}/link"' in cleaned  # a link is kept as a link: it is printed, never fetched

    fetcher = rendering.url_fetcher()
    pdf = rendering.render_pdf(f'<html lang="ru"><body>{cleaned}</body></html>', fetcher=fetcher)

    assert fetcher.refused == []  # nothing left to even ask for
    assert canary_server.connections == []
    assert [path for path in opened_paths if canary_dir.name in path] == []
    assert "Oʻzbekiston" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


RUSSIAN = "Региональный экспертный совет по реабилитации и реинтеграции возвращенцев"
ENGLISH = "Regional Expert Council on the Rehabilitation and Reintegration of Returnees"
UZBEK = "Oʻzbekiston Respublikasi, Gʻarb va Sharq: qaytganlarni reintegratsiya qilish boʻyicha"
OTHERS = "Қазақстан, Кыргызстан: Өзгөчө, Тоҷикистон: Ҳукумат, Türkmenistan: Aşgabat, Ýaşlar"


def test_russian_english_and_uzbek_text_render_in_the_shipped_fonts():
    html = f"""<html lang="ru"><head><title>Languages</title></head><body>
<h1>{RUSSIAN}</h1><p lang="en">{ENGLISH}</p><p lang="uz"><em>{UZBEK}</em></p><p><strong>{OTHERS}</strong></p>
</body></html>"""

    reader = PdfReader(io.BytesIO(rendering.render_pdf(html)))

    text = " ".join(reader.pages[0].extract_text().split())
    for line in (RUSSIAN, ENGLISH, UZBEK, OTHERS):
        assert line in text
    assert text.index(RUSSIAN) < text.index(ENGLISH) < text.index(UZBEK) < text.index(OTHERS)
    assert "\u02bb" in text  # the Uzbek letters keep their modifier letter turned comma

    fonts = {}
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = descriptor
    # Every font on the page is the shipped family, embedded (a TrueType font file in its descriptor).
    assert set(fonts) == {"Report-Sans", "Report-Sans-Bold", "Report-Sans-Italic"}, set(fonts)
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name


def test_collected_files_with_their_hashed_names_are_served_from_static_root(tmp_path, settings):
    collected = tmp_path / "collected"
    (collected / "reports").mkdir(parents=True)
    (collected / "reports" / "reports.0123abcd.css").write_text("p { color: black }", encoding="utf-8")
    settings.STATIC_ROOT = str(collected)

    response = rendering.url_fetcher().fetch(rendering.static_url("reports/reports.0123abcd.css"))

    assert response.read() == b"p { color: black }"
