"""Bring every agreement's computed dates and time-driven status up to today.

Pages refresh stale agreements as they are read; run this daily (cron or a systemd timer)
so that alerts and exports are current even for agreements nobody opened.
"""

from django.core.management.base import BaseCommand

from agreements.models import Agreement
from agreements.services import refresh_dates, refresh_stale


class Command(BaseCommand):
    help = "Recompute entry into force, expiry, notice deadlines and reviews."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Every agreement, not only stale ones."
        )

    def handle(self, *args, all, **options):
        if all:
            agreements = Agreement.objects.iterator(chunk_size=500)
            count = sum(1 for agreement in agreements if refresh_dates(agreement))
        else:
            count = refresh_stale(limit=10**9)
        self.stdout.write(f"{count} agreements refreshed.")
