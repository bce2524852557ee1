"""Partner names matched to the registry (imports.matching), on the real reference data
(load_reference: ISO 3166 countries with CLDR's Arabic names, the curated organizations)
and on two real registers:

- UNCTAD's International Investment Agreements Navigator (a 2025 scrape, converted from
  bkey15/dissertation's `bits_raw.rda`): ../shared/data/unctad-iia/;
- the Correlates of War IGO data v3 (Pevehouse, Nordstrom, McManus & Jamison, 2020), in the
  long form of the igoR package: ../shared/data/cow-igo/.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from core.tests.reference import loaded_reference
from imports.matching import (
    ALIASES,
    AMBIGUOUS,
    HISTORIC,
    MATCHED,
    UNKNOWN,
    Matcher,
    Row,
    key,
)
from multilateral import igo
from partners.models import Partner

DATA = Path(settings.BASE_DIR).parent / "shared/data"
UNCTAD_FILE = DATA / "unctad-iia/unctad_iia_navigator_scrape.csv"
COW_FILE = DATA / "cow-igo/cow_igo_v3_selected_memberships_long.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture(name="matcher", scope="module")
def matcher_fixture(django_db_setup, django_db_blocker):
    """The reference data, loaded once for the module (it takes seconds), and the matcher
    built from it; the registry is emptied afterwards for the next module."""
    with loaded_reference(django_db_blocker), django_db_blocker.unblock():
        yield Matcher.load()


def iso(matcher, match) -> str:
    """The ISO code (a country) or the acronym (an organization) of a matched partner."""
    assert match.status == MATCHED, (match.text, match.status, match.candidates, match.reason)
    row = matcher.partners[match.partner]
    return row.iso_alpha2 or row.acronym


def codes(matcher, candidates) -> set[str]:
    rows = [matcher.partners[c["id"]] for c in candidates]
    return {row.iso_alpha2 or row.acronym for row in rows}


def unctad_parties(matcher) -> tuple[list[list[str]], Counter]:
    with open(UNCTAD_FILE, encoding="utf-8", newline="") as handle:
        rows = [matcher.split(row["parties"]) for row in csv.DictReader(handle)]
    return rows, Counter(name for parties in rows for name in parties)


class TestCodesAndNames:
    @pytest.mark.parametrize(
        ("text", "how"), [("EG", "iso2"), ("eg", "iso2"), ("EGY", "iso3"), ("egy", "iso3")]
    )
    def test_it_matches_iso_codes_in_any_case(self, matcher, text, how):
        match = matcher.match(text)
        assert (iso(matcher, match), match.how) == ("EG", how)

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Côte d'Ivoire", "CI"),  # CLDR writes "Côte d’Ivoire"
            ("COTE D IVOIRE", "CI"),
            ("Bosnia and Herzegovina", "BA"),  # CLDR: "Bosnia & Herzegovina"
            ("St Vincent and the Grenadines", "VC"),
            ("  Viet   Nam ", "VN"),
            ("Vietnam", "VN"),
            ("Guinea-Bissau", "GW"),
            ("Guinea Bissau", "GW"),
            ("Holy See", "VA"),  # ISO: "Holy See (Vatican City State)"
            ("State of Palestine", "PS"),  # ISO: "Palestine, State of"
        ],
    )
    def test_it_matches_names_whatever_their_punctuation_case_and_accents(
        self, matcher, text, code
    ):
        assert iso(matcher, matcher.match(text)) == code

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("مصر", "EG"),
            ("مِصْر", "EG"),
            ("مــصر", "EG"),
            ("الإمارات العربية المتحدة", "AE"),
            ("الامارات العربيه المتحده", "AE"),
            ("المملكة العربية السعودية", "SA"),
            ("المملكه العربيه السعوديه", "SA"),
            ("كوريا الجنوبية", "KR"),
        ],
    )
    def test_it_matches_arabic_names_in_their_spelling_variants(self, matcher, text, code):
        match = matcher.match(text)
        assert (iso(matcher, match), match.how) == (code, "arabic name")

    def test_it_matches_iso_names_kept_as_other_names(self, matcher):
        match = matcher.match("Korea, Republic of")
        assert (iso(matcher, match), match.how) == ("KR", "former name")
        assert iso(matcher, matcher.match("Republic of Korea")) == "KR"  # its other order
        assert iso(matcher, matcher.match("Czech Republic")) == "CZ"

    def test_it_reads_congo_and_guinea_alone_as_their_iso_short_names(self, matcher):
        # ISO 3166 and the UN call the Republic of the Congo "Congo"; the other Congo is
        # always qualified. UNCTAD's file writes them so.
        assert iso(matcher, matcher.match("Congo")) == "CG"
        assert iso(matcher, matcher.match("Congo, Democratic Republic of the")) == "CD"
        assert iso(matcher, matcher.match("Guinea")) == "GN"
        assert iso(matcher, matcher.match("Equatorial Guinea")) == "GQ"


class TestAliases:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Zaire", "CD"),
            ("Swaziland", "SZ"),
            ("Korea, Republic of", "KR"),
            ("Republic of Korea", "KR"),
            ("Korea, Democratic People's Republic of", "KP"),
            ("Korea, Dem. People's Rep. of", "KP"),
            ("Libyan Arab Jamahiriya", "LY"),
            ("European Community", "EU"),
            ("European Communities", "EU"),
            ("Hong Kong, China SAR", "HK"),
            ("Macao, China SAR", "MO"),
            ("Taiwan Province of China", "TW"),
            ("Burma", "MM"),
            ("Czech Republic", "CZ"),
            ("Turkey", "TR"),
            ("Dahomey", "BJ"),  # pycountry's withdrawn code DY, a renamed state
            ("East Timor", "TL"),
            ("Zaire, Republic of", "CD"),
        ],
    )
    def test_it_matches_old_and_un_style_names(self, matcher, text, code):
        assert iso(matcher, matcher.match(text)) == code

    @pytest.mark.parametrize(("text", "code"), sorted(ALIASES.items()))
    def test_it_matches_every_alias_of_its_table(self, matcher, text, code):
        match = matcher.match(text)
        assert (iso(matcher, match), match.how) == (code, "alias")

    def test_no_alias_is_a_name_the_reference_data_already_gives(self, matcher):
        rows = Partner.objects.values_list(*Row._fields)
        plain = Matcher(list(rows), aliases={})
        known = {text for text in ALIASES if plain.match(text).status != UNKNOWN}
        assert known == set()


class TestHistoricStates:
    @pytest.mark.parametrize(
        ("text", "successors"),
        [
            ("USSR", ["RU"]),
            ("Soviet Union", ["RU"]),
            ("الاتحاد السوفيتي", ["RU"]),
            ("Czechoslovakia", ["CZ", "SK"]),
            ("Yugoslavia", ["RS", "BA", "HR", "ME", "MK", "SI"]),
            ("Yugoslavia (former)", ["RS", "BA", "HR", "ME", "MK", "SI"]),
            ("Serbia and Montenegro", ["RS", "ME"]),
            ("German Democratic Republic", ["DE"]),
            ("East Germany", ["DE"]),
            ("South Yemen", ["YE"]),
            ("SUN", ["RU"]),  # withdrawn ISO codes
            ("YUG", ["RS", "BA", "HR", "ME", "MK", "SI"]),
            ("DDR", ["DE"]),
            ("Sikkim", ["IN"]),  # pycountry's historic countries
        ],
    )
    def test_it_reports_a_state_that_no_longer_exists_with_its_successors(
        self, matcher, text, successors
    ):
        match = matcher.match(text)
        assert (match.status, match.partner, match.how) == (UNKNOWN, None, HISTORIC)
        assert match.reason
        found = [matcher.partners[s["id"]].iso_alpha2 for s in match.suggestions]
        assert found == successors

    def test_it_keeps_current_codes_that_were_once_another_states(self, matcher):
        assert iso(matcher, matcher.match("SK")) == "SK"  # Slovakia, once Sikkim's code
        assert iso(matcher, matcher.match("West Germany")) == "DE"  # the same state

    def test_it_gives_a_group_of_states_as_suggestions_never_as_a_match(self, matcher):
        match = matcher.match("BLEU (Belgium-Luxembourg Economic Union)")
        assert (match.status, match.partner) == (UNKNOWN, None)
        assert "Belgium" in match.reason
        assert codes(matcher, match.suggestions) == {"BE", "LU"}


class TestOrganizations:
    @pytest.mark.parametrize(
        ("text", "acronym", "how"),
        [
            ("ITU", "ITU", "acronym"),
            ("itu", "ITU", "acronym"),
            ("UN-Habitat", "UN-Habitat", "acronym"),
            ("un habitat", "UN-Habitat", "acronym"),
            ("ISDB", "IsDB", "acronym"),
            ("International Telecommunication Union", "ITU", "name"),
            ("International Telegraph Union", "ITU", "former name"),
            ("الاتحاد الدولي للاتصالات", "ITU", "arabic name"),
            ("Arab League", "LAS", "former name"),
            ("EU (European Union)", "EU", "acronym"),
            ("UMA (Arab Maghreb Union)", "AMU", "former name"),
        ],
    )
    def test_it_matches_organizations_by_acronym_name_and_former_name(
        self, matcher, text, acronym, how
    ):
        match = matcher.match(text)
        assert (iso(matcher, match), match.how) == (acronym, how)

    def test_it_names_the_organization_with_its_acronym_and_seat(self, matcher):
        match = matcher.match("itu")
        assert match.candidates == [
            {
                "id": match.partner,
                "name": "International Telecommunication Union (ITU), Switzerland",
                "kind": "organization",
                "how": "acronym",
            }
        ]


class TestAmbiguityAndKind:
    def test_it_never_guesses_between_two_partners(self, matcher):
        match = matcher.match("AU")  # Australia's ISO code, the African Union's acronym
        assert (match.status, match.partner) == (AMBIGUOUS, None)
        assert {(c["name"], c["kind"], c["how"]) for c in match.candidates} == {
            ("Australia", "country", "iso2"),
            ("African Union (AU), Ethiopia", "organization", "acronym"),
        }
        korea = matcher.match("Korea")
        assert korea.status == AMBIGUOUS
        assert codes(matcher, korea.candidates) == {"KR", "KP"}

    def test_a_name_read_only_in_part_is_for_a_person_to_confirm(self, matcher):
        # "AU" alone is ambiguous, its expansion is not: the two sides agree on one partner.
        assert iso(matcher, matcher.match("AU (African Union)")) == "AU"
        east = matcher.match("Germany (East)")  # "East" is no name: not Germany, unasked
        assert (east.status, codes(matcher, east.candidates)) == (AMBIGUOUS, {"DE"})
        islands = matcher.match("Channel Islands (Guernsey, Jersey)")
        assert (islands.status, codes(matcher, islands.candidates)) == (AMBIGUOUS, {"GG", "JE"})

    def test_it_reports_an_unknown_name(self, matcher):
        for text in ("Atlantis", "", "EFTA (European Free Trade Association)"):
            match = matcher.match(text)
            assert (match.status, match.partner, match.candidates) == (UNKNOWN, None, [])

    def test_a_kind_keeps_a_column_to_its_partners(self, matcher):
        assert iso(matcher, matcher.match("AU", kind="country")) == "AU"
        assert matcher.partners[matcher.match("AU", kind="organization").partner].acronym == "AU"
        itu = matcher.match("ITU", kind="country")
        assert (itu.status, itu.reason) == (
            UNKNOWN,
            "“ITU” names a partner of another kind: organization, not country",
        )
        assert matcher.match("Egypt", kind="organization").status == UNKNOWN

    def test_a_matcher_for_one_kind_knows_only_that_kind(self, matcher):
        countries = Matcher.load(kind="country")
        assert countries.match("ITU").status == UNKNOWN
        assert countries.match("AU").status == MATCHED

    def test_it_tells_institutions_with_one_acronym_apart_by_their_country(self, matcher):
        egypt = Partner.objects.get(kind="country", iso_alpha2="EG")
        jordan = Partner.objects.get(kind="country", iso_alpha2="JO")
        for country, name in [
            (egypt, "National Telecom Regulatory Authority"),
            (jordan, "Telecommunications Regulatory Commission"),
        ]:
            Partner.objects.create(
                kind="institution",
                institution_type="government",
                name_en=name,
                acronym="NTRA",
                country=country,
            )
        match = Matcher.load().match("ntra")
        assert match.status == AMBIGUOUS
        assert sorted(c["name"] for c in match.candidates) == [
            "National Telecom Regulatory Authority (NTRA), Egypt",
            "Telecommunications Regulatory Commission (NTRA), Jordan",
        ]
        only = Matcher.load().match("National Telecom Regulatory Authority", kind="institution")
        assert only.status == MATCHED


class TestSplit:
    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("Egypt, Jordan", ["Egypt", "Jordan"]),
            (
                "EFTA (European Free Trade Association), Ukraine",
                ["EFTA (European Free Trade Association)", "Ukraine"],
            ),
            (
                "Korea, Republic of, Hong Kong, China SAR",
                ["Korea, Republic of", "Hong Kong, China SAR"],
            ),
            (
                "Congo, Democratic Republic of the, Congo, Tanzania, United Republic of",
                ["Congo, Democratic Republic of the", "Congo", "Tanzania, United Republic of"],
            ),
            (
                "ACP (African, Caribbean and Pacific Group of States), EU (European Union)",
                ["ACP (African, Caribbean and Pacific Group of States)", "EU (European Union)"],
            ),
            ("Austria, Hungary", ["Austria", "Hungary"]),  # not Austria-Hungary
            ("Korea, Atlantis", ["Korea", "Atlantis"]),
            ("Egypt; Jordan\nIraq", ["Egypt", "Jordan", "Iraq"]),
            ("مصر، الأردن", ["مصر", "الأردن"]),
            ("", []),
            (" , Egypt,, ", ["Egypt"]),
        ],
    )
    def test_it_splits_a_list_of_names_that_hold_commas(self, matcher, text, names):
        assert matcher.split(text) == names


def test_building_the_matcher_runs_one_query(matcher, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        built = Matcher.load()
    assert len(built.partners) == Partner.objects.count()


def test_the_key_folds_what_registers_vary_in():
    assert key("Côte d’Ivoire") == key("COTE D'IVOIRE") == "cotedivoire"
    assert key("St. Lucia") == key("Saint Lucia")
    assert key("Trinidad & Tobago") == key("Trinidad and Tobago")
    assert key("الإمارات العربية المتحدة") == key("الامارات العربيه المتحده")


# The real registers ------------------------------------------------------------------------

# Parties of UNCTAD's file that are not one country, and what the registry makes of them.
UNCTAD_ORGANIZATIONS = {
    "ASEAN (Association of South-East Asian Nations)": "ASEAN",
    "AU (African Union)": "AU",
    "COMESA (Common Market for Eastern and Southern Africa)": "COMESA",
    "EAC (East African Community)": "EAC",
    "ECOWAS (Economic Community of West African States)": "ECOWAS",
    "EU (European Union)": "EU",
    "European Union": "EU",
    "GCC (Gulf Cooperation Council)": "GCC",
    "League of Arab States": "LAS",
    "SADC (Southern African Development Community)": "SADC",
    "UMA (Arab Maghreb Union)": "AMU",
}
# Regional bodies, groups and treaty memberships the registry does not hold.
UNCTAD_NOT_IN_REGISTRY = {
    "ACP (African, Caribbean and Pacific Group of States)",
    "ANCOM (Andean Community)",
    "BIMSTEC (Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation)",
    "BLEU (Belgium-Luxembourg Economic Union)",  # a group: suggests Belgium and Luxembourg
    "CACM (Central American Common Market)",
    "CARICOM (Caribbean Community)",
    "CEFTA (Central European Free Trade Agreement)",
    "CEMAC (Economic and Monetary Community of Central Africa)",
    "CEPGL (Economic Community of the Great Lakes Countries)",
    "ECCAS (Economic Community of Central African States)",
    "ECO (Economic Cooperation Organization)",
    "EFTA (European Free Trade Association)",
    "Energy Charter Treaty members",
    "Eurasian Economic Union",
    "LAIA (Latin American Integration Association)",
    "MERCOSUR (Mercado Común Sudamericano)",
    "OCT (Overseas Countries and Territories)",
    "OIC Investment Agreement members",
    "SACU (Southern African Customs Union)",
    "SAFTA (South Asian Free Trade Area Accord)",
    "SPARTECA (South Pacific Regional Trade and Economic Cooperation Agreement)",
    "WAEMU (West African Economic and Monetary Union)",
}
# Names of a country no longer there, or of two territories at once.
UNCTAD_HISTORIC = {"Yugoslavia (former)"}
UNCTAD_TWO_TERRITORIES = {"Channel Islands (Guernsey, Jersey)"}  # the Jersey-UAE BIT


class TestUnctadRegister:
    def test_it_splits_every_row_into_its_parties(self, matcher):
        rows, names = unctad_parties(matcher)
        assert (len(rows), sum(len(parties) for parties in rows), len(names)) == (3925, 7955, 232)
        assert Counter(len(parties) for parties in rows)[2] == 3841
        # What the commas inside names would have broken, kept whole.
        for name, count in [
            ("Korea, Republic of", 134),
            ("Iran, Islamic Republic of", 75),
            ("Hong Kong, China SAR", 33),
            ("Congo, Democratic Republic of the", 20),
            ("Congo", 18),
            ("EFTA (European Free Trade Association)", 34),
        ]:
            assert names[name] == count
        pieces = {"Republic of", "China SAR", "Democratic Republic of the", "Jersey)"}
        assert not pieces & set(names)
        assert all(name.count("(") == name.count(")") for name in names)

    def test_every_party_that_names_a_country_matches_it(self, matcher):
        _, names = unctad_parties(matcher)
        not_countries = (
            set(UNCTAD_ORGANIZATIONS)
            | UNCTAD_NOT_IN_REGISTRY
            | UNCTAD_HISTORIC
            | UNCTAD_TWO_TERRITORIES
        )
        countries = {}
        for name in set(names) - not_countries:
            match = matcher.match(name, kind="country")
            assert match.status == MATCHED, (name, match.status, match.candidates)
            countries[name] = iso(matcher, match)
            cow = igo.iso_for(name)  # an independent reading, where it has one
            assert cow is None or cow == countries[name], name
        assert (len(countries), len(set(countries.values()))) == (197, 197)
        assert sum(names[name] for name in countries) == 7629
        for name, code in {
            "Korea, Republic of": "KR",
            "Korea, Dem. People's Rep. of": "KP",
            "Congo": "CG",
            "Congo, Democratic Republic of the": "CD",
            "Hong Kong, China SAR": "HK",
            "Macao, China SAR": "MO",
            "Taiwan Province of China": "TW",
            "State of Palestine": "PS",
            "Türkiye": "TR",
            "Eswatini": "SZ",
            "Micronesia, Federated States of": "FM",
        }.items():
            assert countries[name] == code

    def test_regional_bodies_match_the_organizations_the_registry_holds(self, matcher):
        rows, names = unctad_parties(matcher)
        matched = {}
        for name in set(UNCTAD_ORGANIZATIONS) | UNCTAD_NOT_IN_REGISTRY:
            assert name in names
            match = matcher.match(name)
            if match.status == MATCHED:
                assert matcher.partners[match.partner].kind == "organization"
                matched[name] = matcher.partners[match.partner].acronym
        assert matched == UNCTAD_ORGANIZATIONS
        assert len(set(matched.values())) == 10
        for name in UNCTAD_NOT_IN_REGISTRY:
            assert matcher.match(name).status == UNKNOWN, name
        bodies = set(UNCTAD_ORGANIZATIONS) | UNCTAD_NOT_IN_REGISTRY
        # The README's 45 rows: a regional treaty, whose one party is the regional body.
        alone = [parties[0] for parties in rows if len(parties) == 1]
        assert len(alone) == 45 and set(alone) <= bodies
        assert sum(1 for name in alone if name in UNCTAD_ORGANIZATIONS) == 22
        # Rows where a body is one of several parties (BLEU's BITs are 101 of them).
        with_a_body = [parties for parties in rows if len(parties) > 1 and bodies & set(parties)]
        assert len(with_a_body) == 265
        assert sum(1 for parties in with_a_body if set(UNCTAD_ORGANIZATIONS) & set(parties)) == 107

    def test_it_reports_every_party_it_cannot_match(self, matcher):
        _, names = unctad_parties(matcher)
        unmatched = {}
        for name in sorted(names):
            match = matcher.match(name)
            if match.status != MATCHED:
                unmatched[name] = match
                print(f"{names[name]:4} × {name}: {match.status}. {match.reason}")
        assert set(unmatched) == UNCTAD_NOT_IN_REGISTRY | UNCTAD_HISTORIC | UNCTAD_TWO_TERRITORIES
        assert Counter(m.status for m in unmatched.values()) == {UNKNOWN: 23, AMBIGUOUS: 1}
        assert sum(names[name] for name in unmatched) == 195
        yugoslavia = unmatched["Yugoslavia (former)"]
        assert (yugoslavia.how, yugoslavia.suggestions[0]["name"]) == (HISTORIC, "Serbia")


class TestCowRegister:
    def test_every_cow_state_with_an_iso_code_matches_that_country(self, matcher):
        with open(COW_FILE, encoding="utf-8", newline="") as handle:
            states = {row["state"].strip() for row in csv.DictReader(handle)}
        states -= igo.MARKERS
        matched, unknown = {}, {}
        for state in states:
            match = matcher.match(state, kind="country")
            if match.status == MATCHED:
                matched[state] = iso(matcher, match)
                assert matched[state] == igo.iso_for(state), state
            else:
                unknown[state] = match
        assert (len(states), len(matched), len(set(matched.values()))) == (202, 196, 194)
        # Both Germanys and both Yemens of COW fold into one country each, as igo does.
        assert set(unknown) == set(igo.HISTORIC)
        assert all(m.status == UNKNOWN and m.how == HISTORIC for m in unknown.values())
        assert codes(matcher, unknown["czechoslovakia"].suggestions) == {"CZ", "SK"}
