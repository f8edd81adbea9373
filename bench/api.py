"""The partner API's recommendations list against a bare Django view serving the same JSON from the same queries,
side by side in one run, both served by the same gunicorn on loopback (issue 10: ours >= 0.5x the bare view).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/api.py

Creates a scratch database (bench_api) on DATABASE_URL's server (SQLite in a temporary folder without one) with
BENCH_RECOMMENDATIONS (200) published recommendations, each with its published version in three languages, three
milestones, two addressed states and a theme; issues a partner key; starts gunicorn (BENCH_WORKERS, 2, sync) on a
free loopback port with production settings and REDIS_URL's Redis for the key's throttle and use counters. Then,
alternating rounds, BENCH_CLIENTS (4) client threads on keep-alive connections ask for the first page (50 rows,
with versions and texts) BENCH_REQUESTS (400) times per round from each target. Prints requests per second, p50
and p99 of each, and the ratio ours / bare; the exit status is 1 when the ratio is under 0.5. It also checks that
both answer the same rows.
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from scratch import run_admin, with_database  # noqa: E402 - bench/ is the script's folder

BENCH_DATABASE = "bench_api"
COUNT = int(os.environ.get("BENCH_RECOMMENDATIONS", "200"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
TARGET = 0.5
OURS = "/api/v1/recommendations/?page_size=50"
BARE = "/bench/bare/recommendations/"


def environment(database_url: str, media: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "api_settings",
        "PYTHONPATH": f"{BENCH}{os.pathsep}{ROOT}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_PROXY": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": media,
        "PARTNER_API_RATE_READ": "100000000",
        "LOG_LEVEL": "WARNING",
    }
    return env


def prepare(env: dict) -> str:
    """Migrate, make the rows and a key (in a child process with the bench's settings); returns the key."""
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], env=env, check=True)
    script = f"""
import datetime, django
django.setup()
from django.utils import timezone
from council.models import Body, MemberState, Organisation
from council.partners.services import key_issue
from recommendations.models import Recommendation, RecommendationVersion, StatusChange, Tag

states = [MemberState.objects.get_or_create(code=c, defaults={{"name_ru": c, "name_en": c, "name_uz": c}})[0]
          for c in ("KZ", "KG", "TJ", "TM", "UZ")]
council = Body.objects.create(kind="council", code="council", name_ru="Совет", name_en="Council")
groups = [Body.objects.create(kind="working_group", code=c, parent=council, name_ru="РГ " + c, name_en="WG " + c)
          for c in "abcd"]
tag = Tag.objects.create(slug="education", name="Education")
now = timezone.now()
long_ru = "Государствам следует обеспечить доступ вернувшихся детей к школе и психосоциальной помощи. " * 12
long_en = "States should ensure that returning children have access to school and psychosocial support. " * 12
for n in range({COUNT}):
    group = groups[n % 4]
    published = now - datetime.timedelta(hours=n)
    r = Recommendation.objects.create(code=f"WG-{{group.code.upper()}}/2025/{{n:04d}}", working_group=group,
        authoritative_language="ru", access="public", status="published", published_at=published)
    v = RecommendationVersion.objects.create(recommendation=r, number=1, title_ru=f"Рекомендация {{n}}",
        title_en=f"Recommendation {{n}}", title_uz=f"Tavsiya {{n}}", text_ru=long_ru, text_en=long_en,
        text_uz="Davlatlar qaytgan bolalarning maktabga kirishini taʼminlashi kerak. " * 12, reason="first",
        frozen_at=published, digest="0" * 64)
    r.current_version = v
    r.save(update_fields=["current_version"])
    r.addressee_states.set(states[n % 5: n % 5 + 2] or states[:2])
    r.tags.set([tag])
    for i, (a, b) in enumerate((("consultation", "adopted"), ("adopted", "endorsed"), ("endorsed", "published"))):
        StatusChange.objects.create(recommendation=r, from_status=a, to_status=b,
                                    changed_at=published - datetime.timedelta(days=3 - i))
organisation = Organisation.objects.create(name_ru="ООН", name_en="UNOCT", acronym_en="UNOCT", kind="international")
_key, secret = key_issue(organisation=organisation, name="bench", scopes=["recommendations:read"], by=None)
print(secret)
"""
    result = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    return result.stdout.strip().splitlines()[-1]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str, headers: dict) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def load(port: int, path: str, headers: dict, total: int) -> tuple[float, list[float]]:
    """`total` requests from CLIENTS threads on keep-alive connections: (seconds, latencies in ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    remaining = [total]

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    base_url = os.environ.get("DATABASE_URL", "")
    work = tempfile.mkdtemp(prefix="bench-api-")
    postgres = base_url.startswith("postgres")
    if postgres:
        run_admin(
            base_url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{BENCH_DATABASE}"'
        )
        database_url = with_database(base_url, BENCH_DATABASE)
    else:
        database_url = f"sqlite:///{work}/bench.sqlite3"
    env = environment(database_url, f"{work}/media")
    server = None
    try:
        key = prepare(env)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=str(ROOT),
        )
        for _ in range(100):
            try:
                fetch(port, "/healthz", {})
                break
            except OSError:
                time.sleep(0.1)
        ours_headers = {"Authorization": f"Api-Key {key}", "Accept-Language": "en"}
        bare_headers = {"Accept-Language": "en"}
        status, ours_body = fetch(port, OURS, ours_headers)
        assert status == 200, (status, ours_body[:300])
        status, bare_body = fetch(port, BARE, bare_headers)
        assert status == 200, (status, bare_body[:300])
        ours_rows, bare_rows = json.loads(ours_body)["results"], json.loads(bare_body)["results"]
        assert len(ours_rows) == len(bare_rows) == min(50, COUNT), (len(ours_rows), len(bare_rows))
        assert ours_rows == bare_rows, "the bare view must answer the same rows"
        print(
            f"{COUNT} published recommendations; first page of {len(ours_rows)} rows, "
            f"{len(ours_body):,} bytes (ours) and {len(bare_body):,} bytes (bare)"
        )
        for path, headers in ((OURS, ours_headers), (BARE, bare_headers)):  # warm-up
            load(port, path, headers, 50)
        figures = {"ours": ([], []), "bare": ([], [])}
        for _ in range(ROUNDS):
            for name, path, headers in (("ours", OURS, ours_headers), ("bare", BARE, bare_headers)):
                seconds, latencies = load(port, path, headers, REQUESTS)
                figures[name][0].append(REQUESTS / seconds)
                figures[name][1].extend(latencies)
        print(
            f"gunicorn: {WORKERS} sync workers; {CLIENTS} client threads; {ROUNDS} rounds of {REQUESTS} requests each"
        )
        print(f"{'':6}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
        for name, (rates, latencies) in figures.items():
            print(
                f"{name:6}{statistics.median(rates):10.1f}{percentile(latencies, 0.5):10.1f}"
                f"{percentile(latencies, 0.99):10.1f}"
            )
        ratio = statistics.median(figures["ours"][0]) / statistics.median(figures["bare"][0])
        print(f"ours / bare throughput: {ratio:.2f} (target >= {TARGET})")
        return 0 if ratio >= TARGET else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if postgres:
            run_admin(base_url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
