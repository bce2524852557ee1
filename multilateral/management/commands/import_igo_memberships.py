"""Import the membership history of the Correlates of War IGO data into the member states
of organizations (reference data). Idempotent and atomic; every unmapped name is printed."""

from django.core.management.base import BaseCommand, CommandError

from multilateral.igo import import_memberships, selected_ionames


class Command(BaseCommand):
    help = (
        "Load COW IGO memberships (the long form: ioname, orgname, year, state, status) into "
        "the member states of organizations, reporting every state name it cannot map."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="cow_igo_v3_selected_memberships_long.csv")
        parser.add_argument(
            "--organizations",
            nargs="+",
            metavar="NAME",
            help="Only these organizations (Accord acronyms such as LAS, AU, or COW names "
            "such as LOAS, OAU). Default: every one the registry has.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, path, organizations=None, dry_run=False, **options):
        try:
            selected_ionames(organizations)
        except ValueError as error:
            raise CommandError(f"Unknown organization(s): {error}") from error
        try:
            report = import_memberships(path, organizations, dry_run=dry_run)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {path}") from error
        except KeyError as error:
            raise CommandError(f"{path} lacks the column {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        self.report = report
