"""How fast the compendium of 100 recommendations comes out of the portal, compared with WeasyPrint alone
rendering the same HTML.

    .venv/bin/python bench/reports.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/reports.py

Creates a scratch database (SQLite in a temporary folder, or bench_reports on DATABASE_URL's PostgreSQL server,
dropped at the end) and seeds BENCH_RECOMMENDATIONS (100) published recommendations through the services (about
one page each, addressed to the five states, each with the implementation reports of the five). After a warm-up
(the same compendium rendered once, untimed: Pango, fontconfig, the fonts and the templates loaded), it times,
one run each, in this process:

- ours: `reports.services.report_request` by a secretariat user, the task run in-process (eager, on commit):
  gathering, templates, WeasyPrint, storing the file, the Report row; from the request until the Report is done;
- raw: WeasyPrint alone rendering the HTML that `document_html` produced for that report, with the same
  stylesheet, fonts, fetcher and PDF options (PDF/UA-1, tagged).

It prints pages, seconds (and CPU seconds) and pages per second of each, the ratio ours / raw (target <= 1.1),
ours' WeasyPrint time (target < 4 s) and the queries of the gathering; then the floor (WeasyPrint on as many pages
of plain paragraphs, same head, fonts and options) and where WeasyPrint's time goes (a third rendering of the same
HTML under cProfile, by phase). The exit status is 1 when a target is missed.
"""

import cProfile
import dataclasses
import logging
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scratch import run_admin, with_database  # noqa: E402 - bench/ is the script's folder

BENCH_DATABASE = "bench_reports"
COUNT = int(os.environ.get("BENCH_RECOMMENDATIONS", "100"))
LANGUAGE = os.environ.get("BENCH_LANGUAGE", "en")
TARGET_RATIO = 1.1  # ours / raw, in seconds
TARGET_WEASYPRINT = 4.0  # seconds of WeasyPrint in ours
PROFILE = os.environ.get("BENCH_PROFILE", "1") not in ("0", "false", "no")

PARAGRAPHS_EN = [
    "The member states ensure that every returned family is accompanied by a case worker from the first day, "
    "with a plan agreed with the family that covers documents, housing, schooling and health care.",
    "Local authorities and communities are supported in receiving returnees: the national coordinator meets "
    "them each quarter, shares what works elsewhere in the region and reports the obstacles met to the council.",
    "Psychosocial care is offered to children and adults alike, by trained staff, in the language of the family, "
    "and continues for as long as the family needs it, whatever the place where it settles.",
]
PARAGRAPHS_RU = [
    "Государства-члены обеспечивают сопровождение каждой возвращённой семьи социальным работником с первого дня, "
    "по плану, согласованному с семьёй: документы, жильё, обучение детей и медицинская помощь.",
    "Местным органам власти и сообществам оказывается поддержка в приёме возвращающихся: национальный координатор "
    "встречается с ними ежеквартально и сообщает совету о встреченных препятствиях.",
    "Психосоциальная помощь предоставляется детям и взрослым обученными специалистами на языке семьи и "
    "продолжается столько, сколько семье нужно, где бы она ни поселилась.",
]
PARAGRAPHS_UZ = [
    "Aʼzo davlatlar har bir qaytgan oilaga birinchi kundan ijtimoiy xodim biriktirilishini taʼminlaydi: "
    "hujjatlar, uy-joy, taʼlim va sogʻliqni saqlash boʻyicha oila bilan kelishilgan reja asosida.",
    "Mahalliy hokimiyatlar va jamoalar qaytganlarni qabul qilishda qoʻllab-quvvatlanadi; milliy koordinator "
    "ular bilan har chorakda uchrashadi va duch kelingan toʻsiqlar haqida kengashga xabar beradi.",
    "Psixologik-ijtimoiy yordam bolalar va kattalarga oilaning tilida, oʻqitilgan mutaxassislar tomonidan, "
    "oilaga kerak boʻlgan muddatgacha koʻrsatiladi.",
]


def seed(count: int):
    """The council of tests/reports/recommendation_data.py and `count` published recommendations, each addressed to
    the five states and with the implementation report of each, in two working groups; some with a reservation."""
    from tests.reports import recommendation_data as rd

    council = rd.council()
    states = tuple(rd.STATES)
    statuses = [rd.IN_PROGRESS, rd.IMPLEMENTED, rd.IN_PROGRESS, rd.IN_PROGRESS, rd.IMPLEMENTED]
    for n in range(count):
        texts = rd.texts(n)
        for key, paragraphs in (("text_en", PARAGRAPHS_EN), ("text_ru", PARAGRAPHS_RU), ("text_uz", PARAGRAPHS_UZ)):
            if n % 10 != 3:  # those with a reservation are long enough
                texts[key] += "\n\n" + paragraphs[n % len(paragraphs)]
        rd.recommendation(
            council,
            "a" if n < count * 3 // 5 else "b",
            n=n,
            texts_=texts,
            states=states,
            reports=[(code, statuses[(n + i) % 5], 20 * ((n + i) % 5) + 20) for i, code in enumerate(states)],
            stand_aside="TM" if n % 10 == 3 else None,
            reason="Сроки в нашей системе — до трёх месяцев." if n % 10 == 3 else "",
        )
    return council


