"""How fast invitations go out through the outbox, compared with the same messages sent by a plain loop; and
how fast the outbox's other messages go (meeting reminders, consensus-round notices, set-password links).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/invitations.py

Creates a scratch database (bench_council) on DATABASE_URL's server and drops it at the end; starts an SMTP
server and a real Celery worker (prefork, concurrency 2) on a queue of its own. It times 1,000 invitations
from `invitations_send` until the SMTP server holds all 1,000. Then another process builds the same 1,000
messages with `emails.build_message` and sends them through smtplib on one connection: that is "raw". The
ratio ours / raw is printed against raw (build and send, target >= 1.0) and against raw's sending alone
(smtplib sending the pre-built messages, target >= 0.3). The exit status is 1 when either is missed.

With the same worker it then times BENCH_OTHERS (300) messages of each other kind, from the service call
that queues them until the SMTP server holds them all.
"""

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scratch import run_admin, with_database  # noqa: E402 - bench/ is the script's folder

BENCH_DATABASE = "bench_council"
COUNT = int(os.environ.get("BENCH_INVITATIONS", "1000"))
OTHERS = int(os.environ.get("BENCH_OTHERS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
TARGET_RAW = 1.0  # ours / raw building and sending each message
TARGET_WIRE = 0.3  # ours / smtplib sending the pre-built messages
# The worker runs under the production settings unless BENCH_WORKER_SETTINGS=test asks for the test ones.
WORKER_SETTINGS = {
    "production": {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
    },
    "test": {"DJANGO_SETTINGS_MODULE": "config.settings_test"},
}
WORKER_SETTINGS_NAME = os.environ.get("BENCH_WORKER_SETTINGS", "production")


def create_database(url: str) -> None:
    run_admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{BENCH_DATABASE}"')


def drop_database(url: str) -> None:
    run_admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


def make_meeting(count: int):
    import datetime

    from django.utils import timezone

    from meetings.models import AgendaItem, Invitation, Meeting

    starts = timezone.now() + datetime.timedelta(days=20)
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.WORKING_GROUP,
        title_ru="Заседание рабочей группы по реинтеграции",
        title_en="Working group session on reintegration",
        description_ru="Обсуждение проекта рекомендации и плана работы на год.",
        description_en="Discussion of the draft recommendation and the work plan for the year.",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        venue_city_ru="Ташкент",
        venue_city_en="Tashkent",
        venue_address="Amir Temur Avenue 107",
        status=Meeting.Status.SCHEDULED,
    )
    for order in range(1, 7):
        AgendaItem.objects.create(
            meeting=meeting, order=order, title_ru=f"Пункт повестки {order}", title_en=f"Agenda item {order}"
        )
    languages = ["ru", "en", "uz"]
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            email=f"invitee{n}@example.org",
            name=f"Invitee Number{n}",
            language=languages[n % 3],
            sequence=meeting.sequence,
        )
        for n in range(count)
    )
    return meeting


