"""Checks of the curated reference data shipped in ``partners/reference/``.

These tests need no database and do not import Django or the project: they
read the CSV files with the standard library and compare them with
``pycountry`` and with the UN Statistics Division's M49 file kept in the
shared data folder.
"""

import csv
import re
from pathlib import Path

import pycountry

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
ORGANIZATIONS_CSV = REFERENCE_DIR / "organizations.csv"
M49_CSV = REFERENCE_DIR / "m49.csv"

SHARED_DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"
UNSD_M49_CSV = SHARED_DATA_DIR / "un-m49" / "UNSD_M49_Methodology.csv"

ORGANIZATION_COLUMNS = [
    "acronym",
    "name_en",
    "name_ar",
    "category",
    "hq_country",
    "website",
    "former_names",
]
CATEGORIES = {
    "regional_arab",
    "regional_african",
    "regional_other",
    "un",
    "non_un_specialized",
    "trade_economic",
    "development_finance",
    "standards_industry",
}
MUST_HAVE_ACRONYMS = [
    "ITU",
    "UNESCO",
    "UNDP",
    "UNCTAD",
    "WIPO",
    "UPU",
    "ESCWA",
    "ECA",
    "WTO",
    "WBG",
    "AfDB",
    "IsDB",
    "LAS",
    "AICTO",
    "APPC",  # Arab Permanent Postal Commission (successor of the Arab Postal Union)
    "AU",
    "ATU",
    "COMESA",
    "OIC",
    "OECD",
    "ICANN",
    "IGF",
    "GSMA",
    "Smart Africa",
]
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
M49_CODE = re.compile(r"^\d{3}$")


def _organizations():
    with ORGANIZATIONS_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ORGANIZATION_COLUMNS
        return list(reader)


def _m49_rows():
    with M49_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["iso2", "region", "subregion", "intermediate_region"]
        return list(reader)


def _pycountry_alpha2():
    return {country.alpha_2 for country in pycountry.countries}


def test_it_gives_every_organization_an_acronym_and_names_in_both_languages():
    for row in _organizations():
        assert row["acronym"].strip(), row
        assert row["name_en"].strip(), row
        assert ARABIC_LETTER.search(row["name_ar"]), row


def test_it_uses_only_known_category_codes():
    for row in _organizations():
        assert row["category"] in CATEGORIES, row


def test_it_gives_a_real_country_code_or_none_as_headquarters():
    alpha2 = _pycountry_alpha2()
    for row in _organizations():
        assert row["hq_country"] == "" or row["hq_country"] in alpha2, row


def test_it_gives_every_organization_an_https_website():
    for row in _organizations():
        assert row["website"].startswith("https://"), row


def test_it_keeps_acronyms_unique_ignoring_case():
    acronyms = [row["acronym"].casefold() for row in _organizations()]
    duplicates = sorted({a for a in acronyms if acronyms.count(a) > 1})
    assert duplicates == []


def test_it_lists_at_least_sixty_organizations():
    assert len(_organizations()) >= 60


def test_it_lists_the_organizations_an_ict_ministry_deals_with():
    acronyms = {row["acronym"] for row in _organizations()}
    missing = [a for a in MUST_HAVE_ACRONYMS if a not in acronyms]
    assert missing == []


def test_it_puts_at_least_one_organization_in_every_category():
    used = {row["category"] for row in _organizations()}
    assert used == CATEGORIES


def test_it_writes_former_names_without_empty_parts():
    for row in _organizations():
        if row["former_names"]:
            assert all(part.strip() for part in row["former_names"].split("|")), row


def test_it_writes_m49_codes_as_three_digit_strings():
    for row in _m49_rows():
        for column in ("region", "subregion", "intermediate_region"):
            assert row[column] == "" or M49_CODE.match(row[column]), row


def test_it_has_one_m49_row_for_every_pycountry_code():
    codes = [row["iso2"] for row in _m49_rows()]
    assert len(codes) == len(set(codes))
    missing = sorted(_pycountry_alpha2() - set(codes))
    assert missing == []
    assert "NA" in codes  # Namibia, which careless readers turn into a missing value


def test_it_agrees_with_the_unsd_m49_standard():
    """Compare m49.csv with the UN Statistics Division, M49 standard.

    Source: UN Statistics Division, M49 standard ("Standard country or area
    codes for statistical use", 2024 download), kept at
    ``../shared/data/un-m49/UNSD_M49_Methodology.csv``. The file is UTF-8 with
    a byte-order mark and semicolon-separated; it is read with the csv module
    so that Namibia's ISO code "NA" stays a string. A missing file is a
    failure, not a skip.
    """
    assert UNSD_M49_CSV.is_file(), f"UNSD M49 file not found at {UNSD_M49_CSV}"
    with UNSD_M49_CSV.open(encoding="utf-8-sig", newline="") as handle:
        unsd = {
            row["ISO-alpha2 Code"]: (
                row["Region Code"],
                row["Sub-region Code"],
                row["Intermediate Region Code"],
            )
            for row in csv.DictReader(handle, delimiter=";")
            if row["ISO-alpha2 Code"]  # Sark has no ISO code
        }
    assert len(unsd) > 240
    assert "NA" in unsd

    ours = {
        row["iso2"]: (row["region"], row["subregion"], row["intermediate_region"])
        for row in _m49_rows()
    }
    differences = {
        code: {"ours": ours.get(code), "unsd": groups}
        for code, groups in unsd.items()
        if ours.get(code) != groups
    }
    assert differences == {}
