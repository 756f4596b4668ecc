"""``manage.py prune_reads``: delete old daily read rows and expired reader marks, in batches."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail_analytics.conf import analytics_settings
from wagtail_analytics.models import ReadDaily, ReadFlushBatch, ReadMark, ReadPrefixCount


class Command(BaseCommand):
    help = (
        "Delete daily read rows older than READ_RETENTION_DAYS (totals are kept) and reader "
        "marks older than the dedup window."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Keep this many days, today included (default: READ_RETENTION_DAYS).",
        )
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, days=None, batch_size, **options):
        days = analytics_settings.READ_RETENTION_DAYS if days is None else days
        if days < 1 or batch_size < 1:
            self.stderr.write("--days and --batch-size must be at least 1.")
            return
        now = timezone.now()
        window_start = now - timedelta(seconds=analytics_settings.READ_DEDUP_WINDOW)
        jobs = [
            (
                "daily read rows",
                ReadDaily.objects.filter(
                    day__lt=timezone.localdate(now) - timedelta(days=days - 1)
                ),
            ),
            ("reader marks", ReadMark.objects.filter(seen_at__lt=window_start)),
            ("prefix counters", ReadPrefixCount.objects.filter(window_start__lt=window_start)),
            # Ids of flushed Redis batches only matter while a batch may still be pending.
            (
                "flushed batch ids",
                ReadFlushBatch.objects.filter(flushed_at__lt=now - timedelta(days=7)),
            ),
        ]
        for label, queryset in jobs:
            total = queryset.count()
            deleted = 0
            while True:
                ids = list(queryset.values_list("pk", flat=True)[:batch_size])
                if not ids:
                    break
                deleted += queryset.model.objects.filter(pk__in=ids).delete()[0]
                self.stdout.write(f"{label}: {deleted}/{total} deleted")
            if not total:
                self.stdout.write(f"{label}: nothing to delete")
