"""Rules of the partner registry that hold whichever way a record is saved."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import override

from core.text import normalize
from partners.choices import PartnerKind
from partners.models import Partner, Person, Position

pytestmark = pytest.mark.django_db


def country(iso="EG", name_en="Egypt", name_ar="مصر", **extra):
    return Partner.objects.create(
        kind=PartnerKind.COUNTRY, iso_alpha2=iso, name_en=name_en, name_ar=name_ar, **extra
    )


def organization(acronym="ITU", name_en="International Telecommunication Union", **extra):
    extra.setdefault("category", "un")
    return Partner.objects.create(
        kind=PartnerKind.ORGANIZATION, acronym=acronym, name_en=name_en, **extra
    )


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


class TestCountry:
    def test_it_needs_an_iso_code(self):
        errors = errors_of(Partner(kind=PartnerKind.COUNTRY, name_en="Atlantis"))
        assert errors["iso_alpha2"] == ["A country needs its two-letter ISO code."]

    def test_it_refuses_a_one_letter_iso_code(self):
        errors = errors_of(Partner(kind=PartnerKind.COUNTRY, name_en="Atlantis", iso_alpha2="A"))
        assert "iso_alpha2" in errors

    def test_it_is_held_by_the_database_too(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Partner.objects.create(kind=PartnerKind.COUNTRY, name_en="Atlantis", iso_alpha2="")

    def test_it_refuses_a_duplicate_iso_code_on_the_iso_field(self):
        country()
        errors = errors_of(
            Partner(kind=PartnerKind.COUNTRY, name_en="Egypt again", iso_alpha2="eg")
        )
        assert errors["iso_alpha2"] == ["A country with this ISO code already exists."]

    def test_it_allows_editing_a_country_without_tripping_on_its_own_code(self):
        egypt = country()
        egypt.name_en = "Arab Republic of Egypt"
        egypt.full_clean()

    def test_it_stores_iso_codes_in_capitals(self):
        atlantis = Partner(
            kind=PartnerKind.COUNTRY, name_en="Atlantis", iso_alpha2="at", iso_alpha3="atl"
        )
        atlantis.full_clean()
        assert (atlantis.iso_alpha2, atlantis.iso_alpha3) == ("AT", "ATL")

    def test_it_cannot_be_its_own_country(self):
        egypt = country()
        egypt.country = egypt
        assert "country" in errors_of(egypt)


class TestOrganization:
    def test_it_refuses_a_duplicate_acronym_ignoring_case(self):
        organization("ITU")
        errors = errors_of(
            Partner(
                kind=PartnerKind.ORGANIZATION, name_en="Another union", acronym="itu", category="un"
            )
        )
        assert errors["acronym"] == ["An organization with this acronym already exists."]

    def test_it_refuses_a_duplicate_acronym_in_the_database_too(self):
        organization("ITU")
        with pytest.raises(IntegrityError), transaction.atomic():
            organization("Itu", name_en="Another union")

    def test_it_lets_an_institution_share_an_organization_acronym(self):
        egypt = country()
        organization("ITI", name_en="International Trade Institute")
        institute = Partner(
            kind=PartnerKind.INSTITUTION,
            name_en="Information Technology Institute",
            acronym="ITI",
            institution_type="government",
            country=egypt,
        )
        institute.full_clean()

    def test_it_needs_a_category(self):
        errors = errors_of(
            Partner(kind=PartnerKind.ORGANIZATION, name_en="Some union", acronym="SU")
        )
        assert errors["category"] == ["Choose the category of the organization."]

    def test_it_keeps_the_category_for_organizations_only(self):
        errors = errors_of(
            Partner(kind=PartnerKind.COUNTRY, name_en="Atlantis", iso_alpha2="AT", category="un")
        )
        assert errors["category"] == ["Only organizations have a category."]


class TestInstitution:
    def test_it_needs_a_type_and_a_country(self):
        errors = errors_of(Partner(kind=PartnerKind.INSTITUTION, name_en="Some agency"))
        assert errors["institution_type"] == ["Choose the type of institution."]
        assert errors["country"] == ["Choose the country the institution is in."]

    def test_it_is_valid_with_a_type_and_a_country(self):
        agency = Partner(
            kind=PartnerKind.INSTITUTION,
            name_en="National Telecom Regulatory Authority",
            institution_type="government",
            country=country(),
        )
        agency.full_clean()

    def test_it_keeps_the_type_for_institutions_only(self):
        errors = errors_of(
            Partner(
                kind=PartnerKind.ORGANIZATION, name_en="U", category="un", institution_type="ngo"
            )
        )
        assert errors["institution_type"] == ["Only institutions have a type."]


class TestPosition:
    def make(self, start, end):
        japan = Partner.objects.filter(iso_alpha2="JP").first() or country("JP", "Japan")
        person = Person.objects.create(name_en="Kenji Sato")
        return Position(person=person, partner=japan, title_en="Ambassador", start=start, end=end)

    def test_it_cannot_end_before_it_starts(self):
        errors = errors_of(self.make(date(2024, 9, 1), date(2024, 8, 31)))
        assert errors[NON_FIELD_ERRORS] == ["A position cannot end before it starts."]

    def test_it_is_held_by_the_database_too(self):
        position = self.make(date(2024, 9, 1), date(2024, 8, 31))
        with pytest.raises(IntegrityError), transaction.atomic():
            position.save()

    @pytest.mark.parametrize(
        "start, end",
        [(date(2024, 9, 1), date(2024, 9, 1)), (date(2024, 9, 1), None), (None, date(2020, 1, 1))],
    )
    def test_it_accepts_a_same_day_open_or_undated_position(self, start, end):
        self.make(start, end).full_clean()

    def test_it_is_current_while_it_has_no_end(self):
        assert self.make(date(2024, 9, 1), None).is_current
        assert not self.make(date(2021, 9, 1), date(2024, 8, 31)).is_current


class TestBilingualNames:
    def test_it_gives_the_name_in_the_active_language(self):
        egypt = Partner(name_en="Egypt", name_ar="مصر")
        with override("ar"):
            assert egypt.name == "مصر"
        with override("en"):
            assert egypt.name == "Egypt"

    def test_it_falls_back_to_the_other_language(self):
        with override("ar"):
            assert Partner(name_en="Tsinghua University", name_ar="").name == "Tsinghua University"
        with override("en"):
            assert Partner(name_en="", name_ar="جامعة").name == "جامعة"

    def test_it_shows_the_acronym_next_to_the_name(self):
        itu = Partner(
            name_en="International Telecommunication Union",
            name_ar="الاتحاد الدولي للاتصالات",
            acronym="ITU",
        )
        with override("ar"):
            assert str(itu) == "الاتحاد الدولي للاتصالات (ITU)"

    def test_it_gives_people_and_titles_in_the_active_language(self):
        person = Person(name_en="Kenji Sato", name_ar="كينجي ساتو")
        position = Position(title_en="Ambassador", title_ar="")
        with override("ar"):
            assert person.name == "كينجي ساتو"
            assert position.title == "Ambassador"
        with override("en"):
            assert person.name == "Kenji Sato"


class TestSearchText:
    def test_it_is_normalized_so_that_arabic_variants_match(self):
        egypt = country(name_ar="مِصْر", former_names="Arab Republic of Egypt")
        egypt.refresh_from_db()
        for typed in ["مصر", "مــصر", "EGYPT", "arab republic", "eg"]:
            assert normalize(typed) in egypt.search_text, typed

    def test_it_finds_a_record_by_any_spelling_of_its_arabic_name(self):
        ministry = Partner.objects.create(
            kind=PartnerKind.INSTITUTION,
            name_en="Ministry of Communications",
            name_ar="وزارة الاتصالات",
            institution_type="government",
            country=country(),
        )
        found = Partner.objects.filter(search_text__contains=normalize("وزاره الإتصالات"))
        assert list(found) == [ministry]

    def test_it_is_refreshed_when_the_name_changes(self):
        egypt = country()
        egypt.name_en = "Misr"
        egypt.save()
        egypt.refresh_from_db()
        assert "misr" in egypt.search_text

    def test_it_is_kept_for_people_too(self):
        person = Person.objects.create(name_en="Faisal Al-Harbi", name_ar="فيصل الحربي")
        assert Person.objects.filter(search_text__contains=normalize("فَيْصَل")).get() == person
