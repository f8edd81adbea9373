"""System checks of the reports app (registered in ReportsConfig.ready).

`make run` migrates before it serves, and `migrate`, `runserver`, the Celery worker's Django setup and
`check --deploy` all run the checks, so a machine without Pango stops at once with a message that says what to
install, rather than at the first report.
"""

import contextlib
import io

from django.core.checks import Error, register

# WeasyPrint 70 needs Pango 1.44 or newer (pango_version() gives 1.44.0 as 14400).
PANGO_MIN_VERSION = (1, 44)
INSTALL_HINT = (
    "WeasyPrint renders the PDF reports and needs Pango 1.44 or newer, HarfBuzz and fontconfig. On Debian or "
    "Ubuntu: `apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1`; on macOS: "
    "`brew install pango`. See README.md (Production, System libraries)."
)


def weasyprint_pango_version() -> tuple[int, int, int]:
    """Load WeasyPrint's system libraries and give Pango's version; OSError or ImportError when they are missing."""
    # WeasyPrint prints its own troubleshooting banner to stdout before it fails; the check says it better.
    with contextlib.redirect_stdout(io.StringIO()):
        from weasyprint.text.ffi import pango
    version = pango.pango_version()
    return version // 10000, version // 100 % 100, version % 100


@register()
def check_weasyprint_libraries(app_configs=None, **kwargs):
    """WeasyPrint can load Pango (and the libraries beside it), in a version it supports."""
    try:
        version = weasyprint_pango_version()
    except (OSError, ImportError) as error:
        return [
            Error(
                f"WeasyPrint cannot load its system libraries (Pango): {error}",
                hint=INSTALL_HINT,
                id="reports.E001",
            )
        ]
    if version[:2] < PANGO_MIN_VERSION:
        found = ".".join(map(str, version))
        wanted = ".".join(map(str, PANGO_MIN_VERSION))
        return [
            Error(
                f"Pango {found} is too old for WeasyPrint (it needs {wanted} or newer).",
                hint=INSTALL_HINT,
                id="reports.E002",
            )
        ]
    return []
