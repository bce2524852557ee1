"""A realistic bilingual demo dataset for the partner registry.

The domestic bodies are the home country's (Egypt's by default: they are data, so another
home country simply gets none). Foreign institutions are real public bodies; the people are
fictional, so that the demo never misstates who holds a real post.
"""

import random
from datetime import date

from django.conf import settings
from django.db import transaction

from core import services
from core.choices import ChangeChannel, Classification
from core.models import Note
from partners.choices import InstitutionType, PartnerKind
from partners.models import Partner, Person, Position

DOMESTIC = {
    "EG": [
        (
            "MCIT",
            "Ministry of Communications and Information Technology",
            "وزارة الاتصالات وتكنولوجيا المعلومات",
            InstitutionType.GOVERNMENT,
        ),
        (
            "NTRA",
            "National Telecom Regulatory Authority",
            "الجهاز القومي لتنظيم الاتصالات",
            InstitutionType.GOVERNMENT,
        ),
        (
            "ITIDA",
            "Information Technology Industry Development Agency",
            "هيئة تنمية صناعة تكنولوجيا المعلومات",
            InstitutionType.GOVERNMENT,
        ),
        (
            "ITI",
            "Information Technology Institute",
            "معهد تكنولوجيا المعلومات",
            InstitutionType.GOVERNMENT,
        ),
        (
            "NTI",
            "National Telecommunication Institute",
            "المعهد القومي للاتصالات",
            InstitutionType.GOVERNMENT,
        ),
        ("", "Egypt Post", "البريد المصري", InstitutionType.GOVERNMENT),
        (
            "TIEC",
            "Technology Innovation and Entrepreneurship Center",
            "مركز الإبداع التكنولوجي وريادة الأعمال",
            InstitutionType.GOVERNMENT,
        ),
        (
            "EUI",
            "Egypt University of Informatics",
            "جامعة مصر للمعلوماتية",
            InstitutionType.UNIVERSITY,
        ),
    ]
}

FOREIGN = [
    (
        "JP",
        "",
        "Ministry of Internal Affairs and Communications",
        "وزارة الشؤون الداخلية والاتصالات",
        InstitutionType.GOVERNMENT,
    ),
    (
        "KR",
        "MSIT",
        "Ministry of Science and ICT",
        "وزارة العلوم وتكنولوجيا المعلومات والاتصالات",
        InstitutionType.GOVERNMENT,
    ),
    (
        "IN",
        "MeitY",
        "Ministry of Electronics and Information Technology",
        "وزارة الإلكترونيات وتكنولوجيا المعلومات",
        InstitutionType.GOVERNMENT,
    ),
    (
        "FR",
        "ANSSI",
        "National Cybersecurity Agency of France",
        "الوكالة الوطنية لأمن نظم المعلومات",
        InstitutionType.GOVERNMENT,
    ),
    (
        "SA",
        "CST",
        "Communications, Space and Technology Commission",
        "هيئة الاتصالات والفضاء والتقنية",
        InstitutionType.GOVERNMENT,
    ),
    (
        "AE",
        "TDRA",
        "Telecommunications and Digital Government Regulatory Authority",
        "هيئة تنظيم الاتصالات والحكومة الرقمية",
        InstitutionType.GOVERNMENT,
    ),
    (
        "DE",
        "GIZ",
        "Deutsche Gesellschaft für Internationale Zusammenarbeit",
        "الوكالة الألمانية للتعاون الدولي",
        InstitutionType.GOVERNMENT,
    ),
    ("CN", "", "Tsinghua University", "جامعة تسينغهوا", InstitutionType.UNIVERSITY),
    (
        "KE",
        "",
        "Communications Authority of Kenya",
        "هيئة الاتصالات في كينيا",
        InstitutionType.GOVERNMENT,
    ),
    (
        "MA",
        "ANRT",
        "National Telecommunications Regulatory Agency",
        "الوكالة الوطنية لتقنين المواصلات",
        InstitutionType.GOVERNMENT,
    ),
    (
        "FI",
        "",
        "VTT Technical Research Centre of Finland",
        "مركز البحوث التقنية في فنلندا",
        InstitutionType.RESEARCH,
    ),
    (
        "US",
        "",
        "Massachusetts Institute of Technology",
        "معهد ماساتشوستس للتكنولوجيا",
        InstitutionType.UNIVERSITY,
    ),
]

