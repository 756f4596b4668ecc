"""``manage.py purge_comments``: delete old rejected and spam comments; strip old fingerprints."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wagtail_analytics.conf import analytics_settings
from wagtail_analytics.models import Comment, CommentStatus


class Command(BaseCommand):
    help = (
        "Delete rejected and spam comments older than COMMENT_PURGE_DAYS and remove the "
        "fingerprints of comments older than COMMENT_FINGERPRINT_DAYS, in batches."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Age of rejected and spam comments to delete.")
        parser.add_argument(
            "--fingerprint-days", type=int, help="Age after which fingerprints are removed."
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, days=None, fingerprint_days=None, batch_size, **options):
        days = analytics_settings.COMMENT_PURGE_DAYS if days is None else days
        if fingerprint_days is None:
            fingerprint_days = analytics_settings.COMMENT_FINGERPRINT_DAYS
        if days < 0 or fingerprint_days < 0 or batch_size < 1:
            raise CommandError(
                "--days and --fingerprint-days must be 0 or more, --batch-size 1 or more."
            )
        now = timezone.now()
        doomed = Comment.objects.filter(
            status__in=[CommentStatus.REJECTED, CommentStatus.SPAM],
            created_at__lt=now - timedelta(days=days),
        )
        total, done = doomed.count(), 0
        while True:
            ids = list(doomed.values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            done += Comment.objects.filter(pk__in=ids).delete()[1].get(Comment._meta.label, 0)
            self.stdout.write(f"rejected and spam comments: {done}/{total} deleted")
        stale = Comment.objects.filter(
            created_at__lt=now - timedelta(days=fingerprint_days)
        ).exclude(fingerprint="")
        total, done = stale.count(), 0
        while True:
            ids = list(stale.values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            done += Comment.objects.filter(pk__in=ids).update(fingerprint="")
            self.stdout.write(f"fingerprints: {done}/{total} removed")
        self.stdout.write(self.style.SUCCESS("Done."))
