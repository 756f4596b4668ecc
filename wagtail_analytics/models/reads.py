"""Read counts, kept apart from the page so that publishing a revision never rolls them back.

All writes are atomic upserts issued by the read counter backends
(``wagtail_analytics.read_counter``); nothing here is read-modified-written.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadTotal(models.Model):
    """All-time reads and views of one article."""

    article = models.OneToOneField(
        "wagtail_analytics.AnalyticsArticle",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="read_total",
    )
    reads = models.BigIntegerField(_("reads"), default=0)
    views = models.BigIntegerField(_("views"), default=0)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("read total")
        verbose_name_plural = _("read totals")
        indexes = [models.Index(fields=["-reads"], name="wa_readtotal_reads_idx")]

    def __str__(self):
        return f"{self.article_id}: {self.reads} reads, {self.views} views"


class ReadDaily(models.Model):
    """Reads and views of one article on one day (in the site's time zone)."""

    article = models.ForeignKey(
        "wagtail_analytics.AnalyticsArticle",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="read_days",
    )
    day = models.DateField(_("day"))
    reads = models.BigIntegerField(_("reads"), default=0)
    views = models.BigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily reads")
        verbose_name_plural = _("daily reads")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="wa_readdaily_unique_day")
        ]
        indexes = [models.Index(fields=["day", "article"], name="wa_readdaily_day_idx")]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.reads} reads"


class ReadMark(models.Model):
    """That a reader (a keyed hash, never an address) was counted for an article, and when.

    Used by the database backend to deduplicate reads; rows older than the dedup window
    are removed by ``prune_reads``.
    """

    article = models.ForeignKey(
        "wagtail_analytics.AnalyticsArticle", on_delete=models.CASCADE, related_name="+"
    )
    reader = models.CharField(max_length=32)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "reader"], name="wa_readmark_unique")
        ]
        indexes = [models.Index(fields=["seen_at"], name="wa_readmark_seen_idx")]


class ReadPrefixCount(models.Model):
    """How many new readers one network prefix added to an article in the current window."""

    article = models.ForeignKey(
        "wagtail_analytics.AnalyticsArticle", on_delete=models.CASCADE, related_name="+"
    )
    prefix = models.CharField(max_length=32)
    window_start = models.DateTimeField()
    readers = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "prefix"], name="wa_readprefix_unique")
        ]


class ReadFlushBatch(models.Model):
    """A batch of buffered counts already written to the tables (makes flushes idempotent)."""

    batch_id = models.CharField(max_length=64, primary_key=True)
    flushed_at = models.DateTimeField(auto_now_add=True)
    rows = models.IntegerField(default=0)
