"""Demo data of the council, from the public facts in shared/seeds. Every person here is fictional."""

import datetime

from council.models import Membership, Organisation

# Short names for the models' choices in the tables below.
Kind = Organisation.Kind
Role = Membership.Role

FOUNDED_ON = datetime.date(2024, 5, 14)

STATES = [
    # code, Russian, English, Uzbek (Latin)
    ("KZ", "Казахстан", "Kazakhstan", "Qozogʻiston"),
    ("KG", "Кыргызстан", "Kyrgyzstan", "Qirgʻiziston"),
    ("TJ", "Таджикистан", "Tajikistan", "Tojikiston"),
    ("TM", "Туркменистан", "Turkmenistan", "Turkmaniston"),
    ("UZ", "Узбекистан", "Uzbekistan", "Oʻzbekiston"),
]

ORGANISATIONS = [
    # key, kind, country, seat, (name ru, acronym ru), (name en, acronym en)
    (
        "ISRS",
        Kind.GOVERNMENT,
        "UZ",
        "Tashkent",
        ("Институт стратегических и межрегиональных исследований при Президенте Республики Узбекистан", "ИСМИ"),
        ("Institute for Strategic and Regional Studies under the President of the Republic of Uzbekistan", "ISRS"),
    ),
    (
        "UNOCT",
        Kind.INTERNATIONAL,
        None,
        "New York",
        ("Контртеррористическое управление ООН", "КТУ ООН"),
        ("United Nations Office of Counter-Terrorism", "UNOCT"),
    ),
    (
        "UNRCCA",
        Kind.INTERNATIONAL,
        None,
        "Ashgabat",
        ("Региональный центр ООН по превентивной дипломатии для Центральной Азии", "РЦПДЦА"),
        ("United Nations Regional Centre for Preventive Diplomacy for Central Asia", "UNRCCA"),
    ),
    (
        "OSCE",
        Kind.REGIONAL,
        None,
        "Vienna",
        ("Организация по безопасности и сотрудничеству в Европе", "ОБСЕ"),
        ("Organization for Security and Co-operation in Europe", "OSCE"),
    ),
    (
        "RATS SCO",
        Kind.REGIONAL,
        None,
        "Tashkent",
        ("Региональная антитеррористическая структура Шанхайской организации сотрудничества", "РАТС ШОС"),
        ("Regional Anti-Terrorist Structure of the Shanghai Cooperation Organisation", "RATS SCO"),
    ),
    (
        "GCERF",
        Kind.DONOR,
        None,
        "Geneva",
        ("Фонд глобального взаимодействия и устойчивости", "GCERF"),
        ("Global Community Engagement and Resilience Fund", "GCERF"),
    ),
    (
        "IIJ",
        Kind.INTERNATIONAL,
        None,
        "Valletta",
        ("Международный институт правосудия и верховенства права", "IIJ"),
        ("International Institute for Justice and the Rule of Law", "IIJ"),
    ),
    (
        "SFCG",
        Kind.CIVIL_SOCIETY,
        None,
        "Washington",
        ("Search for Common Ground", ""),
        ("Search for Common Ground", ""),
    ),
    (
        "Bulan",
        Kind.CIVIL_SOCIETY,
        "KG",
        "Bishkek",
        ("Институт «Bulan»", ""),
        ("Bulan Institute for Peace Innovations", ""),
    ),
    (
        "Atlantic Initiative",
        Kind.CIVIL_SOCIETY,
        None,
        "Sarajevo",
        ("Atlantic Initiative (Босния и Герцеговина)", ""),
        ("Atlantic Initiative (Bosnia and Herzegovina)", ""),
    ),
    (
        "CICA",
        Kind.REGIONAL,
        None,
        "Astana",
        ("Совещание по взаимодействию и мерам доверия в Азии", "СВМДА"),
        ("Conference on Interaction and Confidence Building Measures in Asia", "CICA"),
    ),
    (
        "CIS ATC",
        Kind.REGIONAL,
        None,
        "Moscow",
        ("Антитеррористический центр государств — участников СНГ", "АТЦ СНГ"),
        ("Anti-Terrorism Centre of the CIS Member States", "CIS ATC"),
    ),
    (
        "UNODC",
        Kind.INTERNATIONAL,
        None,
        "Vienna",
        ("Управление ООН по наркотикам и преступности", "УНП ООН"),
        ("United Nations Office on Drugs and Crime", "UNODC"),
    ),
    (
        "CTED",
        Kind.INTERNATIONAL,
        None,
        "New York",
        ("Исполнительный директорат Контртеррористического комитета ООН", "ИДКТК"),
        ("United Nations Counter-Terrorism Committee Executive Directorate", "CTED"),
    ),
    (
        "ICRC",
        Kind.INTERNATIONAL,
        None,
        "Geneva",
        ("Международный комитет Красного Креста", "МККК"),
        ("International Committee of the Red Cross", "ICRC"),
    ),
]

