"""A small council with recommendations walked through their life by the services, for the recommendation PDFs.

The people are fictional. Texts are in Russian, English and Uzbek (Latin, with Oʻ and Gʻ written with U+02BB).
"""

import dataclasses
import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from council.models import Body
from council.secretariat import secretariat_group
from recommendations import services
from recommendations.models import ConsensusRound, ImplementationReport, Position, Recommendation
from tests.factories import BodyFactory, MembershipFactory, MemberStateFactory, UserFactory

STATES = {
    "KZ": ("Казахстан", "Kazakhstan", "Qozogʻiston"),
    "KG": ("Кыргызстан", "Kyrgyzstan", "Qirgʻiziston"),
    "TJ": ("Таджикистан", "Tajikistan", "Tojikiston"),
    "TM": ("Туркменистан", "Turkmenistan", "Turkmaniston"),
    "UZ": ("Узбекистан", "Uzbekistan", "Oʻzbekiston"),
}
STATES_EN = [en for _ru, en, _uz in STATES.values()]
Status = Recommendation.Status


@dataclasses.dataclass
class Council:
    staff: object
    states: dict
    groups: dict  # code -> Body
    ec: Body
    members: dict  # body code -> {state code: person}


def council() -> Council:
    """Two working groups (a, b) and the executive committee, each with one member per state; a secretary."""
    states = {}
    for order, (code, (ru, en, uz)) in enumerate(STATES.items()):
        states[code] = MemberStateFactory(code=code, name_ru=ru, name_en=en, name_uz=uz, order=order)
    root = BodyFactory(kind=Body.Kind.COUNCIL, code="council", parent=None, name_ru="Совет", name_en="The council")
    names = {
        "a": ("Рабочая группа A: правовые вопросы", "Working group A: legal questions", "A ishchi guruhi: huquq"),
        "b": (
            "Рабочая группа B: психосоциальная помощь",
            "Working group B: psychosocial care",
            "B guruhi: gʻamxoʻrlik",
        ),
    }
    groups = {
        code: BodyFactory(code=code, parent=root, name_ru=ru, name_en=en, name_uz=uz, order=order + 1)
        for order, (code, (ru, en, uz)) in enumerate(names.items())
    }
    ec = BodyFactory(
        kind=Body.Kind.EXECUTIVE_COMMITTEE, code="ec", parent=root, name_ru="Исполнительный комитет",
        name_en="Executive Committee", name_uz="Ijroiya qoʻmita", order=0,
    )  # fmt: skip
    members = {}
    for body in [*groups.values(), ec]:
        members[body.code] = {}
        for code, state in states.items():
            person = UserFactory(full_name_latin=f"Fictional {body.code.upper()} Member {code}", country=state)
            MembershipFactory(person=person, body=body, represents_state=state, term_start=datetime.date(2024, 5, 14))
            members[body.code][code] = person
    staff = UserFactory(is_staff=True, full_name_latin="Fictional Secretary")
    staff.groups.add(secretariat_group())
    return Council(staff=staff, states=states, groups=groups, ec=ec, members=members)


def texts(n: int, *, title_en: str | None = None, uz: bool = True, extra: str = "") -> dict:
    """Texts of a recommendation in three languages (no digits in titles: tests read page numbers after them)."""
    words = ["первая", "вторая", "третья", "четвёртая", "пятая", "шестая", "седьмая", "восьмая", "девятая"]
    english = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    uzbek = ["birinchi", "ikkinchi", "uchinchi", "toʻrtinchi", "beshinchi", "oltinchi", "yettinchi", "sakkizinchi"]
    uzbek.append("toʻqqizinchi")
    word, uz_word = words[n % len(words)], uzbek[n % 9]
    result = {
        "title_ru": f"Рекомендация {word}: реинтеграция возвращённых семей",
        "title_en": title_en or f"Recommendation {english[n % 9]}",
        "text_ru": f"1. Обеспечить сопровождение возвращённых семей.\n2. Поддержать местные сообщества.{extra}",
        "text_en": f"1. Ensure that returned families are accompanied.\n2. Support local communities.{extra}",
    }
    if uz:
        result["title_uz"] = f"Oʻzbekiston tavsiyasi {uz_word}: qaytganlarni gʻamxoʻrlik bilan qoʻllash"
        result["text_uz"] = (
            f"1. Qaytgan oilalarga gʻamxoʻrlik koʻrsatish.\n2. Mahalla va jamoalarni qoʻllab-quvvatlash.{extra}"
        )
    return result


