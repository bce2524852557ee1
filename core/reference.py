"""Reference data of the core app: the areas of cooperation and the sector's desks."""

from core.choices import OrgUnitKind
from core.models import AreaOfCooperation, OrgUnit

# The ICT fields a ministry's international cooperation works in.
AREAS = [
    ("digital-transformation", "Digital transformation", "التحول الرقمي"),
    ("artificial-intelligence", "Artificial intelligence", "الذكاء الاصطناعي"),
    ("cybersecurity", "Cybersecurity", "الأمن السيبراني"),
    ("data-centres-cloud", "Data centres and cloud", "مراكز البيانات والحوسبة السحابية"),
    ("telecom-5g", "Telecom infrastructure and 5G", "البنية التحتية للاتصالات والجيل الخامس"),
    ("submarine-cables", "Submarine cables", "الكابلات البحرية"),
    ("spectrum", "Spectrum", "الطيف الترددي"),
    ("postal-services", "Postal services", "الخدمات البريدية"),
    ("digital-skills", "Capacity building and digital skills", "بناء القدرات والمهارات الرقمية"),
    ("innovation", "Innovation and entrepreneurship", "الابتكار وريادة الأعمال"),
    ("outsourcing", "IT outsourcing and offshoring", "التعهيد وخدمات تكنولوجيا المعلومات عن بُعد"),
    ("e-government", "E-government", "الحكومة الإلكترونية"),
    ("digital-inclusion", "Digital inclusion", "الشمول الرقمي"),
    ("electronics", "Electronics design and manufacturing", "تصميم وتصنيع الإلكترونيات"),
]

# The sector and its desks.
ORG_UNITS = [
    ("ir-sector", "International Relations Sector", "قطاع العلاقات الدولية", OrgUnitKind.SECTOR),
    ("arab-desk", "Arab Desk", "إدارة الدول العربية", OrgUnitKind.DESK),
    ("african-desk", "African Desk", "إدارة الدول الأفريقية", OrgUnitKind.DESK),
    ("european-desk", "European Desk", "إدارة الدول الأوروبية", OrgUnitKind.DESK),
    ("asian-desk", "Asian Desk", "إدارة الدول الآسيوية", OrgUnitKind.DESK),
    ("americas-desk", "Americas Desk", "إدارة دول الأمريكتين", OrgUnitKind.DESK),
    ("multilateral-desk", "Multilateral Desk", "إدارة العلاقات متعددة الأطراف", OrgUnitKind.DESK),
]


def load_areas() -> int:
    """Create or refresh the areas; returns how many were created."""
    created = 0
    for code, name_en, name_ar in AREAS:
        _, was_created = AreaOfCooperation.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_ar": name_ar}
        )
        created += was_created
    return created


def load_org_units() -> int:
    created = 0
    sector = None
    for code, name_en, name_ar, kind in ORG_UNITS:
        unit, was_created = OrgUnit.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_ar": name_ar,
                "kind": kind,
                "parent": sector if kind != OrgUnitKind.SECTOR else None,
            },
        )
        if kind == OrgUnitKind.SECTOR:
            sector = unit
        created += was_created
    return created
