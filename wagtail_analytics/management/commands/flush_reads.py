"""``manage.py flush_reads``: move buffered read counts (Redis backend) into the database."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_analytics.read_counter import get_read_counter


class Command(BaseCommand):
    help = (
        "Move read counts buffered by the read counter backend into the database. "
        "Safe to run at any time, repeatedly and from several hosts at once."
    )

    def handle(self, *args, **options):
        backend = get_read_counter()
        try:
            rows = backend.flush()
        except Exception as exc:  # a Redis outage is reported, not a traceback
            raise CommandError(f"Flushing read counts failed: {exc}") from exc
        self.stdout.write(f"{type(backend).__name__}: {rows} daily row(s) written.")