def meeting_round(
    c: Council, recommendation, body_code: str, *, stand_aside=None, objection=None, reason: str = ""
) -> ConsensusRound:
    """A round in a meeting: every member supports, except `stand_aside` or `objection` (state codes), with `reason`."""
    round_ = services.round_open(recommendation=recommendation, mode=ConsensusRound.Mode.MEETING, by=c.staff)
    for code, person in c.members[body_code].items():
        kind = {stand_aside: Position.Kind.STAND_ASIDE, objection: Position.Kind.OBJECTION}.get(code)
        services.position_record(
            round_=round_, person=person, kind=kind or Position.Kind.SUPPORT, reason=reason if kind else "", by=c.staff
        )
    return services.round_close(round_=round_, by=c.staff)


def recommendation(
    c: Council,
    group: str = "a",
    *,
    n: int = 0,
    to: str = Status.PUBLISHED,
    access: str = "public",
    states=("KZ", "UZ"),
    reports=(),
    texts_=None,
    versions=(),
    stand_aside=None,
    reason: str = "",
    replaces=None,
    narrative: str = "Отчёт о ходе работы. Oʻzbekistonda gʻamxoʻrlik markazlari ochildi.",
) -> Recommendation:
    """A recommendation of `group` walked to status `to` (draft … published) through the services.

    `versions` are (texts, reason) of later versions made in consultation; `reports` are (state, status, progress).
    """
    rec = services.recommendation_create(
        working_group=c.groups[group],
        texts=texts_ or texts(n),
        addressee_states=[c.states[code] for code in states],
        access=access,
        replaces=replaces,
        by=c.staff,
    )
    if to == Status.DRAFT:
        return rec
    services.recommendation_transition(recommendation=rec, to=Status.CONSULTATION, by=c.staff)
    for later, why in versions:
        services.version_create(recommendation=rec, texts=later, reason=why, by=c.staff)
    if to == Status.CONSULTATION:
        return rec
    meeting_round(c, rec, group, stand_aside=stand_aside, reason=reason)
    if to == Status.ADOPTED:
        return rec
    meeting_round(c, rec, "ec")
    if to == Status.ENDORSED:
        return rec
    services.recommendation_transition(recommendation=rec, to=Status.PUBLISHED, by=c.staff)
    for code, status, progress in reports:
        services.report_submit(
            recommendation=rec,
            state=c.states[code],
            period="2025-H1",
            status=status,
            progress=progress,
            narrative=narrative,
            evidence_links="https://example.org/evidence",
            by=c.staff,
        )
    rec.refresh_from_db()
    return rec


IN_PROGRESS = ImplementationReport.Status.IN_PROGRESS
IMPLEMENTED = ImplementationReport.Status.IMPLEMENTED


# A canary server: anything that reaches it is a leak. ----------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "image/png")
        self.end_headers()
        self.wfile.write(b'body::before { content: "LEAKED-FROM-SERVER" }')

    do_HEAD = do_POST = do_GET

    def log_message(self, format, *args):
        pass


class CanaryServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections, self.requests = [], []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def verify_request(self, request, client_address):
        self.connections.append(client_address)
        return True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
        self.thread.join(timeout=5)


def hostile(base: str, canary_file: str, where: str) -> str:
    """Text that tries every way to make the renderer fetch something, tagged with `where` it was typed."""
    return (
        f'{where} <img src="file:///etc/passwd"> <img src="{canary_file}">'
        f' <link rel=stylesheet href="{base}/{where}.css">'
        f" ![x]({base}/{where}.png)"
        f' <a rel="attachment" href="{base}/{where}.bin">attach</a>'
        f' <p style="background: url({base}/{where}-inline.png)">styled</p>'
        f' <style>@import url("{base}/{where}-import.css"); body {{ background: url({base}/{where}-bg.png) }}</style>'
    )
