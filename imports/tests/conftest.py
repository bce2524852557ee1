import pytest

from initiatives.tests.factories import country
from partners.models import Partner


@pytest.fixture
def partners(db):
    found = {
        "EG": country("EG", "Egypt", "002", "مصر"),
        "DE": country("DE", "Germany", "150", "ألمانيا"),
        "KR": country("KR", "Korea, Republic of", "142", "كوريا"),
    }
    for iso3, partner in zip(("EGY", "DEU", "KOR"), found.values(), strict=True):
        Partner.objects.filter(pk=partner.pk).update(iso_alpha3=iso3)
    return found