def other_kinds(meeting, count: int) -> list[tuple[str, int, object]]:
    """(label, how many messages, the call that queues them) for each other kind of outbox message."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from council import services as council_services
    from council.models import Body, MemberState
    from meetings import services
    from recommendations import services as recommendation_services
    from recommendations.models import ConsensusRound, Recommendation
    from tests.factories import BodyFactory, MembershipFactory, UserFactory

    state = MemberState.objects.first() or MemberState.objects.create(code="UZ", name_en="Uzbekistan")
    group = BodyFactory(kind=Body.Kind.WORKING_GROUP, code="bench", name_en="Bench working group")
    people = []
    for n in range(count):
        person = UserFactory(email=f"member{n}@example.org", preferred_language=["ru", "en", "uz"][n % 3])
        MembershipFactory(person=person, body=group, role="member", represents_state=state)
        people.append(person)
    recommendation = recommendation_services.recommendation_create(
        working_group=group, texts={"title_ru": "Доступ к образованию", "text_ru": "Обеспечить доступ."}, by=None
    )
    recommendation_services.recommendation_transition(
        recommendation=recommendation, to=Recommendation.Status.CONSULTATION, by=None
    )

    def reminders():
        services.reminders_queue_due(meeting=meeting, force_key="bench")

    def round_opened():
        recommendation_services.round_open(
            recommendation=recommendation,
            mode=ConsensusRound.Mode.SILENCE,
            deadline=timezone.now() + datetime.timedelta(days=14),
            by=None,
        )

    @transaction.atomic
    def set_password_links():
        for person in people:
            council_services.user_send_set_password_link(user=person, by=None)

    return [
        ("meeting reminders", meeting.invitations.count(), reminders),
        ("consensus round opened (silence procedure)", count, round_opened),
        ("set-password links", count, set_password_links),
    ]


def raw_send(host: str, port: int, meeting_id: int) -> dict:
    """In a process of its own: build every invitation's message, then send them all on one connection."""
    import smtplib

    import django

    django.setup()
    from meetings import emails
    from meetings.models import Invitation

    invitations = list(Invitation.objects.filter(meeting_id=meeting_id).select_related("meeting", "person"))
    started = time.perf_counter()
    batch = []
    for invitation in invitations:
        message = emails.build_message(
            invitation=invitation, kind=emails.Kind.INVITATION, message_id=f"<raw.{invitation.pk}@bench>"
        )
        # As Django's SMTP backend sends it.
        batch.append((message.from_email, message.recipients(), message.message().as_bytes(linesep="\r\n")))
    built = time.perf_counter()
    with smtplib.SMTP(host, port) as smtp:
        for sender, recipients, data in batch:
            smtp.sendmail(sender, recipients, data)
    sent = time.perf_counter()
    return {"build": built - started, "send": sent - built, "bytes": sum(len(b[2]) for b in batch)}


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url.startswith("redis"):
        sys.exit("Set DATABASE_URL (PostgreSQL; any database on the server) and REDIS_URL.")
    bench_url = with_database(database_url, BENCH_DATABASE)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ.pop("EMAIL_URL", None)

    from tests.meetings.reliability.harness import (
        SmtpServer,
        Worker,
        broker_url_beside,
        purge_queue,
        use_broker,
        wait_until,
        worker_env,
    )

    # The test suite empties REDIS_URL's database around every test; a run beside it must not lose its queue.
    broker_url = broker_url_beside(redis_url)
    create_database(database_url)
    smtp = SmtpServer()
    worker = None
    queue = f"bench-{uuid.uuid4().hex[:12]}"
    scratch = Path(tempfile.mkdtemp(prefix="bench-invitations-"))
    try:
        import django

        django.setup()
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection at INFO
        from django.core.management import call_command
        from django.db import connections

        from config.celery import app
        from meetings import services

        print(f"migrating {BENCH_DATABASE} ...", flush=True)
        call_command("migrate", verbosity=0)
        app.conf.task_always_eager = False
        app.conf.task_default_queue = queue
        use_broker(app, broker_url)
        smtp.start()
        meeting = make_meeting(COUNT)
        worker = Worker(
            queue=queue,
            env=worker_env(
                broker_url=broker_url,
                smtp_url=smtp.url,
                database_url=bench_url,
                queue=queue,
                **WORKER_SETTINGS[WORKER_SETTINGS_NAME],
            ),
            log_path=scratch / "worker.log",
            concurrency=CONCURRENCY,
        )
        worker.start()  # assigned first, so that `finally` stops a worker that never became ready

        started = time.perf_counter()
        services.invitations_send(meeting=meeting, by=None)
        wait_until(
            lambda: smtp.count >= COUNT,
            timeout=900,
            interval=0.01,
            what=lambda: f"{COUNT} messages, got {smtp.count}; worker log:\n{worker.log_tail()}",
        )
        ours_seconds = time.perf_counter() - started
        ours_ids = set(smtp.message_ids)
        assert len(ours_ids) == COUNT, f"{len(ours_ids)} distinct Message-IDs for {COUNT} invitations"

        others = []
        for label, expected, queue_them in other_kinds(meeting, OTHERS):
            before = smtp.count
            started = time.perf_counter()
            queue_them()
            wait_until(
                lambda: smtp.count >= before + expected,  # noqa: B023 - called in this iteration only
                timeout=900,
                interval=0.01,
                what=lambda: f"{expected} {label}; worker log:\n{worker.log_tail()}",  # noqa: B023
            )
            others.append((label, expected, time.perf_counter() - started))
        worker.stop()

        before = smtp.count
        sender = subprocess.run(
            [sys.executable, __file__, "--raw", smtp.host, str(smtp.port), str(meeting.pk)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if sender.returncode:
            raise RuntimeError(f"the raw sender failed:\n{sender.stderr}")
        raw_figures = json.loads(sender.stdout.strip().splitlines()[-1])
        wait_until(lambda: smtp.count >= before + COUNT, timeout=60, what="the raw messages at the server")
        connections.close_all()
    finally:
        if worker is not None:
            worker.stop()
        smtp.stop()
        purge_queue(broker_url, queue)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet; the database is dropped anyway
            pass
        drop_database(database_url)
        shutil.rmtree(scratch, ignore_errors=True)

    ours = COUNT / ours_seconds
    raw_seconds = raw_figures["build"] + raw_figures["send"]
    raw, wire = COUNT / raw_seconds, COUNT / raw_figures["send"]
    kib = raw_figures["bytes"] / COUNT / 1024
    print(
        f"{COUNT} invitations, {kib:.1f} KiB each on average; "
        f"worker: prefork, concurrency {CONCURRENCY}, {WORKER_SETTINGS_NAME} settings"
    )
    print(f"ours: invitations_send -> Redis -> Celery -> SMTP     {ours_seconds:7.2f} s  {ours:7.1f} /s")
    print(f"raw:  build_message + smtplib, one connection      {raw_seconds:7.2f} s  {raw:7.1f} /s")
    print(f"      of which building {raw_figures['build']:.2f} s, sending {raw_figures['send']:.2f} s ({wire:.1f} /s)")
    print(f"ratio ours / raw:              {ours / raw:.2f}  (target >= {TARGET_RAW})")
    print(f"ratio ours / raw sending only: {ours / wire:.2f}  (target >= {TARGET_WIRE})")
    print("the other outbox messages, from the service call until the SMTP server has them all:")
    for label, expected, seconds in others:
        print(f"  {label:<44} {expected:5d} in {seconds:6.2f} s  {expected / seconds:7.1f} /s")
    return 0 if ours / raw >= TARGET_RAW and ours / wire >= TARGET_WIRE else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--raw"]:
        print(json.dumps(raw_send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    else:
        sys.exit(main())
