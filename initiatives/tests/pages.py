"""What the tests of the initiative pages share: the URLs, helpers, and the fixtures of a
small world of partners, agreements and initiatives. A test module takes the fixtures by
assigning them to its own names (`world = shared.world`), as core.tests.browser's are."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import AreaOfCooperation, ChangeRecord, OrgUnit
from initiatives.tests import factories as make

LIST = reverse("initiatives:initiative_list")
CREATE = reverse("initiatives:initiative_create")
RATES = reverse("initiatives:rate_list")
RATE_CREATE = reverse("initiatives:rate_create")
IATI = reverse("initiatives:iati")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def titles(response) -> list[str]:
    return [i.title_en for i in response.context["object_list"]]


def text_of(response) -> str:
    """The page with its runs of white space as one space (a no-break space is kept)."""
    return re.sub(r"[ \t\n\r]+", " ", response.text)


def change_records(model=None, record=None, **filters):
    queryset = ChangeRecord.objects.filter(**filters)
    if model is not None:
        queryset = queryset.filter(content_type=ContentType.objects.get_for_model(model))
    if record is not None:
        queryset = queryset.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=str(record.pk),
        )
    return queryset


def arabic(client):
    client.post(reverse("core:set_language"), {"language": "ar"})
    return client


def url(name, *args):
    return reverse(f"initiatives:{name}", args=args)


@pytest.fixture
def world(db):
    """Partners, an agreement each side of the viewer's clearance, a desk and an area; four
    initiatives (one confidential, one public and published):
    - Skills: internal, capacity building, ongoing, 2022-2026; Japan funds it, JICA (a
      Japanese institution) implements it; it carries out the MoU; area AI; Cairo desk.
    - Research: public and published, research, planned, from 2025-03; France is a partner.
    - Cables: confidential, investment, completed, 2019-2021; JICA funds it.
    - Accelerator: internal, innovation, suspended, from 2023-06; Arabic title; Japan is
      both funder and partner."""
    japan = make.country("JP", "Japan", "142", "اليابان")
    france = make.country("FR", "France", "150", "فرنسا")
    jica = make.institution("Japan International Cooperation Agency", japan, "government")
    mou = make.agreement("Digital cooperation MoU")
    secret_mou = make.agreement("Undersea cable treaty", classification="confidential")
    desk = OrgUnit.objects.create(code="asian-desk", name_en="Asian desk", name_ar="إدارة آسيا")
    ai = AreaOfCooperation.objects.create(
        code="ai", name_en="Artificial intelligence", name_ar="الذكاء الاصطناعي"
    )
    skills = make.initiative(
        "Skills",
        partners=[(japan, "funder"), (jica, "implementer")],
        agreements=[mou, secret_mou],
        owner_unit=desk,
        description_en="Training young people in digital skills.",
        description_ar="تدريب الشباب على المهارات الرقمية.",
    )
    skills.areas.add(ai)
    research = make.initiative(
        "Research",
        start=date(2025, 3, 1),
        end=None,
        classification="public",
        partners=[(france, "partner")],
        kind="research",
        status="planned",
        published=True,
    )
    cables = make.initiative(
        "Cables",
        start=date(2019, 5, 1),
        end=date(2021, 12, 31),
        classification="confidential",
        partners=[(jica, "funder")],
        kind="investment",
        status="completed",
    )
    accelerator = make.initiative(
        "Accelerator",
        start=date(2023, 6, 1),
        end=None,
        partners=[(japan, "funder"), (japan, "partner")],
        kind="innovation",
        status="suspended",
        title_ar="مسرعة الشركات الناشئة",
    )
    return {
        "japan": japan,
        "france": france,
        "jica": jica,
        "mou": mou,
        "secret_mou": secret_mou,
        "desk": desk,
        "ai": ai,
        "Skills": skills,
        "Research": research,
        "Cables": cables,
        "Accelerator": accelerator,
    }


@pytest.fixture
def funded(world):
    """Skills: 1,000 USD and 2,000 EUR (at 1.1) committed, 500 USD disbursed, and a line
    in JPY for a year without a rate (left out of the totals)."""
    skills = world["Skills"]
    make.rate("EUR", 2023, "1.1")
    make.funding(skills, "1000", "USD")
    make.funding(skills, "2000", "EUR", source=world["japan"])
    make.funding(skills, "500", "USD", kind="disbursement", on=date(2024, 2, 1))
    make.funding(skills, "30000", "JPY", on=date(2024, 5, 1))
    return world


@pytest.fixture
def measured(funded, indicators):
    """Skills measures people trained (2022: 100 → 80; 2023: 120 → 130) and jobs created
    (no periods yet)."""
    skills = funded["Skills"]
    make.result(
        skills,
        indicators["people-trained"],
        [(2022, 100, 80), (2023, 120, 130)],
        baseline=Decimal(10),
        baseline_year=2021,
    )
    make.result(skills, indicators["jobs-created"])
    return funded
