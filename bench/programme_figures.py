"""The roadmap page, the figures page and their API lists at two sizes: time per request and queries, side by side.

    .venv/bin/python bench/programme_figures.py

In-process (Django's test client, the test settings), on a scratch SQLite database made for the run (or on
DATABASE_URL's PostgreSQL server, in a scratch test database, when DATABASE_URL is set). For each size it builds one
adopted roadmap with BENCH_ACTIVITIES activities (small: a tenth of it), each with two partner organisations, two
states and a linked meeting, and one public indicator with values for the five member states over BENCH_YEARS
years (small: a tenth), approved; then asks each page and list BENCH_REQUESTS (30) times as a signed-in member and
as a partner key. Prints the median milliseconds and the queries of each, and the ratio large / small of both:
queries must not grow (ratio 1.0; the exit status is 1 otherwise), time may grow with the rows drawn.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "200"))
YEARS = int(os.environ.get("BENCH_YEARS", "40"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))


def build(*, activities: int, years: int, tag: str) -> dict:
    """One roadmap with `activities` activities and one indicator with `years` years of values per state."""
    from council.partners import services as partner_services
    from council.partners.scopes import Scope
    from figures import services as figure_services
    from meetings.models import Meeting
    from programme import services as programme_services
    from programme.models import Activity, Roadmap
    from tests.factories import MeetingFactory, MemberStateFactory, OrganisationFactory, UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    states = [MemberStateFactory() for _ in range(5)]
    organisations = [OrganisationFactory() for _ in range(4)]
    meeting = MeetingFactory(access="public", status=Meeting.Status.SCHEDULED)
    roadmap = programme_services.roadmap_create(
        roadmap=Roadmap(
            title=f"Roadmap {tag}",
            title_ru=f"Дорожная карта {tag}",
            title_en=f"Roadmap {tag}",
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            access="public",
        ),
        states=states,
        organisations=organisations[:2],
        by=staff,
    )
    roadmap = programme_services.roadmap_status_change(roadmap=roadmap, to="adopted", by=staff)
    for index in range(activities):
        start = datetime.date(2024, 1, 1) + datetime.timedelta(days=(index * 5) % 900)
        programme_services.activity_create(
            activity=Activity(
                roadmap=roadmap,
                title=f"Activity {index}",
                title_ru=f"Мероприятие {index}",
                title_en=f"Activity {index}",
                kind="training",
                lead=organisations[index % 2],
                planned_start=start,
                planned_end=start + datetime.timedelta(days=20),
            ),
            partners=organisations[2:],
            states=states[:2],
            meetings=[meeting],
            recommendations=(),
            by=staff,
        )
    indicator = figure_services.indicator_create(
        data={
            "code": f"bench-{tag}",
            "name_ru": "Показатель",
            "name_en": "Indicator",
            "name_uz": "Koʻrsatkich",
            "unit_ru": "человек",
            "unit_en": "persons",
            "is_headline": True,
        },
        by=staff,
    )
    for state in states:
        for year in range(1990, 1990 + years):
            value = figure_services.value_create(
                indicator=indicator,
                state=state,
                year_from=year,
                year_to=year,
                number=3 + (year % 50),
                source="Bench",
                source_date=datetime.date(2025, 1, 1),
                by=staff,
            )
            figure_services.value_approve(value=value, by=staff)
    _key, secret = partner_services.key_issue(
        organisation=organisations[0], name="bench", scopes=list(Scope.values), by=staff
    )
    member = UserFactory()
    return {"roadmap": roadmap, "indicator": indicator, "secret": secret, "member": member}


def measure(client, url: str, **headers) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **headers)  # warm
    timings = []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, **headers)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(timings), len(queries)


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = {}
        for label, activities, years in (
            ("small", max(ACTIVITIES // 10, 1), max(YEARS // 10, 1)),
            ("large", ACTIVITIES, YEARS),
        ):
            world = build(activities=activities, years=years, tag=label)
            member = Client()
            member.force_login(world["member"])
            key = {"HTTP_AUTHORIZATION": f"Api-Key {world['secret']}"}
            urls = {
                "roadmap page": (member, reverse("programme:detail", args=[world["roadmap"].pk]), {}),
                "figures page": (member, reverse("figures:index"), {}),
                "API activities": (Client(), reverse("api:activity-list") + "?page_size=50", key),
                "API figure values": (Client(), reverse("api:figure-value-list") + "?page_size=50", key),
            }
            results[label] = {name: measure(client, url, **h) for name, (client, url, h) in urls.items()}
            print(f"{label}: {activities} activities, {years * 5} figure values")
        print(f"{'':20} {'small ms':>9} {'large ms':>9} {'ratio':>6} {'queries':>8} {'large q':>8}")
        grew = False
        for name in results["small"]:
            (small_ms, small_q), (large_ms, large_q) = results["small"][name], results["large"][name]
            grew |= large_q > small_q
            print(f"{name:20} {small_ms:9.1f} {large_ms:9.1f} {large_ms / small_ms:6.2f} {small_q:8} {large_q:8}")
        print("queries constant as rows grow:", "no" if grew else "yes")
        return 1 if grew else 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
