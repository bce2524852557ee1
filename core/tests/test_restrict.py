"""restrict(): every role at every clearance reads exactly the classifications it may."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from conftest import make_user
from core.choices import Classification
from core.models import Note
from partners.models import Partner

pytestmark = pytest.mark.django_db


LEVELS = ["public", "internal", "confidential", "secret"]
# What a holder of each clearance may read, written out rather than computed.
READABLE = {
    "public": {"public"},
    "internal": {"public", "internal"},
    "confidential": {"public", "internal", "confidential"},
    "secret": {"public", "internal", "confidential", "secret"},
}
ROLES = ["viewer", "officer", "legal_adviser", "manager", "administrator"]


@pytest.fixture
def partners(db):
    """One organization at each classification."""
    return {
        level: Partner.objects.create(
            kind="organization",
            name_en=f"{level.title()} organization",
            acronym=level[:3].upper(),
            category="un",
            classification=level,
        )
        for level in LEVELS
    }


def readable(user) -> set[str]:
    return set(Partner.objects.restrict(user).values_list("classification", flat=True))


@pytest.mark.parametrize("clearance", LEVELS)
@pytest.mark.parametrize("role", ROLES)
def test_it_shows_a_role_holder_exactly_the_levels_up_to_their_clearance(partners, role, clearance):
    user = make_user(f"{role}-{clearance}", role, clearance)
    assert readable(user) == READABLE[clearance]


@pytest.mark.parametrize("clearance", LEVELS)
def test_it_shows_nothing_to_a_user_without_a_role(partners, clearance):
    user = make_user(f"nobody-{clearance}", None, clearance)
    assert readable(user) == set()


@pytest.mark.parametrize("clearance", LEVELS)
def test_it_shows_nothing_to_an_inactive_user(partners, clearance):
    user = make_user(f"gone-{clearance}", "manager", clearance, is_active=False)
    assert readable(user) == set()


def test_it_shows_nothing_to_an_anonymous_visitor(partners):
    assert readable(AnonymousUser()) == set()


def test_it_shows_nothing_to_nobody(partners):
    assert readable(None) == set()


@pytest.mark.parametrize("clearance", LEVELS)
def test_it_caps_a_superuser_at_their_clearance_too(partners, clearance):
    """A superuser needs no role, but reads no more than their clearance allows."""
    user = make_user(f"root-{clearance}", None, clearance, is_superuser=True, is_staff=True)
    assert readable(user) == READABLE[clearance]


def test_it_filters_in_the_query_so_counts_agree(partners, viewer):
    assert Partner.objects.restrict(viewer).count() == 2
    assert Partner.objects.restrict(viewer).filter(classification="secret").count() == 0


def test_it_applies_to_notes_as_well(partners, viewer):
    ct = ContentType.objects.get_for_model(Partner)
    for level in LEVELS:
        Note.objects.create(
            content_type=ct,
            object_id=partners["public"].pk,
            text=f"{level} note",
            classification=level,
        )
    assert set(Note.objects.restrict(viewer).values_list("text", flat=True)) == {
        "public note",
        "internal note",
    }


def test_it_hides_a_confidential_note_on_a_public_partner_from_an_internal_viewer(
    partners, viewer, editor, client_for
):
    public = partners["public"]
    ct = ContentType.objects.get_for_model(Partner)
    Note.objects.create(
        content_type=ct,
        object_id=public.pk,
        text="Shared agenda for the visit",
        classification=Classification.INTERNAL,
    )
    Note.objects.create(
        content_type=ct,
        object_id=public.pk,
        text="Negotiating margin on the dues",
        classification=Classification.CONFIDENTIAL,
    )
    page = client_for(viewer).get(public.get_absolute_url())
    assert page.status_code == 200
    assert "Shared agenda for the visit" in page.text
    assert "Negotiating margin on the dues" not in page.text

    page = client_for(editor).get(public.get_absolute_url())
    assert "Negotiating margin on the dues" in page.text