class Stopwatch:
    """Wraps a function of a module and adds up the time spent in it (for ours' WeasyPrint and HTML time)."""

    def __init__(self, module, name: str):
        self.module, self.name, self.original = module, name, getattr(module, name)
        self.seconds, self.results = 0.0, []

    def __enter__(self):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                result = self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
            self.results.append(result)
            return result

        setattr(self.module, self.name, timed)
        return self

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.original)


@dataclasses.dataclass
class Timed:
    pages: int = 0
    layout: float = 0.0  # seconds (wall clock) of HTML.render: parsing, cascade, boxes, pages
    write: float = 0.0  # seconds of Document.write_pdf: drawing, fonts, tags, the file
    cpu: float = 0.0  # seconds of CPU of this process for both

    @property
    def seconds(self) -> float:
        return self.layout + self.write


def raw_render(html: str, variant: str) -> Timed:
    """WeasyPrint alone on `html`, as reports.rendering calls it: our stylesheet and fetcher, tagged."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports import rendering

    started, cpu = time.perf_counter(), time.process_time()
    fetcher = rendering.url_fetcher()
    fonts = FontConfiguration()
    css = CSS(url=rendering.static_url(rendering.STYLESHEET), url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=rendering.BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[css], font_config=fonts, pdf_variant=variant, pdf_tags=True
    )
    laid_out = time.perf_counter()
    document.write_pdf(pdf_variant=variant, pdf_tags=True)
    return Timed(
        pages=len(document.pages),
        layout=laid_out - started,
        write=time.perf_counter() - laid_out,
        cpu=time.process_time() - cpu,
    )


def plain_html(html: str, pages: int) -> str:
    """The report's own <head> (stylesheet, running headers and footers) over about `pages` pages of plain
    paragraphs and a heading every six: what WeasyPrint does at best per page of text on this machine."""
    head = html[: html.index("<body")]
    paragraph = "<p>" + " ".join(PARAGRAPHS_EN * 2) + "</p>"
    sections = [f"<h2>Section {n}</h2>" + paragraph * 6 for n in range(round(pages * 0.57))]
    return head + '<body class="report">' + "\n".join(sections) + "</body></html>"


# WeasyPrint's phases, as the cumulative time of the function that does each (file, function name); the "of
# which" ones are parts of the phase above them (text lines are also broken inside tables and margin boxes).
PHASES = [
    ("parsing the HTML and stylesheets", "weasyprint/__init__.py", "__init__"),
    ("layout: CSS cascade (computed styles)", "weasyprint/css/__init__.py", "get_all_computed_styles"),
    ("layout: boxes from the HTML tree", "weasyprint/formatting_structure/build.py", "build_formatting_structure"),
    ("layout: pages (blocks, lines, tables)", "weasyprint/layout/__init__.py", "layout_document"),
    ("  of which tables (widths, rows)", "weasyprint/layout/table.py", "table_layout"),
    ("  of which tables' automatic widths", "weasyprint/layout/table.py", "table_wrapper_width"),
    ("  of which margin boxes (headers, footers)", "weasyprint/layout/page.py", "make_margin_boxes"),
    ("  of which text (Pango line breaking)", "weasyprint/text/line_break.py", "split_first_line"),
    ("PDF: drawing the pages", "weasyprint/document.py", "paint"),
    ("PDF: fonts (subsetting, embedding)", "weasyprint/pdf/fonts.py", "build_fonts_dictionary"),
    ("PDF: tags (PDF/UA structure tree)", "weasyprint/pdf/tags.py", "add_tags"),
    ("PDF: everything written (drawing, fonts, tags)", "weasyprint/document.py", "write_pdf"),
]


def profile_render(html: str, variant: str) -> tuple[float, list[tuple[str, float]]]:
    """A third rendering of the same HTML under cProfile: its total and the share of each phase of PHASES."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    raw_render(html, variant)
    profiler.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats
    phases = []
    for label, filename, function in PHASES:
        cumulative = sum(
            row[3] for (path, _line, name), row in stats.items() if path.endswith(filename) and name == function
        )
        phases.append((label, cumulative / total))
    if os.environ.get("BENCH_PROFILE_TOP"):
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return total, phases


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    scratch = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    postgres = database_url.startswith("postgres")
    if postgres:
        os.environ["DATABASE_URL"] = with_database(database_url, BENCH_DATABASE)
        run_admin(database_url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        run_admin(database_url, f'CREATE DATABASE "{BENCH_DATABASE}"')
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"  # the task runs in this process, on commit
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("EMAIL_URL", None)
    try:
        return bench(scratch, postgres)
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet; the database goes anyway
            pass
        if postgres:
            run_admin(database_url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        shutil.rmtree(scratch, ignore_errors=True)


def bench(scratch: Path, postgres: bool) -> int:
    import django

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)  # eager tasks log every run at INFO
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from reports import documents, services
    from reports.models import ReportState

    with override_settings(MEDIA_ROOT=str(scratch / "media")):
        engine = "PostgreSQL" if postgres else "SQLite"
        print(f"{engine} scratch database: migrating, seeding {COUNT} recommendations ...", flush=True)
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        council = seed(COUNT)
        print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)

        variant = documents.PDF_VARIANTS["accessible"]
        # Warm-up, not timed: the same compendium rendered once without a Report, so that Pango, fontconfig, the
        # fonts, the templates and the allocator's memory are ready for both timed runs alike.
        started = time.perf_counter()
        documents.document_pdf(documents.document_prepare(kind="compendium", parameters={}, language=LANGUAGE))
        warm_up = time.perf_counter() - started

        parameters = {}
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as gathering:
            documents.document_prepare(kind="compendium", parameters=parameters, language=LANGUAGE)
        gathering_seconds = time.perf_counter() - started

        # Ours: from the request until the Report is done (the task runs on commit, in this process).
        with Stopwatch(documents, "render") as weasyprint, Stopwatch(services, "document_html") as html_made:
            started, cpu = time.perf_counter(), time.process_time()
            report = services.report_request(
                kind="compendium", parameters=parameters, language=LANGUAGE, by=council.staff
            )
            report.refresh_from_db()
            ours_seconds, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
        if report.state != ReportState.DONE:
            raise RuntimeError(f"the report did not render: {report.state} {report.error}")
        html = html_made.results[-1]
        if os.environ.get("BENCH_SAVE_HTML"):
            Path(os.environ["BENCH_SAVE_HTML"]).write_text(html)
        ours_pages = report.pages

        raw = raw_render(html, variant)
        floor = raw_render(plain_html(html, raw.pages), variant)
        profiled, phases = profile_render(html, variant) if PROFILE else (0.0, [])

    elements = len(re.findall(r"<[a-z]", html[html.index("<body") :]))
    cells = len(re.findall(r"<t[dh][ >]", html))
    ratio = ours_seconds / raw.seconds
    print(
        f"compendium of {COUNT} recommendations, language {LANGUAGE}, {variant}, tagged: {len(html) / 1024:.0f} KiB "
        f"of HTML, {elements} elements of which {cells} table cells; warm-up (the same compendium once) "
        f"{warm_up:.2f} s, not timed"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (with a load above the CPUs, compare the CPU figures)")
    print(f"gathering: {len(gathering.captured_queries)} queries, {gathering_seconds:.2f} s")
    print(
        f"ours:  report_request -> task -> Report done  {ours_pages:4d} pages  {ours_seconds:6.2f} s"
        f"  {ours_pages / ours_seconds:5.1f} pages/s  (CPU {ours_cpu:.2f} s)"
    )
    print(
        f"       of which WeasyPrint {weasyprint.seconds:.2f} s, HTML {html_made.seconds:.2f} s, "
        f"the rest {ours_seconds - weasyprint.seconds - html_made.seconds:.2f} s "
        f"(gathering twice, fingerprint, file, Report row)"
    )
    print(
        f"raw:   WeasyPrint on the saved HTML           {raw.pages:4d} pages  {raw.seconds:6.2f} s"
        f"  {raw.pages / raw.seconds:5.1f} pages/s  (CPU {raw.cpu:.2f} s)"
    )
    print(f"       of which layout {raw.layout:.2f} s, PDF writing {raw.write:.2f} s")
    print(
        f"floor: WeasyPrint on plain paragraphs         {floor.pages:4d} pages  {floor.seconds:6.2f} s"
        f"  {floor.pages / floor.seconds:5.1f} pages/s  (CPU {floor.cpu:.2f} s; same head, fonts, options)"
    )
    print(f"ratio ours / raw: {ratio:.2f}  (target <= {TARGET_RATIO}; CPU {ours_cpu / raw.cpu:.2f})")
    print(f"WeasyPrint time of ours: {weasyprint.seconds:.2f} s  (target < {TARGET_WEASYPRINT} s)")
    if phases:
        print(
            f"where WeasyPrint's time goes: a third rendering under cProfile ({profiled:.1f} s with the profiler), "
            f"each phase's share, and that share of raw's {raw.seconds:.2f} s:"
        )
        for label, share in phases:
            print(f"  {label:<48} {100 * share:4.0f} %  ~{share * raw.seconds:5.2f} s")
    if weasyprint.seconds >= TARGET_WEASYPRINT:
        print(
            "WeasyPrint's floor: see bench/README.md (the time goes to laying out and drawing every element and "
            "line, in Python, at the rate of the plain-paragraph floor above times the elements per page)"
        )
    return 0 if ratio <= TARGET_RATIO and weasyprint.seconds < TARGET_WEASYPRINT else 1


if __name__ == "__main__":
    sys.exit(main())
