"""``manage.py export_moderation_rules [FILE]``: write the moderation rules as CSV."""

import io

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail_analytics.models import ModerationRule, RuleFamily
from wagtail_analytics.moderation.rules_csv import export_rules


class Command(BaseCommand):
    help = (
        "Export moderation rules as UTF-8 CSV, in the format import_moderation_rules reads, "
        "to a file or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default="-", help="Path of the CSV file to write (default: -)."
        )
        parser.add_argument("--language", help="Only rules in this language ('' for none).")
        parser.add_argument("--family", choices=RuleFamily.values, help="Only this family.")

    def handle(self, *args, file, language, family, **options):
        rules = ModerationRule.objects.order_by("language", "family", "phrase", "pk")
        if language is not None:
            rules = rules.filter(language=language)
        if family:
            rules = rules.filter(family=family)
        if file == "-":
            buffer = io.StringIO()
            export_rules(buffer, rules)
            self.stdout.write(buffer.getvalue(), ending="")
            return
        try:
            with open(file, "w", encoding="utf-8", newline="") as handle:
                count = export_rules(handle, rules)
        except OSError as error:
            raise CommandError(
                _("The file cannot be written: %(error)s") % {"error": error}
            ) from None
        self.stderr.write(
            _("%(count)d rule(s) written to %(file)s.") % {"count": count, "file": file}
        )