# Fictional people: English and Arabic names, nationality, the partner they serve (ISO code,
# acronym or name), English and Arabic titles, from, until.
PEOPLE = [
    (
        "Hiroshi Tanaka",
        "هيروشي تاناكا",
        "JP",
        "JP",
        "Ambassador of Japan in Cairo",
        "سفير اليابان في القاهرة",
        date(2021, 9, 1),
        date(2024, 8, 31),
    ),
    (
        "Kenji Sato",
        "كينجي ساتو",
        "JP",
        "JP",
        "Ambassador of Japan in Cairo",
        "سفير اليابان في القاهرة",
        date(2024, 9, 1),
        None,
    ),
    (
        "Min-jun Park",
        "مين جون بارك",
        "KR",
        "MSIT",
        "Director-General for International Cooperation",
        "المدير العام للتعاون الدولي",
        date(2022, 3, 1),
        None,
    ),
    (
        "Claire Dubois",
        "كلير دوبوا",
        "FR",
        "FR",
        "Counsellor for Digital Affairs, Embassy of France",
        "مستشارة الشؤون الرقمية بسفارة فرنسا",
        date(2023, 1, 15),
        None,
    ),
    (
        "Faisal Al-Harbi",
        "فيصل الحربي",
        "SA",
        "CST",
        "Deputy Governor for International Affairs",
        "وكيل المحافظ للشؤون الدولية",
        date(2020, 6, 1),
        None,
    ),
    (
        "Amina Wanjiru",
        "أمينة وانجيرو",
        "KE",
        "KE",
        "Ambassador of Kenya in Cairo",
        "سفيرة كينيا في القاهرة",
        date(2022, 11, 1),
        None,
    ),
    (
        "Laura Schmidt",
        "لاورا شميت",
        "DE",
        "GIZ",
        "Country Director, Egypt",
        "المديرة القطرية في مصر",
        date(2021, 2, 1),
        None,
    ),
    (
        "Youssef Benali",
        "يوسف بنعلي",
        "MA",
        "ANRT",
        "Head of International Relations",
        "رئيس العلاقات الدولية",
        date(2019, 5, 1),
        date(2023, 12, 31),
    ),
    (
        "Mona Abdelrahman",
        "منى عبد الرحمن",
        "EG",
        "ITU",
        "Regional Programme Officer",
        "مسؤولة برامج إقليمية",
        date(2018, 7, 1),
        None,
    ),
    (
        "Omar Khaled",
        "عمر خالد",
        "EG",
        "MCIT",
        "Head of the International Relations Sector",
        "رئيس قطاع العلاقات الدولية",
        date(2022, 1, 1),
        None,
    ),
    (
        "Sara Mahmoud",
        "سارة محمود",
        "EG",
        "MCIT",
        "Director, Multilateral Desk",
        "مديرة إدارة العلاقات متعددة الأطراف",
        date(2020, 10, 1),
        None,
    ),
    (
        "Karim Nabil",
        "كريم نبيل",
        "EG",
        "NTRA",
        "Vice President for International Affairs",
        "نائب الرئيس للشؤون الدولية",
        date(2021, 4, 1),
        None,
    ),
]


def _get_or_create(lookup: dict, values: dict, user) -> Partner:
    partner = Partner.objects.filter(**lookup).first()
    if partner is None:
        partner = services.save(Partner(**lookup, **values), user, channel=ChangeChannel.COMMAND)
    return partner


