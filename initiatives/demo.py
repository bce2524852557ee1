"""Demo initiatives: twelve programmes, projects and partnerships across the five kinds (a
digital-skills programme with GIZ and the European Union, an Arabic-language AI research
partnership with the University of Tokyo, a data-centre investment by a Japanese company,
technical assistance from ITU and UNDP, a start-up bridge with Korea...), each carrying out
one or two of the agreements demo's agreements with a country among its partners, with
partners in roles, funding in USD, EUR, JPY, KRW and EGP (and the exchange rate of each
year used), and results on the sector's indicators: baselines, yearly targets, and actuals
for the periods already over.

Dates are set around today, so that the ongoing initiatives are under way whenever the demo
is loaded. The companies are fictional; the amounts, rates and results are illustrative,
not real figures. Actuals are drawn from a seeded random generator: reproducible.

`load_demo` writes through the services, so that each record has its change record, and is
idempotent (an initiative is looked up by its English title first). Synthetic initiatives
for benchmarks are in demo_scale."""

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement
from core import services as core_services
from core.choices import ChangeChannel, Classification
from core.models import AreaOfCooperation, OrgUnit
from initiatives import services
from initiatives.choices import FundingKind, InitiativeKind, InitiativeStatus, PartnerRole
from initiatives.models import (
    ExchangeRate,
    Funding,
    Indicator,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from initiatives.reference import load_indicators
from partners.choices import InstitutionType, PartnerKind
from partners.models import Partner

COMMAND = ChangeChannel.COMMAND
PUBLIC, INTERNAL = Classification.PUBLIC, Classification.INTERNAL
CONFIDENTIAL, SECRET = Classification.CONFIDENTIAL, Classification.SECRET
FUNDER, IMPLEMENTER = PartnerRole.FUNDER, PartnerRole.IMPLEMENTER
BENEFICIARY, PARTNER = PartnerRole.BENEFICIARY, PartnerRole.PARTNER
COMMITMENT, DISBURSEMENT = FundingKind.COMMITMENT, FundingKind.DISBURSEMENT

# US dollars for one unit of each currency, a yearly average (illustrative). Rates to the
# reporting currency are derived from these; a year after the last takes the last year's.
USD_PER_UNIT = {
    "USD": {year: Decimal(1) for year in range(2015, 2027)},
    "EUR": {
        2015: "1.110",
        2016: "1.107",
        2017: "1.130",
        2018: "1.181",
        2019: "1.120",
        2020: "1.142",
        2021: "1.183",
        2022: "1.053",
        2023: "1.081",
        2024: "1.082",
        2025: "1.130",
        2026: "1.160",
    },
    "JPY": {
        2015: "0.00826",
        2016: "0.00920",
        2017: "0.00891",
        2018: "0.00906",
        2019: "0.00917",
        2020: "0.00937",
        2021: "0.00911",
        2022: "0.00762",
        2023: "0.00712",
        2024: "0.00661",
        2025: "0.00668",
        2026: "0.00650",
    },
    "KRW": {
        2015: "0.000884",
        2016: "0.000862",
        2017: "0.000886",
        2018: "0.000909",
        2019: "0.000858",
        2020: "0.000849",
        2021: "0.000874",
        2022: "0.000775",
        2023: "0.000766",
        2024: "0.000733",
        2025: "0.000712",
        2026: "0.000690",
    },
    "EGP": {
        2015: "0.1290",
        2016: "0.0950",
        2017: "0.0560",
        2018: "0.0560",
        2019: "0.0598",
        2020: "0.0637",
        2021: "0.0637",
        2022: "0.0522",
        2023: "0.0325",
        2024: "0.0214",
        2025: "0.0199",
        2026: "0.0205",
    },
}
CURRENCIES = list(USD_PER_UNIT)

# The partners the initiatives name that the partners demo does not have: (country, English
# name, Arabic name, type); no country is the home country. The companies are fictional.
NEW_PARTNERS = [
    ("JP", "University of Tokyo", "جامعة طوكيو", InstitutionType.UNIVERSITY),
    (
        "JP",
        "Sakura Digital Infrastructure K.K.",
        "شركة ساكورا للبنية التحتية الرقمية",
        InstitutionType.COMPANY,
    ),
    ("SA", "Red Sea Subsea Networks", "شركة شبكات البحر الأحمر البحرية", InstitutionType.COMPANY),
    (
        None,
        "Nile Valley Cloud Services",
        "شركة وادي النيل للخدمات السحابية",
        InstitutionType.COMPANY,
    ),
]

# Partners are named by ISO code (a country), acronym (an organization) or English name (an
# institution).
MCIT = "Ministry of Communications and Information Technology"
NTRA = "National Telecom Regulatory Authority"
ITIDA = "Information Technology Industry Development Agency"
ITI = "Information Technology Institute"
NTI = "National Telecommunication Institute"
TIEC = "Technology Innovation and Entrepreneurship Center"
EUI = "Egypt University of Informatics"
EGYPT_POST = "Egypt Post"
GIZ = "Deutsche Gesellschaft für Internationale Zusammenarbeit"
MIC = "Ministry of Internal Affairs and Communications"
MSIT = "Ministry of Science and ICT"
MEITY = "Ministry of Electronics and Information Technology"
ANSSI = "National Cybersecurity Agency of France"
CST = "Communications, Space and Technology Commission"
ANRT = "National Telecommunications Regulatory Agency"
KENYA_CA = "Communications Authority of Kenya"
VTT = "VTT Technical Research Centre of Finland"
TOKYO = "University of Tokyo"
SAKURA = "Sakura Digital Infrastructure K.K."
RED_SEA = "Red Sea Subsea Networks"
NILE_CLOUD = "Nile Valley Cloud Services"

# Each initiative. Dates are (years from this year, month, day). Funding lines are (kind,
# source, amount, currency, date); results are (indicator, baseline, baseline year (from
# this year), source of the baseline, yearly targets from the first year: the last is
# repeated for longer initiatives).
DEMO = [
    {
        "title_en": "Digital Skills for Youth Programme",
        "title_ar": "برنامج المهارات الرقمية للشباب",
        "description_en": "Trains young graduates in Upper Egypt in software development, data "
        "analysis and digital freelancing, and places them with partner companies.",
        "description_ar": "يدرّب الخريجين الشباب في صعيد مصر على تطوير البرمجيات وتحليل البيانات "
        "والعمل الحر الرقمي، ويوفر لهم فرص عمل لدى الشركات الشريكة.",
        "kind": InitiativeKind.CAPACITY_BUILDING,
        "status": InitiativeStatus.ONGOING,
        "start": (-4, 3, 1),
        "end": (1, 12, 31),
        "classification": PUBLIC,
        "published": True,
        "desk": "european-desk",
        "areas": ["digital-skills", "digital-inclusion"],
        "agreements": ["EG-DE-2021-05"],
        "partners": [(GIZ, FUNDER), (GIZ, IMPLEMENTER), ("EU", FUNDER), (ITI, IMPLEMENTER)],
        "funding": [
            (COMMITMENT, "EU", "8000000", "EUR", (-4, 2, 15)),
            (COMMITMENT, GIZ, "4500000", "EUR", (-4, 2, 15)),
            (COMMITMENT, MCIT, "60000000", "EGP", (-4, 3, 1)),
            (DISBURSEMENT, "EU", "2000000", "EUR", (-4, 6, 30)),
            (DISBURSEMENT, "EU", "2400000", "EUR", (-3, 6, 30)),
            (DISBURSEMENT, GIZ, "1500000", "EUR", (-3, 9, 30)),
            (DISBURSEMENT, "EU", "2100000", "EUR", (-2, 6, 30)),
            (DISBURSEMENT, MCIT, "30000000", "EGP", (-2, 12, 31)),
            (DISBURSEMENT, GIZ, "1200000", "EUR", (-1, 9, 30)),
        ],
        "results": [
            ("people-trained", "0", -5, "Programme inception report", [2000, 4000, 5000]),
            (
                "youth-employed",
                "0",
                -5,
                "Programme inception report",
                [400, 1200, 1800, 2000],
            ),
        ],
    },
    {
        "title_en": "Arabic Language AI Research Partnership",
        "title_ar": "شراكة بحثية في الذكاء الاصطناعي للغة العربية",
        "description_en": "Joint research on Arabic language models and speech recognition, with "
        "researcher exchanges and an open Arabic speech corpus.",
        "description_ar": "بحوث مشتركة في النماذج اللغوية العربية والتعرف على الكلام، مع تبادل "
        "الباحثين وإتاحة مدونة صوتية عربية مفتوحة.",
        "kind": InitiativeKind.RESEARCH,
        "status": InitiativeStatus.ONGOING,
        "start": (-2, 4, 1),
        "end": (2, 3, 31),
        "classification": INTERNAL,
        "published": False,
        "desk": "asian-desk",
        "areas": ["artificial-intelligence"],
        "agreements": ["EG-JP-2019-01"],
        "partners": [(TOKYO, IMPLEMENTER), (EUI, IMPLEMENTER), (ITIDA, FUNDER), (MIC, FUNDER)],
        "funding": [
            (COMMITMENT, MIC, "300000000", "JPY", (-2, 3, 1)),
            (COMMITMENT, ITIDA, "40000000", "EGP", (-2, 3, 1)),
            (DISBURSEMENT, MIC, "90000000", "JPY", (-2, 10, 1)),
            (DISBURSEMENT, ITIDA, "15000000", "EGP", (-1, 4, 1)),
            (DISBURSEMENT, MIC, "100000000", "JPY", (-1, 10, 1)),
        ],
        "results": [
            ("knowledge-transfer", None, None, "", [6, 10]),
            ("people-trained", "0", -3, "Faculty records", [40, 60]),
        ],
    },
    {
        "title_en": "Green Data Centre Investment Project",
        "title_ar": "مشروع الاستثمار في مراكز البيانات الخضراء",
        "description_en": "A Japanese operator builds a 40 MW solar-powered data centre in the "
        "Suez Canal Economic Zone with a domestic cloud provider.",
        "description_ar": "تنشئ شركة يابانية مركز بيانات بقدرة 40 ميجاوات يعمل بالطاقة الشمسية في "
        "المنطقة الاقتصادية لقناة السويس بالشراكة مع مزود خدمات سحابية محلي.",
        "kind": InitiativeKind.INVESTMENT,
        "status": InitiativeStatus.ONGOING,
        "start": (-3, 7, 1),
        "end": (2, 6, 30),
        "classification": CONFIDENTIAL,
        "published": False,
        "desk": "asian-desk",
        "areas": ["data-centres-cloud"],
        "agreements": ["EG-JP-2019-01"],
        "partners": [(SAKURA, FUNDER), (NILE_CLOUD, PARTNER), (ITIDA, IMPLEMENTER)],
        "funding": [
            (COMMITMENT, SAKURA, "120000000", "USD", (-3, 6, 1)),
            (COMMITMENT, SAKURA, "2500000000", "JPY", (-3, 6, 1)),
            (DISBURSEMENT, SAKURA, "30000000", "USD", (-3, 12, 15)),
            (DISBURSEMENT, SAKURA, "45000000", "USD", (-2, 12, 15)),
            (DISBURSEMENT, SAKURA, "900000000", "JPY", (-1, 6, 15)),
        ],
        "results": [
            ("fdi-usd", "0", -4, "Investment agreement", [20000000, 40000000, 40000000]),
            ("jobs-created", "0", -4, "Investment agreement", [150, 300, 400, 300]),
        ],
    },
    {
        "title_en": "Technical Assistance in Spectrum Management",
        "title_ar": "المساعدة الفنية في إدارة الطيف الترددي",
        "description_en": "ITU experts help the regulators of Egypt and Morocco modernise "
        "spectrum monitoring and prepare the assignment of 5G bands.",
        "description_ar": "يساعد خبراء الاتحاد الدولي للاتصالات الجهات التنظيمية في مصر والمغرب "
        "على تحديث رصد الطيف والتحضير لتخصيص نطاقات الجيل الخامس.",
        "kind": InitiativeKind.TECHNICAL_ASSISTANCE,
        "status": InitiativeStatus.COMPLETED,
        "start": (-7, 1, 1),
        "end": (-4, 12, 31),
        "classification": PUBLIC,
        "published": True,
        "desk": "multilateral-desk",
        "areas": ["spectrum", "telecom-5g"],
        "agreements": ["EG-MA-2018-02"],
        "partners": [("ITU", IMPLEMENTER), (NTRA, BENEFICIARY), (ANRT, PARTNER)],
        "funding": [
            (COMMITMENT, "ITU", "1200000", "USD", (-7, 1, 15)),
            (COMMITMENT, NTRA, "9000000", "EGP", (-7, 1, 15)),
            (DISBURSEMENT, "ITU", "350000", "USD", (-7, 7, 1)),
            (DISBURSEMENT, "ITU", "300000", "USD", (-6, 7, 1)),
            (DISBURSEMENT, "ITU", "300000", "USD", (-5, 7, 1)),
            (DISBURSEMENT, "ITU", "250000", "USD", (-4, 7, 1)),
            (DISBURSEMENT, NTRA, "8000000", "EGP", (-5, 12, 31)),
        ],
        "results": [
            ("knowledge-transfer", "2", -8, "NTRA annual report", [8, 12, 12, 8]),
            ("people-trained", "0", -8, "NTRA annual report", [120, 200, 200, 150]),
        ],
    },
    {
        "title_en": "Digital Inclusion for Rural Communities",
        "title_ar": "الشمول الرقمي للمجتمعات الريفية",
        "description_en": "Post offices in rural governorates become digital service hubs; "
        "UNDP trains their staff and shares the model with Kenya.",
        "description_ar": "تتحول مكاتب البريد في المحافظات الريفية إلى مراكز للخدمات الرقمية، "
        "ويدرب برنامج الأمم المتحدة الإنمائي العاملين فيها وينقل التجربة إلى كينيا.",
        "kind": InitiativeKind.TECHNICAL_ASSISTANCE,
        "status": InitiativeStatus.ONGOING,
        "start": (-1, 1, 1),
        "end": (2, 12, 31),
        "classification": INTERNAL,
        "published": False,
        "desk": "multilateral-desk",
        "areas": ["digital-inclusion", "postal-services"],
        "agreements": ["EG-KE-2026-02"],
        "partners": [
            ("UNDP", FUNDER),
            ("UNDP", IMPLEMENTER),
            (EGYPT_POST, IMPLEMENTER),
            (MCIT, BENEFICIARY),
            (KENYA_CA, PARTNER),
        ],
        "funding": [
            (COMMITMENT, "UNDP", "3500000", "USD", (-1, 1, 10)),
            (COMMITMENT, MCIT, "45000000", "EGP", (-1, 1, 10)),
            (DISBURSEMENT, "UNDP", "900000", "USD", (-1, 4, 1)),
            (DISBURSEMENT, MCIT, "12000000", "EGP", (-1, 10, 1)),
        ],
        "results": [
            ("people-trained", "0", -2, "UNDP assessment", [3000, 6000, 6000, 5000]),
            ("knowledge-transfer", None, None, "", [4, 6, 6, 4]),
        ],
    },
    {
        "title_en": "Korea–Egypt Start-up Bridge",
        "title_ar": "جسر الشركات الناشئة المصري الكوري",
        "description_en": "Acceleration and market access in Korea for Egyptian start-ups in "
        "fintech, health tech and AI, run by TIEC with Korean incubators.",
        "description_ar": "برنامج لتسريع نمو الشركات الناشئة المصرية في مجالات التكنولوجيا المالية "
        "والصحية والذكاء الاصطناعي وفتح السوق الكورية أمامها، ينفذه مركز الإبداع التكنولوجي "
        "مع حاضنات كورية.",
        "kind": InitiativeKind.INNOVATION,
        "status": InitiativeStatus.PLANNED,
        "start": (1, 1, 1),
        "end": (3, 12, 31),
        "classification": INTERNAL,
        "published": False,
        "desk": "asian-desk",
        "areas": ["innovation"],
        "agreements": ["EG-KR-2025-03"],
        "partners": [(MSIT, FUNDER), (TIEC, IMPLEMENTER), ("KR", PARTNER)],
        "funding": [(COMMITMENT, MSIT, "4000000000", "KRW", (0, 10, 15))],
        "results": [
            ("startups-supported", None, None, "", [30, 40, 50]),
            ("jobs-created", None, None, "", [100, 200, 300]),
        ],
    },
    {
        "title_en": "Cybersecurity Incident Response Capacity Building",
        "title_ar": "بناء القدرات في الاستجابة لحوادث الأمن السيبراني",
        "description_en": "ANSSI trains the national CERT's analysts and helps set up sector "
        "response teams for telecoms and finance.",
        "description_ar": "تدرّب الوكالة الفرنسية محللي فريق الاستجابة الوطني لطوارئ الحاسب "
        "وتساعد على إنشاء فرق استجابة قطاعية للاتصالات والقطاع المالي.",
        "kind": InitiativeKind.CAPACITY_BUILDING,
        "status": InitiativeStatus.ONGOING,
        "start": (0, 1, 15),
        "end": (2, 12, 31),
        "classification": CONFIDENTIAL,
        "published": False,
        "desk": "european-desk",
        "areas": ["cybersecurity"],
        "agreements": ["EG-FR-2025-07"],
        "partners": [("FR", FUNDER), (ANSSI, IMPLEMENTER), (NTRA, BENEFICIARY)],
        "funding": [
            (COMMITMENT, "FR", "2000000", "EUR", (0, 1, 10)),
            (DISBURSEMENT, "FR", "600000", "EUR", (0, 6, 1)),
        ],
        "results": [
            ("people-trained", "35", -1, "CERT staffing records", [150, 200, 200]),
            ("knowledge-transfer", None, None, "", [4, 6, 6]),
        ],
    },
    {
        "title_en": "Red Sea Submarine Cable Landing Station",
        "title_ar": "محطة إنزال الكابل البحري في البحر الأحمر",
        "description_en": "A new cable landing station and terrestrial crossing linking a Saudi "
        "submarine system to Europe through Egypt.",
        "description_ar": "محطة جديدة لإنزال الكابلات البحرية وممر بري يربط نظامًا بحريًا سعوديًا "
        "بأوروبا عبر مصر.",
        "kind": InitiativeKind.INVESTMENT,
        "status": InitiativeStatus.PLANNED,
        "start": (1, 4, 1),
        "end": (4, 3, 31),
        "classification": SECRET,
        "published": False,
        "desk": "arab-desk",
        "areas": ["submarine-cables"],
        "agreements": ["EG-SA-2026-04"],
        "partners": [(RED_SEA, FUNDER), (CST, PARTNER), (NTRA, PARTNER)],
        "funding": [(COMMITMENT, RED_SEA, "85000000", "USD", (0, 11, 1))],
        "results": [
            ("fdi-usd", None, None, "", [10000000, 30000000, 30000000, 15000000]),
            ("jobs-created", None, None, "", [50, 120, 150, 80]),
        ],
    },
    {
        "title_en": "Electronics Design Skills Programme",
        "title_ar": "برنامج مهارات تصميم الإلكترونيات",
        "description_en": "Chip and embedded-systems design courses for engineers, with "
        "internships at Indian design houses.",
        "description_ar": "دورات في تصميم الرقائق والأنظمة المدمجة للمهندسين، مع تدريب عملي لدى "
        "شركات التصميم الهندية.",
        "kind": InitiativeKind.CAPACITY_BUILDING,
        "status": InitiativeStatus.PLANNED,
        "start": (1, 3, 1),
        "end": (3, 12, 31),
        "classification": CONFIDENTIAL,
        "published": False,
        "desk": "asian-desk",
        "areas": ["electronics", "digital-skills"],
        "agreements": ["EG-IN-2026-01"],
        "partners": [(MEITY, IMPLEMENTER), (ITIDA, BENEFICIARY), (NTI, IMPLEMENTER)],
        "funding": [
            (COMMITMENT, MEITY, "1500000", "USD", (0, 9, 1)),
            (COMMITMENT, ITIDA, "20000000", "EGP", (0, 9, 1)),
        ],
        "results": [("people-trained", None, None, "", [300, 500, 500])],
    },
    {
        "title_en": "ICT Training Programme for Africa",
        "title_ar": "برنامج التدريب في مجال الاتصالات وتكنولوجيا المعلومات لأفريقيا",
        "description_en": "Japan funds courses at the National Telecommunication Institute for "
        "engineers from African regulators and operators (triangular cooperation).",
        "description_ar": "تموّل اليابان دورات في المعهد القومي للاتصالات لمهندسي الجهات التنظيمية "
        "والمشغلين الأفارقة (تعاون ثلاثي).",
        "kind": InitiativeKind.CAPACITY_BUILDING,
        "status": InitiativeStatus.COMPLETED,
        "start": (-6, 4, 1),
        "end": (-2, 3, 31),
        "classification": PUBLIC,
        "published": True,
        "desk": "african-desk",
        "areas": ["digital-skills"],
        "agreements": ["EG-JP-2019-01", "EG-KE-2026-02"],
        "partners": [(MIC, FUNDER), (NTI, IMPLEMENTER), (KENYA_CA, BENEFICIARY)],
        "funding": [
            (COMMITMENT, MIC, "250000000", "JPY", (-6, 3, 1)),
            (COMMITMENT, NTI, "6000000", "EGP", (-6, 3, 1)),
            (DISBURSEMENT, MIC, "60000000", "JPY", (-6, 9, 1)),
            (DISBURSEMENT, MIC, "60000000", "JPY", (-5, 9, 1)),
            (DISBURSEMENT, MIC, "60000000", "JPY", (-4, 9, 1)),
            (DISBURSEMENT, MIC, "55000000", "JPY", (-3, 9, 1)),
            (DISBURSEMENT, NTI, "5500000", "EGP", (-3, 12, 31)),
        ],
        "results": [
            ("people-trained", "0", -7, "NTI records", [200, 300, 300, 300, 100]),
            ("knowledge-transfer", "0", -7, "NTI records", [5, 8, 8, 8, 2]),
        ],
    },
    {
        "title_en": "Digital Government Services Technical Assistance",
        "title_ar": "المساعدة الفنية لخدمات الحكومة الرقمية",
        "description_en": "Helps ministries redesign citizen services for the national digital "
        "platform; suspended pending a review of the second phase.",
        "description_ar": "يساعد الوزارات على إعادة تصميم خدمات المواطنين لمنصة مصر الرقمية؛ "
        "وهو معلّق إلى حين مراجعة المرحلة الثانية.",
        "kind": InitiativeKind.TECHNICAL_ASSISTANCE,
        "status": InitiativeStatus.SUSPENDED,
        "start": (-3, 9, 1),
        "end": (1, 8, 31),
        "classification": INTERNAL,
        "published": False,
        "desk": "european-desk",
        "areas": ["e-government", "digital-transformation"],
        "agreements": ["EG-DE-2021-05"],
        "partners": [("EU", FUNDER), (GIZ, IMPLEMENTER), (VTT, PARTNER), (MCIT, BENEFICIARY)],
        "funding": [
            (COMMITMENT, "EU", "5000000", "EUR", (-3, 8, 1)),
            (DISBURSEMENT, "EU", "1200000", "EUR", (-3, 12, 1)),
            (DISBURSEMENT, "EU", "1000000", "EUR", (-2, 12, 1)),
        ],
        "results": [
            ("knowledge-transfer", None, None, "", [6, 10, 10, 10, 4]),
            ("companies-supported", "0", -4, "Inception report", [5, 15, 20, 20, 10]),
        ],
    },
    {
        "title_en": "Smart Agriculture Innovation Challenge",
        "title_ar": "تحدي الابتكار في الزراعة الذكية",
        "description_en": "A challenge fund for start-ups in Egypt and Kenya building IoT and AI "
        "tools for smallholder farmers.",
        "description_ar": "صندوق تحدٍ للشركات الناشئة في مصر وكينيا التي تطور أدوات إنترنت الأشياء "
        "والذكاء الاصطناعي لصغار المزارعين.",
        "kind": InitiativeKind.INNOVATION,
        "status": InitiativeStatus.ONGOING,
        "start": (-1, 6, 1),
        "end": (1, 5, 31),
        "classification": PUBLIC,
        "published": False,
        "desk": "african-desk",
        "areas": ["innovation", "artificial-intelligence"],
        "agreements": ["EG-KE-2026-02"],
        "partners": [("AfDB", FUNDER), (TIEC, IMPLEMENTER), (KENYA_CA, PARTNER)],
        "funding": [
            (COMMITMENT, "AfDB", "2000000", "USD", (-1, 5, 1)),
            (DISBURSEMENT, "AfDB", "700000", "USD", (-1, 9, 1)),
            (DISBURSEMENT, "AfDB", "500000", "USD", (0, 3, 1)),
        ],
        "results": [
            ("startups-supported", "0", -2, "TIEC records", [20, 30, 20]),
            ("jobs-created", None, None, "", [40, 120, 100]),
        ],
    },
]


def _on(offset: tuple[int, int, int], today: date) -> date:
    years, month, day = offset
    return date(today.year + years, month, day)


def _rate(currency: str, year: int) -> Decimal | None:
    """Units of the reporting currency for one unit of `currency` in `year` (None if the
    reporting currency is not one the demo has rates for)."""
    reporting = settings.ACCORD_REPORTING_CURRENCY
    if reporting not in USD_PER_UNIT:
        return None

    def usd(code):
        table = USD_PER_UNIT[code]
        known = min(max(year, min(table)), max(table))
        return Decimal(table[known])

    return (usd(currency) / usd(reporting)).quantize(Decimal("0.00000001"), ROUND_HALF_UP)


def _periods(start: date, end: date | None, length: int) -> list[tuple[date, date]]:
    """Calendar years from `start` to `end` (the first and the last cut to the dates); with
    no end, `length` years."""
    last = end or date(start.year + length - 1, 12, 31)
    return [
        (max(start, date(year, 1, 1)), min(last, date(year, 12, 31)))
        for year in range(start.year, last.year + 1)
    ]


def _partners(home) -> dict:
    """The partners the demo names, by ISO code, acronym or English name."""
    found = {p.iso_alpha2: p for p in Partner.objects.filter(kind=PartnerKind.COUNTRY)}
    for organization in Partner.objects.filter(kind=PartnerKind.ORGANIZATION).exclude(acronym=""):
        found.setdefault(organization.acronym, organization)
    for code, name_en, name_ar, kind in NEW_PARTNERS:
        country = found.get(code) if code else home
        if (
            country
            and not Partner.objects.filter(kind=PartnerKind.INSTITUTION, name_en=name_en).exists()
        ):
            core_services.save(
                Partner(
                    kind=PartnerKind.INSTITUTION,
                    name_en=name_en,
                    name_ar=name_ar,
                    country=country,
                    institution_type=kind,
                    is_domestic=country == home,
                    classification=PUBLIC,
                ),
                None,
                channel=COMMAND,
            )
    names = {name for spec in DEMO for name, _role in spec["partners"]}
    names |= {source for spec in DEMO for _k, source, *_rest in spec["funding"] if source}
    for partner in Partner.objects.filter(kind=PartnerKind.INSTITUTION, name_en__in=names):
        found.setdefault(partner.name_en, partner)
    return found


def _ensure_rates(pairs: set[tuple[str, int]]) -> int:
    """Record the rate of each (currency, year) that has none yet; returns how many."""
    reporting = settings.ACCORD_REPORTING_CURRENCY
    created = 0
    for currency, year in sorted(pairs):
        if (
            currency == reporting
            or ExchangeRate.objects.filter(currency=currency, year=year).exists()
        ):
            continue
        rate = _rate(currency, year)
        if rate is not None:
            core_services.save(
                ExchangeRate(currency=currency, year=year, rate=rate), None, channel=COMMAND
            )
            created += 1
    return created


@transaction.atomic
def load_demo(home, seed: int = 2026) -> int:
    """Create the demo initiatives that are missing, with their partners, funding, the
    exchange rates that funding needs, and results. Returns how many initiatives were
    created."""
    if home is None:
        return 0
    load_indicators()
    today = timezone.localdate()
    indicators = {i.code: i for i in Indicator.objects.all()}
    desks = {u.code: u for u in OrgUnit.objects.all()}
    areas = {a.code: a for a in AreaOfCooperation.objects.all()}
    partners = _partners(home)
    convertible = _rate("USD", today.year) is not None
    created = 0
    for spec in DEMO:
        if Initiative.objects.filter(title_en=spec["title_en"]).exists():
            continue
        rng = random.Random(f"{seed}:{spec['title_en']}")
        taking_part = [
            (partners[name], role) for name, role in spec["partners"] if name in partners
        ]
        # The agreements it carries out: those with one of its partners (or their country)
        # among the parties.
        parties = {p.pk for p, _role in taking_part} | {
            p.country_id for p, _role in taking_part if p.country_id
        }
        parties.discard(home.pk)  # every demo agreement is the home country's
        agreements = list(
            Agreement.objects.filter(
                reference__in=spec["agreements"], parties__partner__in=parties
            ).distinct()
        )
        start = _on(spec["start"], today)
        end = _on(spec["end"], today) if spec["end"] else None
        initiative = Initiative(
            title_en=spec["title_en"],
            title_ar=spec["title_ar"],
            description_en=spec["description_en"],
            description_ar=spec["description_ar"],
            kind=spec["kind"],
            status=spec["status"],
            start_date=start,
            end_date=end,
            owner_unit=desks.get(spec["desk"]),
            classification=spec["classification"],
            published=spec["published"],
        )
        # Loaded by a command, not a user: published as the demo says (save_initiative
        # leaves publishing to managers).
        core_services.save(
            initiative,
            None,
            channel=COMMAND,
            m2m={
                "agreements": agreements,
                "areas": [areas[c] for c in spec["areas"] if c in areas],
            },
        )
        created += 1
        for partner, role in taking_part:
            services.save_part(
                InitiativePartner(initiative=initiative, partner=partner, role=role),
                None,
                channel=COMMAND,
            )
        lines = [
            (kind, partners.get(source), Decimal(amount), currency, _on(on, today))
            for kind, source, amount, currency, on in spec["funding"]
        ]
        reporting = settings.ACCORD_REPORTING_CURRENCY
        lines = [
            line
            for line in lines
            if (line[0] == COMMITMENT or line[4] <= today)  # money paid, not yet to be paid
            and (line[3] == reporting or convertible)
        ]
        _ensure_rates({(currency, on.year) for _k, _s, _a, currency, on in lines})
        for kind, source, amount, currency, on in lines:
            services.save_part(
                Funding(
                    initiative=initiative,
                    kind=kind,
                    source=source,
                    amount=amount,
                    currency=currency,
                    date=on,
                ),
                None,
                channel=COMMAND,
            )
        for code, baseline, baseline_year, baseline_source, targets in spec["results"]:
            if code not in indicators:
                continue
            result = services.save_part(
                Result(
                    initiative=initiative,
                    indicator=indicators[code],
                    baseline=None if baseline is None else Decimal(baseline),
                    baseline_year=None if baseline_year is None else today.year + baseline_year,
                    baseline_source=baseline_source,
                ),
                None,
                channel=COMMAND,
            )
            for number, (first, last) in enumerate(_periods(start, end, len(targets))):
                target = Decimal(targets[min(number, len(targets) - 1)])
                actual = None
                if last < today:  # only periods already over have an actual value
                    actual = (target * Decimal(rng.uniform(0.7, 1.15))).quantize(
                        Decimal(1), ROUND_HALF_UP
                    )
                services.save_part(
                    ResultPeriod(
                        result=result,
                        period_start=first,
                        period_end=last,
                        target=target,
                        actual=actual,
                        source=f"Annual progress report {last.year}" if actual is not None else "",
                    ),
                    None,
                    channel=COMMAND,
                )
    return created
