"""Import a register from the command line, with the same engine as the pages:

    manage.py import FILE --kind agreements [--mapping NAME] [--dry-run] [--user NAME]

The columns are mapped from the headers (or by a saved mapping), every row is checked and
the report printed; without --dry-run the accepted rows are then imported in one
transaction, with a progress bar on the terminal. Exits with an error, writing nothing,
when the file cannot be read or a row needs a choice of partner (resolve it on the job's
page, or add the partner).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from imports import services
from imports.choices import DateOrder, ImportKind, Outcome
from imports.registers import KINDS

SHOWN = 20  # rows with errors listed in the report


class Command(BaseCommand):
    help = "Import a CSV or XLSX register (check, report, then import unless --dry-run)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--kind", required=True, choices=[k for k in ImportKind.values if k in KINDS]
        )
        parser.add_argument("--mapping", default="", help="A saved mapping's name.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument("--date-order", default=DateOrder.DMY, choices=DateOrder.values)
        parser.add_argument("--sheet", default="", help="The workbook's sheet (first by default).")
        parser.add_argument("--user", default="", help="Who imports (default: the only superuser).")

    def handle(self, *args, file, kind, mapping, dry_run, date_order, sheet, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        person = self.user(user)
        services.listeners.append(self.progress)
        try:
            job = services.upload(
                path.read_bytes(),
                path.name,
                kind,
                person,
                date_order=date_order,
                sheet=sheet,
                mapping_name=mapping,
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from error
        for note in job.notes:
            self.stdout.write(note)
        self.stdout.write(
            "Columns: "
            + ", ".join(f"{name} <- {job.headers[i]}" for name, i in job.mapping.items())
        )
        try:
            services.set_mapping(job, job.mapping, person)
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from error
        services.request_check(job)
        job = services.check(job)
        self.stderr.write("")
        self.summary(job)
        if dry_run:
            self.stdout.write(f"Dry run: nothing imported (job {job.pk}).")
            return
        if job.counts.get(Outcome.AMBIGUOUS):
            raise CommandError(
                f"{job.counts[Outcome.AMBIGUOUS]} rows need a choice of partner: resolve them "
                f"at {job.get_absolute_url()}"
            )
        services.queue(job, person)
        self.stdout.write(f"Importing job {job.pk}...")
        self.stdout.flush()
        job = services.run(job)
        self.stderr.write("")
        written = job.counts.get(Outcome.CREATE, 0) + job.counts.get(Outcome.UPDATE, 0)
        self.stdout.write(self.style.SUCCESS(f"Imported {written} rows (job {job.pk})."))

    def user(self, username):
        users = get_user_model().objects
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist as error:
                raise CommandError(f"no user {username!r}") from error
        superusers = list(users.filter(is_superuser=True)[:2])
        if len(superusers) != 1:
            raise CommandError("say who imports with --user NAME")
        return superusers[0]

    def progress(self, job, done, total):
        if total:
            width = 30
            filled = width * done // total
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
            )
            self.stderr.flush()

    def summary(self, job):
        labels = dict(Outcome.choices)
        self.stdout.write(", ".join(f"{labels[k]}: {v}" for k, v in sorted(job.counts.items())))
        refused = job.rows.filter(outcome__in=[Outcome.ERROR, Outcome.AMBIGUOUS]).order_by("number")
        for row in refused[:SHOWN]:
            reasons = "; ".join(m["text"] for m in row.messages) or "needs a choice: " + ", ".join(
                f"{c['text']} ({len(options)} partners)"
                for options in row.candidates.values()
                for c in options[:1]
            )
            self.stdout.write(f"  row {row.number}: {reasons}")
        more = refused.count() - SHOWN
        if more > 0:
            self.stdout.write(f"  ... and {more} more")