@transaction.atomic
def load_demo(user=None) -> dict:
    """Create the demo institutions, people and notes that are missing. Idempotent."""
    countries = {p.iso_alpha2: p for p in Partner.objects.filter(kind=PartnerKind.COUNTRY)}
    orgs = {p.acronym: p for p in Partner.objects.filter(kind=PartnerKind.ORGANIZATION)}
    home = countries.get(settings.ACCORD_HOME_COUNTRY)
    keys = dict(countries) | dict(orgs)
    created = {"institutions": 0, "people": 0}
    for acronym, name_en, name_ar, kind in DOMESTIC.get(settings.ACCORD_HOME_COUNTRY, []):
        before = Partner.objects.count()
        partner = _get_or_create(
            {"kind": PartnerKind.INSTITUTION, "name_en": name_en, "country": home},
            {
                "name_ar": name_ar,
                "acronym": acronym,
                "institution_type": kind,
                "is_domestic": True,
                "classification": Classification.PUBLIC,
            },
            user,
        )
        created["institutions"] += Partner.objects.count() - before
        keys[acronym or name_en] = partner
    for iso, acronym, name_en, name_ar, kind in FOREIGN:
        if iso not in countries:
            continue
        partner = _get_or_create(
            {"kind": PartnerKind.INSTITUTION, "name_en": name_en, "country": countries[iso]},
            {
                "name_ar": name_ar,
                "acronym": acronym,
                "institution_type": kind,
                "classification": Classification.PUBLIC,
            },
            user,
        )
        keys[acronym or name_en] = partner
    for name_en, name_ar, nationality, key, title_en, title_ar, start, end in PEOPLE:
        if Person.objects.filter(name_en=name_en).exists() or key not in keys:
            continue
        person = services.save(
            Person(name_en=name_en, name_ar=name_ar, nationality=countries.get(nationality)),
            user,
            channel=ChangeChannel.COMMAND,
        )
        services.save(
            Position(
                person=person,
                partner=keys[key],
                title_en=title_en,
                title_ar=title_ar,
                posted_in="Cairo" if key == nationality else "",
                start=start,
                end=end,
            ),
            user,
            channel=ChangeChannel.COMMAND,
        )
        created["people"] += 1
    japan = countries.get("JP")
    if japan and not Note.objects.filter(object_id=japan.pk).exists():
        from django.contrib.contenttypes.models import ContentType

        services.save(
            Note(
                content_type=ContentType.objects.get_for_model(Partner),
                object_id=japan.pk,
                text="The embassy asked for an update on the digital skills programme before "
                "the next joint committee session.",
                classification=Classification.INTERNAL,
            ),
            user,
            channel=ChangeChannel.COMMAND,
        )
    return created


def load_scale(scale: int, seed: int = 2026) -> dict:
    """Add synthetic institutions and people for benchmarks: `scale` x 100 institutions and
    `scale` x 200 people, bulk-inserted (no change records: this is load, not history).
    Reproducible from `seed`; running again adds only what is missing."""
    rng = random.Random(seed)
    countries = list(Partner.objects.filter(kind=PartnerKind.COUNTRY).order_by("iso_alpha2"))
    want_institutions, want_people = scale * 100, scale * 200
    have = Partner.objects.filter(name_en__startswith="Synthetic institution ").count()
    kinds = list(InstitutionType.values)
    levels = list(Classification.values)
    institutions = []
    for i in range(have, want_institutions):
        country = rng.choice(countries)
        partner = Partner(
            kind=PartnerKind.INSTITUTION,
            name_en=f"Synthetic institution {i:06d}",
            name_ar=f"مؤسسة تجريبية {i:06d}",
            country=country,
            institution_type=rng.choice(kinds),
            classification=rng.choice(levels),
        )
        partner.search_text = f"synthetic institution {i:06d} مؤسسه تجريبيه {i:06d}"
        institutions.append(partner)
    Partner.objects.bulk_create(institutions, batch_size=1000)
    have_people = Person.objects.filter(name_en__startswith="Synthetic person ").count()
    people = [
        Person(
            name_en=f"Synthetic person {i:06d}",
            name_ar=f"شخص تجريبي {i:06d}",
            nationality=rng.choice(countries),
            classification=rng.choice(levels),
            search_text=f"synthetic person {i:06d} شخص تجريبي {i:06d}",
        )
        for i in range(have_people, want_people)
    ]
    Person.objects.bulk_create(people, batch_size=1000)
    return {"institutions": len(institutions), "people": len(people)}
