"""Reference data of the initiatives app: the sector's own results indicators."""

from initiatives.choices import Direction, ResultType, Unit
from initiatives.models import Indicator

# (code, English, Arabic, unit, result level): what the sector's cooperation exists for:
# knowledge transferred, investment attracted, jobs for young people.
INDICATORS = [
    ("people-trained", "People trained", "عدد المتدربين", Unit.PEOPLE, ResultType.OUTPUT),
    ("jobs-created", "Jobs created", "فرص العمل المستحدثة", Unit.JOBS, ResultType.OUTCOME),
    (
        "youth-employed",
        "Young people employed",
        "الشباب الذين حصلوا على عمل",
        Unit.PEOPLE,
        ResultType.OUTCOME,
    ),
    (
        "fdi-usd",
        "Foreign direct investment attracted (USD)",
        "الاستثمار الأجنبي المباشر المستقطب (بالدولار الأمريكي)",
        Unit.USD,
        ResultType.IMPACT,
    ),
    (
        "companies-supported",
        "Companies supported",
        "الشركات التي تلقت الدعم",
        Unit.COMPANIES,
        ResultType.OUTPUT,
    ),
    (
        "startups-supported",
        "Start-ups supported",
        "الشركات الناشئة التي تلقت الدعم",
        Unit.COMPANIES,
        ResultType.OUTPUT,
    ),
    (
        "knowledge-transfer",
        "Knowledge-transfer activities held",
        "أنشطة نقل المعرفة المنعقدة",
        Unit.ACTIVITIES,
        ResultType.OUTPUT,
    ),
]


def load_indicators() -> int:
    """Create or refresh the catalogue; returns how many were created. Indicators the
    sector added itself are left alone."""
    created = 0
    for code, name_en, name_ar, unit, level in INDICATORS:
        _, was_created = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_ar": name_ar,
                "unit": unit,
                "direction": Direction.INCREASE,
                "result_type": level,
            },
        )
        created += was_created
    return created