COUNCIL = {
    "code": "council",
    "name": (
        "Региональный экспертный совет в Центральной Азии по вопросам реабилитации и реинтеграции "
        "возвращенцев из зон вооруженных конфликтов",
        "Central Asia Regional Expert Council on the Rehabilitation and Reintegration of Returnees from Conflict Zones",
        "Qurolli mojarolar hududlaridan qaytganlarni reabilitatsiya qilish va reintegratsiya qilish "
        "boʻyicha Markaziy Osiyo mintaqaviy ekspert kengashi",
    ),
    "short_name": ("РЭС", "REC", "MEK"),
    "founded_place": ("Ташкент", "Tashkent", "Toshkent"),
    "mandate": (
        "Совет объединяет экспертов государственных органов и гражданского общества пяти государств "
        "Центральной Азии с ООН, ОБСЕ и другими партнёрами для обмена передовым опытом в области "
        "реабилитации и реинтеграции возвращенцев из зон конфликтов. Его структура состоит из "
        "Исполнительного комитета и четырёх рабочих групп, которые собираются на регулярной основе и "
        "вырабатывают рекомендации и предлагаемые решения на основе консенсуса.",
        "The council brings together government and civil-society experts of the five Central Asian "
        "states with the UN, the OSCE and other partners to share good practice in the rehabilitation "
        "and reintegration of returnees from conflict zones. It has an Executive Committee and four "
        "working groups that meet regularly and give recommendations and proposed solutions reached by "
        "consensus.",
        "Kengash Markaziy Osiyoning besh davlati davlat organlari va fuqarolik jamiyati ekspertlarini "
        "BMT, YXHT va boshqa hamkorlar bilan birlashtiradi. Uning tarkibi Ijroiya qoʻmita va toʻrtta "
        "ishchi guruhdan iborat boʻlib, ular konsensus asosida tavsiyalar ishlab chiqadi.",
    ),
}

EXECUTIVE_COMMITTEE = {
    "code": "ec",
    "name": ("Исполнительный комитет", "Executive Committee", "Ijroiya qoʻmita"),
    "short_name": ("ИК", "EC", "IQ"),
    "mandate": (
        "Исполнительный комитет направляет работу Совета между его заседаниями, одобряет рекомендации, "
        "принятые рабочими группами, и следит за их выполнением.",
        "The Executive Committee steers the council's work between its meetings, endorses the "
        "recommendations adopted by the working groups, and follows up their implementation.",
        "Ijroiya qoʻmita Kengash ishini yoʻnaltiradi va ishchi guruhlar qabul qilgan tavsiyalarni maʼqullaydi.",
    ),
}

WORKING_GROUPS = [
    {
        "code": "a",
        "name": (
            "Рабочая группа по подотчётности, правовым и судебным вопросам",
            "Working group on accountability, legal and judicial questions",
            "Javobgarlik, huquqiy va sud masalalari boʻyicha ishchi guruh",
        ),
        "mandate": (
            "Правовые основы реабилитации и реинтеграции, подотчётность, уголовное преследование и "
            "альтернативы ему, защита прав женщин и детей в судебных процедурах.",
            "Legal frameworks for rehabilitation and reintegration, accountability, prosecution and its "
            "alternatives, and the rights of women and children in judicial proceedings.",
            "Reabilitatsiya va reintegratsiyaning huquqiy asoslari, javobgarlik va sud jarayonlarida "
            "ayollar va bolalar huquqlari.",
        ),
    },
    {
        "code": "b",
        "name": (
            "Рабочая группа по психосоциальной поддержке, здравоохранению и образованию",
            "Working group on psychosocial support, health care and education",
            "Psixologik-ijtimoiy yordam, sogʻliqni saqlash va taʼlim boʻyicha ishchi guruh",
        ),
        "mandate": (
            "Психосоциальная помощь возвращённым женщинам и детям, доступ к здравоохранению, "
            "возвращение детей в школу и профессиональное обучение.",
            "Psychosocial care for returned women and children, access to health care, children's return "
            "to school, and vocational training.",
            "Qaytgan ayollar va bolalarga psixologik-ijtimoiy yordam, sogʻliqni saqlash va taʼlim.",
        ),
    },
    {
        "code": "c",
        "name": (
            "Рабочая группа по противодействию террористическим нарративам",
            "Working group on countering terrorist narratives",
            "Terrorchilik gʻoyalariga qarshi kurash boʻyicha ishchi guruh",
        ),
        "mandate": (
            "Альтернативные позитивные нарративы, медиаграмотность, роль религиозных деятелей и "
            "бывших возвращенцев в профилактике радикализации.",
            "Positive alternative narratives, media literacy, and the role of religious leaders and "
            "former returnees in preventing radicalisation.",
            "Muqobil ijobiy gʻoyalar, media savodxonlik va radikallashuvning oldini olish.",
        ),
    },
    {
        "code": "d",
        "name": (
            "Рабочая группа по гражданскому обществу, включая женские и молодёжные группы",
            "Working group on civil society, including women's and youth groups",
            "Fuqarolik jamiyati, jumladan xotin-qizlar va yoshlar guruhlari boʻyicha ishchi guruh",
        ),
        "mandate": (
            "Участие местных сообществ, махалли, женских и молодёжных организаций в реабилитации и "
            "реинтеграции; сотрудничество гражданского общества с государством и международными "
            "организациями.",
            "The part of local communities, the mahalla, women's and youth organisations in "
            "rehabilitation and reintegration; cooperation of civil society with governments and "
            "international organisations.",
            "Mahalla, xotin-qizlar va yoshlar tashkilotlarining reabilitatsiya va reintegratsiyadagi ishtiroki.",
        ),
    },
]

