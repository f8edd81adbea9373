"""Demo data of the council, from the public facts in shared/seeds. Every person here is fictional."""

import datetime

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
        "government",
        "UZ",
        "Tashkent",
        ("Институт стратегических и межрегиональных исследований при Президенте Республики Узбекистан", "ИСМИ"),
        ("Institute for Strategic and Regional Studies under the President of the Republic of Uzbekistan", "ISRS"),
    ),
    (
        "UNOCT",
        "international",
        None,
        "New York",
        ("Контртеррористическое управление ООН", "КТУ ООН"),
        ("United Nations Office of Counter-Terrorism", "UNOCT"),
    ),
    (
        "UNRCCA",
        "international",
        None,
        "Ashgabat",
        ("Региональный центр ООН по превентивной дипломатии для Центральной Азии", "РЦПДЦА"),
        ("United Nations Regional Centre for Preventive Diplomacy for Central Asia", "UNRCCA"),
    ),
    (
        "OSCE",
        "regional",
        None,
        "Vienna",
        ("Организация по безопасности и сотрудничеству в Европе", "ОБСЕ"),
        ("Organization for Security and Co-operation in Europe", "OSCE"),
    ),
    (
        "RATS SCO",
        "regional",
        None,
        "Tashkent",
        ("Региональная антитеррористическая структура Шанхайской организации сотрудничества", "РАТС ШОС"),
        ("Regional Anti-Terrorist Structure of the Shanghai Cooperation Organisation", "RATS SCO"),
    ),
    (
        "GCERF",
        "donor",
        None,
        "Geneva",
        ("Фонд глобального взаимодействия и устойчивости", "GCERF"),
        ("Global Community Engagement and Resilience Fund", "GCERF"),
    ),
    (
        "IIJ",
        "international",
        None,
        "Valletta",
        ("Международный институт правосудия и верховенства права", "IIJ"),
        ("International Institute for Justice and the Rule of Law", "IIJ"),
    ),
    (
        "SFCG",
        "civil_society",
        None,
        "Washington",
        ("Search for Common Ground", ""),
        ("Search for Common Ground", ""),
    ),
    (
        "Bulan",
        "civil_society",
        "KG",
        "Bishkek",
        ("Институт «Bulan»", ""),
        ("Bulan Institute for Peace Innovations", ""),
    ),
    (
        "Atlantic Initiative",
        "civil_society",
        None,
        "Sarajevo",
        ("Atlantic Initiative (Босния и Герцеговина)", ""),
        ("Atlantic Initiative (Bosnia and Herzegovina)", ""),
    ),
    (
        "CICA",
        "regional",
        None,
        "Astana",
        ("Совещание по взаимодействию и мерам доверия в Азии", "СВМДА"),
        ("Conference on Interaction and Confidence Building Measures in Asia", "CICA"),
    ),
    (
        "CIS ATC",
        "regional",
        None,
        "Moscow",
        ("Антитеррористический центр государств — участников СНГ", "АТЦ СНГ"),
        ("Anti-Terrorism Centre of the CIS Member States", "CIS ATC"),
    ),
    (
        "UNODC",
        "international",
        None,
        "Vienna",
        ("Управление ООН по наркотикам и преступности", "УНП ООН"),
        ("United Nations Office on Drugs and Crime", "UNODC"),
    ),
    (
        "CTED",
        "international",
        None,
        "New York",
        ("Исполнительный директорат Контртеррористического комитета ООН", "ИДКТК"),
        ("United Nations Counter-Terrorism Committee Executive Directorate", "CTED"),
    ),
    (
        "ICRC",
        "international",
        None,
        "Geneva",
        ("Международный комитет Красного Креста", "МККК"),
        ("International Committee of the Red Cross", "ICRC"),
    ),
]

COUNCIL = {
    "code": "council",
    "kind": "council",
    "order": 0,
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
    "kind": "executive_committee",
    "order": 1,
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
    ("aigerim.saparova", "Айгерим Сапарова", "Aigerim Saparova", "KZ", "ru", "a", "chair"),
    ("yerzhan.turebayev", "Ержан Туребаев", "Yerzhan Turebayev", "KZ", "ru", "b", "member"),
    ("dinara.alimzhanova", "Динара Алимжанова", "Dinara Alimzhanova", "KZ", "en", "c", "member"),
    ("nurlan.kassymov", "Нурлан Касымов", "Nurlan Kassymov", "KZ", "ru", "d", "co_chair"),
    ("aiperi.osmonova", "Айпери Осмонова", "Aiperi Osmonova", "KG", "ru", "a", "member"),
    ("bakyt.zhumabekov", "Бакыт Жумабеков", "Bakyt Zhumabekov", "KG", "ru", "b", "chair"),
    ("cholpon.esenova", "Чолпон Эсенова", "Cholpon Esenova", "KG", "en", "c", "co_chair"),
    ("azamat.toktogulov", "Азамат Токтогулов", "Azamat Toktogulov", "KG", "ru", "d", "member"),
    ("farangis.nazarova", "Фарангис Назарова", "Farangis Nazarova", "TJ", "ru", "a", "co_chair"),
    ("rustam.davlatov", "Рустам Давлатов", "Rustam Davlatov", "TJ", "ru", "b", "member"),
    ("mehrona.saidova", "Мехрона Саидова", "Mehrona Saidova", "TJ", "ru", "c", "chair"),
    ("daler.sharipov", "Далер Шарипов", "Daler Sharipov", "TJ", "en", "d", "member"),
    ("ogulzhan.annayeva", "Огулджан Аннаева", "Ogulzhan Annayeva", "TM", "ru", "a", "member"),
    ("mergen.yazmuradov", "Мерген Язмурадов", "Mergen Yazmuradov", "TM", "ru", "b", "co_chair"),
    ("jeren.hallyyeva", "Джерен Халлыева", "Jeren Hallyyeva", "TM", "ru", "c", "member"),
    ("batyr.ovezov", "Батыр Овезов", "Batyr Ovezov", "TM", "ru", "d", "member"),
    ("dilnoza.yusupova", "Дилноза Юсупова", "Dilnoza Yusupova", "UZ", "uz", "a", "member"),
    ("sherzod.karimov", "Шерзод Каримов", "Sherzod Karimov", "UZ", "uz", "b", "member"),
    ("gulnora.rakhimova", "Гулнора Рахимова", "Gulnora Rakhimova", "UZ", "uz", "c", "member"),
    ("otabek.mirzaev", "Отабек Мирзаев", "Otabek Mirzaev", "UZ", "ru", "d", "chair"),
]

# The executive committee: one expert per state, the first of them chairing; each is the state's focal point.
EXECUTIVE_MEMBERS = [
    ("otabek.mirzaev", "chair"),
    ("aigerim.saparova", "member"),
    ("bakyt.zhumabekov", "member"),
    ("mehrona.saidova", "member"),
    ("mergen.yazmuradov", "member"),
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
