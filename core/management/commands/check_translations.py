"""Fail if any interface string lacks its Arabic translation.

makemessages always writes into the project's own catalogue (it picks the locale directory
from the source files' location), so the catalogue is set aside first and put back
afterwards: the check leaves the working tree as it found it. Needs GNU gettext.
"""

import shutil
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Check that the Arabic catalogue translates every interface string."

    def handle(self, *args, **options):
        catalogue = Path(settings.LOCALE_PATHS[0]) / "ar/LC_MESSAGES/django.po"
        with tempfile.TemporaryDirectory() as tmp:
            kept = Path(tmp) / "django.po"
            shutil.copy2(catalogue, kept)
            try:
                call_command(
                    "makemessages",
                    locale=["ar"],
                    verbosity=0,
                    ignore_patterns=[".venv/*", "node_modules/*", "var/*"],
                )
                with open(catalogue, "rb") as handle:
                    merged = read_po(handle, locale="ar")
            finally:
                shutil.copy2(kept, catalogue)
        missing = [
            message.id
            for message in merged
            if message.id and (message.fuzzy or not _translated(message.string))
        ]
        if missing:
            listing = "\n".join(f"  {m!r}" for m in missing[:50])
            raise CommandError(
                f"{len(missing)} strings lack an Arabic translation "
                f"(run `make messages` and translate):\n{listing}"
            )
        self.stdout.write(f"Arabic catalogue complete: {len(merged)} entries.")


def _translated(string) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)
