"""Fail if any interface string lacks its Arabic translation.

Runs makemessages against a temporary copy of the catalogue (so the working tree is not
touched), then reports every entry that is untranslated or fuzzy. Needs GNU gettext.
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
        source = Path(settings.LOCALE_PATHS[0])
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "locale"
            shutil.copytree(source, copy)
            settings.LOCALE_PATHS = [copy]
            try:
                call_command(
                    "makemessages",
                    locale=["ar"],
                    verbosity=0,
                    ignore_patterns=[".venv/*", "node_modules/*", "var/*"],
                )
            finally:
                settings.LOCALE_PATHS = [source]
            with open(copy / "ar/LC_MESSAGES/django.po", "rb") as handle:
                catalog = read_po(handle, locale="ar")
        missing = [
            message.id
            for message in catalog
            if message.id and (message.fuzzy or not _translated(message.string))
        ]
        if missing:
            listing = "\n".join(f"  {m!r}" for m in missing[:50])
            raise CommandError(
                f"{len(missing)} strings lack an Arabic translation "
                f"(run makemessages -l ar and translate):\n{listing}"
            )
        self.stdout.write(f"Arabic catalogue complete: {len(catalog)} entries.")


def _translated(string) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)
