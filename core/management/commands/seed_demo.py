"""Generate the demo dataset and one demo user per role.

    manage.py seed_demo              # the demo: real institutions, fictional people, users
    manage.py seed_demo --scale 50   # plus synthetic records for benchmarks

Safe to run again: nothing is duplicated. The demo users' passwords are printed when the
users are first created, and kept in var/demo-logins.txt (readable by the owner only).
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements import demo as agreements_demo
from core.choices import Classification, Role
from core.models import OrgUnit, User
from engagements import demo as engagements_demo
from initiatives import demo as initiatives_demo
from initiatives import demo_scale as initiatives_scale
from multilateral import demo as multilateral_demo
from partners.choices import PartnerKind
from partners.demo import load_demo, load_scale
from partners.models import Partner
from portal import demo as portal_demo

DEMO_USERS = [
    # username, role, clearance, desk, first name
    ("viewer", Role.VIEWER, Classification.INTERNAL, "arab-desk", "Vera"),
    ("officer", Role.OFFICER, Classification.CONFIDENTIAL, "asian-desk", "Omar"),
    ("legal", Role.LEGAL_ADVISER, Classification.CONFIDENTIAL, "ir-sector", "Laila"),
    ("manager", Role.MANAGER, Classification.SECRET, "ir-sector", "Mariam"),
    ("admin", Role.ADMINISTRATOR, Classification.SECRET, "ir-sector", "Adel"),
]


class Command(BaseCommand):
    help = "Load the demo dataset and demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Add SCALE x 100 synthetic institutions and x 200 people.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for --scale.")
        parser.add_argument("--no-users", action="store_true", help="Do not create demo users.")

    def handle(self, *args, scale, seed, no_users, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or more")
        if not Partner.objects.filter(kind=PartnerKind.COUNTRY).exists():
            raise CommandError("No countries yet: run `manage.py load_reference` first.")
        created = load_demo()
        home = Partner.objects.filter(
            kind=PartnerKind.COUNTRY, iso_alpha2=settings.ACCORD_HOME_COUNTRY
        ).first()
        agreements = agreements_demo.load_demo(home)
        meetings = engagements_demo.load_demo(home)
        multilateral = multilateral_demo.load_demo(home)
        initiatives = initiatives_demo.load_demo(home)
        published = portal_demo.publish_demo()
        self.stdout.write(
            f"Demo data: {created['institutions']} domestic bodies, {created['people']} "
            f"people, {agreements} agreements, {meetings} meetings, {multilateral} "
            f"multilateral records and {initiatives} initiatives created; {published} "
            "records published on the portal."
        )
        if scale:
            added = load_scale(scale, seed)
            synthetic = agreements_demo.load_scale(home, scale, seed)
            programmes = initiatives_scale.load_scale(home, scale, seed)
            self.stdout.write(
                f"Scale {scale}: {added['institutions']} institutions, {added['people']} "
                f"people and {synthetic} agreements added; {programmes} initiatives added."
            )
        if not no_users:
            self.create_users()
        call_command("rebuild_search_index", stdout=self.stdout)

    @transaction.atomic
    def create_users(self):
        new = []
        for username, role, clearance, desk, first_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username,
                password=password,
                first_name=first_name,
                clearance=clearance,
                org_unit=OrgUnit.objects.filter(code=desk).first(),
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
            )
            user.groups.add(Group.objects.get(name=role.value))
            new.append((username, password, role.label, clearance))
        if not new:
            return
        lines = [f"{u:<8}  {p}  ({r}, clearance {c})" for u, p, r, c in new]
        path = settings.VAR_DIR / "demo-logins.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        path.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Demo log-ins (also kept in var/demo-logins.txt):"))
        for line in lines:
            self.stdout.write("  " + line)
