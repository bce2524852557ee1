"""Index every record again, from nothing: after bulk loads that bypass core.services
(`seed_demo --scale`, imports), after restoring a database, or to repair the index.

    manage.py rebuild_search_index
"""

from django.core.management.base import BaseCommand

from search import index
from search.choices import Kind


class Command(BaseCommand):
    help = "Rebuild the search index from every searchable record (in one transaction)."

    def handle(self, *args, **options):
        counts = index.rebuild()
        summary = ", ".join(f"{counts[kind]} {kind}" for kind in Kind.values)
        self.stdout.write(f"Search index rebuilt: {sum(counts.values())} entries ({summary}).")
