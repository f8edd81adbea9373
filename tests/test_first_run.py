"""The setup steps of `make run`, on a fresh SQLite database, through the commands the Makefile calls."""

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(var_dir, *args):
    ours = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS"}
    env = {k: v for k, v in os.environ.items() if k not in ours and k not in {"DATABASE_URL", "REDIS_URL"}}
    env["VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_make_run_calls_the_setup_commands_in_order():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^prepare: migrate translations seed$", makefile, re.M)
    assert re.search(r"^run: prepare$", makefile, re.M)
    assert "manage.py runserver $(HOST):$(PORT)" in makefile


@pytest.mark.slow
def test_first_and_second_run_on_a_fresh_machine(tmp_path):
    (tmp_path / "local.env").write_text("DEBUG=true\nSECRET_KEY=first-run-test-key\n")

    migrate = _run(tmp_path, "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr
    assert (tmp_path / "portal.sqlite3").is_file()

    compiled = _run(tmp_path, "compile_translations")
    assert compiled.returncode == 0, compiled.stderr
    for lang in ("ru", "en", "uz"):
        assert (ROOT / "locale" / lang / "LC_MESSAGES" / "django.mo").is_file()

    first = _run(tmp_path, "seed")
    assert first.returncode == 0, first.stderr
    assert "Demo data added" in first.stdout
    account = re.search(r"email:\s+(\S+)\n\s+password:\s+(\S+)", first.stdout)
    assert account, first.stdout

    # A second run keeps the data and prints the same account.
    again = _run(tmp_path, "migrate", "--noinput")
    assert "No migrations to apply" in again.stdout
    second = _run(tmp_path, "seed")
    assert "nothing changed" in second.stdout
    assert f"password: {account.group(2)}" in second.stdout

    # The printed account signs in to the admin.
    check = _run(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth import authenticate; "
        f"u = authenticate(email='{account.group(1)}', password='{account.group(2)}'); print(bool(u and u.is_staff))",
    )
    assert check.stdout.strip() == "True", check.stderr


def test_the_russian_and_english_catalogues_are_complete():
    for lang in ("ru", "en"):
        catalogue = polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))
        missing = [e.msgid for e in catalogue if not e.translated() or "fuzzy" in e.flags]
        assert not missing, f"{lang}: {missing[:5]}"


def test_the_uzbek_catalogue_is_started():
    catalogue = polib.pofile(str(ROOT / "locale" / "uz" / "LC_MESSAGES" / "django.po"))
    assert catalogue.percent_translated() >= 50
