"""Write the published initiatives as an IATI 2.03 activity file.

Run it from cron to refresh the file the IATI Registry points to, with --validate so that
a file the schema refuses never replaces a good one:

    manage.py export_iati --validate --output /srv/accord/public/iati-activities.xml
"""

import contextlib
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from initiatives import iati


class Command(BaseCommand):
    help = "Write the published initiatives as an IATI 2.03 activity file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="FILE", help="Write to FILE instead of standard output."
        )
        parser.add_argument(
            "--validate",
            action="store_true",
            help="Check the file against the IATI 2.03 schema first; write nothing if it fails.",
        )

    def handle(self, *args, output=None, validate=False, **options):
        initiatives = iati.published()
        xml = iati.activities_xml(initiatives)
        if validate:
            self._check(xml)
        if not output:
            self.stdout.write(xml.decode("utf-8"), ending="")
            return
        path = Path(output)
        # Written beside and renamed into place: a reader never sees half a file.
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_bytes(xml)
            os.replace(partial, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise CommandError(f"Cannot write {path}: {error.strerror}") from error
        self.stdout.write(f"{len(initiatives)} activities written to {path}.")

    def _check(self, xml: bytes):
        errors = iati.validate(xml)
        if errors:
            listed = "\n".join(f"  {error}" for error in errors)
            raise CommandError(
                f"The file does not validate against the IATI 2.03 schema "
                f"({len(errors)} error(s)); nothing was written:\n{listed}"
            )
