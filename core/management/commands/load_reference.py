"""Load or refresh the reference data: areas, desks, role groups, countries, organizations,
the member states and governing bodies of organizations, and the results indicators.

Safe to run again: records are matched by their natural keys and only changes are written.
"""

from django.core.management.base import BaseCommand

from core.reference import load_areas, load_org_units
from core.roles import sync_roles
from initiatives.reference import load_indicators
from multilateral.reference import load_governing_bodies, load_member_states
from partners.reference import load_countries, load_organizations
from portal import cache as portal_cache


class Command(BaseCommand):
    help = "Load the reference data (idempotent)."

    def handle(self, *args, **options):
        sync_roles()
        areas = load_areas()
        units = load_org_units()
        countries = load_countries()
        organizations = load_organizations()
        members = load_member_states()
        bodies = load_governing_bodies()
        indicators = load_indicators()
        # Member states and bodies are written in bulk, past the services' hook: the public
        # pages that group countries and organizations are rebuilt all the same.
        portal_cache.changed()
        self.stdout.write(
            f"Reference data: {areas} areas, {units} desks, {countries} countries and "
            f"{organizations} organizations created or updated; {members} member states and "
            f"{bodies} governing bodies of organizations; {indicators} results indicators."
        )