# Fictional experts: (email local part, Cyrillic name, Latin name, state, language, group, role in group).
EXPERTS = [
    ("aigerim.saparova", "Айгерим Сапарова", "Aigerim Saparova", "KZ", "ru", "a", Role.CHAIR),
    ("yerzhan.turebayev", "Ержан Туребаев", "Yerzhan Turebayev", "KZ", "ru", "b", Role.MEMBER),
    ("dinara.alimzhanova", "Динара Алимжанова", "Dinara Alimzhanova", "KZ", "en", "c", Role.MEMBER),
    ("nurlan.kassymov", "Нурлан Касымов", "Nurlan Kassymov", "KZ", "ru", "d", Role.CO_CHAIR),
    ("aiperi.osmonova", "Айпери Осмонова", "Aiperi Osmonova", "KG", "ru", "a", Role.MEMBER),
    ("bakyt.zhumabekov", "Бакыт Жумабеков", "Bakyt Zhumabekov", "KG", "ru", "b", Role.CHAIR),
    ("cholpon.esenova", "Чолпон Эсенова", "Cholpon Esenova", "KG", "en", "c", Role.CO_CHAIR),
    ("azamat.toktogulov", "Азамат Токтогулов", "Azamat Toktogulov", "KG", "ru", "d", Role.MEMBER),
    ("farangis.nazarova", "Фарангис Назарова", "Farangis Nazarova", "TJ", "ru", "a", Role.CO_CHAIR),
    ("rustam.davlatov", "Рустам Давлатов", "Rustam Davlatov", "TJ", "ru", "b", Role.MEMBER),
    ("mehrona.saidova", "Мехрона Саидова", "Mehrona Saidova", "TJ", "ru", "c", Role.CHAIR),
    ("daler.sharipov", "Далер Шарипов", "Daler Sharipov", "TJ", "en", "d", Role.MEMBER),
    ("ogulzhan.annayeva", "Огулджан Аннаева", "Ogulzhan Annayeva", "TM", "ru", "a", Role.MEMBER),
    ("mergen.yazmuradov", "Мерген Язмурадов", "Mergen Yazmuradov", "TM", "ru", "b", Role.CO_CHAIR),
    ("jeren.hallyyeva", "Джерен Халлыева", "Jeren Hallyyeva", "TM", "ru", "c", Role.MEMBER),
    ("batyr.ovezov", "Батыр Овезов", "Batyr Ovezov", "TM", "ru", "d", Role.MEMBER),
    ("dilnoza.yusupova", "Дилноза Юсупова", "Dilnoza Yusupova", "UZ", "uz", "a", Role.MEMBER),
    ("sherzod.karimov", "Шерзод Каримов", "Sherzod Karimov", "UZ", "uz", "b", Role.MEMBER),
    ("gulnora.rakhimova", "Гулнора Рахимова", "Gulnora Rakhimova", "UZ", "uz", "c", Role.MEMBER),
    ("otabek.mirzaev", "Отабек Мирзаев", "Otabek Mirzaev", "UZ", "ru", "d", Role.CHAIR),
]

# The demo member account of `make run` (fictional): an expert of Uzbekistan in groups A and B who reads Uzbek.
DEMO_MEMBER = ("Малика Демо", "Malika Demo")  # its address: settings.DEMO_MEMBER_EMAIL

# The executive committee: one expert per state, the first of them chairing; each is the state's focal point.
EXECUTIVE_MEMBERS = [
    ("otabek.mirzaev", Role.CHAIR),
    ("aigerim.saparova", Role.MEMBER),
    ("bakyt.zhumabekov", Role.MEMBER),
    ("mehrona.saidova", Role.MEMBER),
    ("mergen.yazmuradov", Role.MEMBER),
]

# Fictional staff of partner organisations, observers in the council and some groups.
OBSERVERS = [
    ("laura.bennett", "Лора Беннетт", "Laura Bennett", "UNOCT", "en", ["council", "ec", "a", "c"]),
    ("marco.ferri", "Марко Ферри", "Marco Ferri", "OSCE", "en", ["council", "d"]),
    ("anna.kowalczyk", "Анна Ковальчик", "Anna Kowalczyk", "UNRCCA", "ru", ["council", "ec", "b"]),
    ("sophie.martin", "Софи Мартен", "Sophie Martin", "GCERF", "en", ["council", "d"]),
]

# The council's secretary, at the ISRS (a fictional person).
SECRETARY = ("malika.tursunova", "Малика Турсунова", "Malika Tursunova", "ISRS", "ru")

EMAIL_DOMAIN = "demo.rec.example.org"
