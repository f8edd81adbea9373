"""Settings from the environment, the production deploy check, and Celery's reliability settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env=None, cwd=ROOT):
    # The test settings put their own defaults in os.environ; a child process starts without them.
    ours = {
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "SECRET_KEY",
        "SECURE_SSL_REDIRECT",
        "ALLOWED_HOSTS",
        "REDIS_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "VAR_DIR": str(tmp_path),
            "DEBUG": "false",
            "SECRET_KEY": "a-long-random-production-key-" + "x9Kq" * 12,
            "ALLOWED_HOSTS": "rec.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", env={"VAR_DIR": str(tmp_path), "DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_variable_in_the_environment_wins_over_var_local_env(tmp_path):
    (tmp_path / "local.env").write_text("DEBUG=true\nSECRET_KEY=from-file\nALLOWED_HOSTS=file.example.org\n")
    code = "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    result = _manage("shell", "-v", "0", "-c", code, env={"VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "env.example.org"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True ['env.example.org']"


def test_celery_acknowledges_late_and_requeues_work_of_a_lost_worker():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_time_limit > conf.task_soft_time_limit > 0


def test_the_visibility_timeout_outlasts_every_countdown():
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_MAX_COUNTDOWN


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


@pytest.mark.django_db
def test_the_sessions_task_deletes_only_expired_sessions():
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from council.tasks import sessions_clear_expired

    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="new", session_data="", expire_date=timezone.now() + timedelta(days=1))
    assert sessions_clear_expired.delay().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


def test_redis_url_makes_redis_the_broker_and_the_cache(tmp_path):
    code = (
        "from django.conf import settings; "
        "print(settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND'])"
    )

    def broker_eager_cache(redis_url: str) -> list[str]:
        env = {"VAR_DIR": str(tmp_path), "DEBUG": "true", "SECRET_KEY": "k", "REDIS_URL": redis_url}
        return _manage("shell", "-v", "0", "-c", code, env=env).stdout.split()

    assert broker_eager_cache("redis://h:6379/2") == [
        "redis://h:6379/2",
        "False",
        "django.core.cache.backends.redis.RedisCache",
    ]
    assert broker_eager_cache("") == ["memory://", "True", "django.core.cache.backends.locmem.LocMemCache"]
