"""``manage.py import_moderation_rules FILE``: create and update moderation rules from CSV."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail_analytics.moderation.rules_csv import COLUMNS, RulesImportError, decode, import_rules


class Command(BaseCommand):
    help = (
        f"Import moderation rules from a UTF-8 CSV file with the columns {', '.join(COLUMNS)}. "
        "Every row is checked first: when any row is wrong, nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file, or - to read standard input.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without changing anything.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            if file == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(file, "rb") as handle:
                    data = handle.read()
        except OSError as error:
            raise CommandError(_("The file cannot be read: %(error)s") % {"error": error}) from None
        try:
            report = import_rules(decode(data).splitlines(keepends=True), dry_run=dry_run)
        except RulesImportError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                ngettext(
                    "Nothing was imported: the file has %(count)d error.",
                    "Nothing was imported: the file has %(count)d errors.",
                    len(error.errors),
                )
                % {"count": len(error.errors)}
            ) from None
        summary = _(
            "%(created)d rule(s) created, %(updated)d updated, %(unchanged)d unchanged."
        ) % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
        if dry_run:
            summary = _("Dry run, nothing was changed: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
