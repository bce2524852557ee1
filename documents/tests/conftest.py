"""Fixtures of the documents tests: a private storage folder and host records."""

from pathlib import Path

import pytest

from partners.models import Partner


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """Every test stores files in its own empty MEDIA_ROOT (and leaves nothing behind)."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def partner(db):
    """The host record: an internal partner institution."""
    egypt = Partner.objects.create(
        kind="country", iso_alpha2="EG", name_en="Egypt", name_ar="مصر", classification="public"
    )
    return Partner.objects.create(
        kind="institution",
        acronym="NTRA",
        name_en="National Telecom Regulatory Authority",
        name_ar="الجهاز القومي لتنظيم الاتصالات",
        institution_type="government",
        country=egypt,
        classification="internal",
    )
