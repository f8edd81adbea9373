"""`make run` (and migrate, runserver, the worker) stops at once with a clear message when Pango is missing."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from reports import checks

ROOT = Path(__file__).resolve().parent.parent.parent

# manage.py as `make run` starts it, on a machine where the dynamic loader finds no Pango: WeasyPrint loads its
# libraries through cffi's dlopen, which then fails as it does when libpango-1.0-0 is not installed.
WITHOUT_PANGO = """
import runpy, sys
import cffi

_dlopen = cffi.FFI.dlopen

def dlopen(self, name, *args, **kwargs):
    if "pango" in str(name):
        raise OSError(f"cannot load library {name!r}: cannot open shared object file: No such file or directory")
    return _dlopen(self, name, *args, **kwargs)

cffi.FFI.dlopen = dlopen
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""


def _manage_without_pango(var_dir, *args):
    ours = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS"}
    env = {k: v for k, v in os.environ.items() if k not in ours and k not in {"DATABASE_URL", "REDIS_URL"}}
    env["VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PANGO, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _tables(path: Path) -> list[str]:
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db:
        return [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def test_the_check_passes_where_weasyprint_finds_its_libraries():
    assert checks.check_weasyprint_libraries() == []
    assert checks.weasyprint_pango_version()[:2] >= checks.PANGO_MIN_VERSION


@pytest.mark.slow
def test_make_run_stops_before_migrating_when_pango_is_missing(tmp_path):
    (tmp_path / "local.env").write_text("DEBUG=true\nSECRET_KEY=no-pango-test-key\n")

    migrate = _manage_without_pango(tmp_path, "migrate", "--noinput")

    assert migrate.returncode != 0
    assert "reports.E001" in migrate.stderr
    assert "WeasyPrint cannot load its system libraries (Pango)" in migrate.stderr
    assert "apt-get install libpango-1.0-0" in migrate.stderr  # says what to install
    assert "Traceback" not in migrate.stderr  # a message, not a crash
    assert _tables(tmp_path / "portal.sqlite3") == []  # nothing was migrated


def test_a_pango_older_than_weasyprint_needs_is_an_error(monkeypatch):
    monkeypatch.setattr(checks, "weasyprint_pango_version", lambda: (1, 42, 4))

    [error] = checks.check_weasyprint_libraries()

    assert error.id == "reports.E002"
    assert "Pango 1.42.4 is too old" in error.msg
