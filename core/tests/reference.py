"""The reference data (load_reference) for a whole test module: it takes seconds, so it is
loaded once, outside the tests' transactions, and removed afterwards so that the next
module starts from an empty registry."""

import io
from contextlib import contextmanager

from django.core.management import call_command


@contextmanager
def loaded_reference(django_db_blocker):
    """Load the reference data; yields the command's output."""
    with django_db_blocker.unblock():
        output = io.StringIO()
        call_command("load_reference", stdout=output)
        try:
            yield output.getvalue()
        finally:
            remove_reference()


def remove_reference() -> None:
    """Everything load_reference writes, and what it writes as a side effect (the change
    records, the search index), in an order that foreign keys allow."""
    from core.models import AreaOfCooperation, ChangeRecord, OrgUnit
    from initiatives.models import Indicator
    from multilateral.models import GoverningBody, OrganizationMember
    from partners.models import Partner
    from portal.models import Generation
    from search.models import SearchEntry

    Generation.objects.all().delete()
    OrganizationMember.objects.all().delete()
    GoverningBody.objects.all().delete()
    ChangeRecord.objects.all().delete()
    SearchEntry.objects.all().delete()
    Indicator.objects.all().delete()
    Partner.objects.exclude(kind="country").delete()
    Partner.objects.all().delete()
    AreaOfCooperation.objects.all().delete()
    OrgUnit.objects.exclude(parent=None).delete()
    OrgUnit.objects.all().delete()
