"""The "Most read" report under Reports in the Wagtail admin.

It sums the daily rows of ``ReadDaily`` per article over a period of whole days, ranks the
articles by reads (then views), draws the daily reads of all articles as an inline SVG chart
and exports the ranking as CSV or XLSX with Wagtail's spreadsheet export.

Counts are kept per calendar day in the site's time zone, so every period is a run of
whole days ending today (a custom range may end earlier). Only what is in the database is
counted: buffered backends (Redis) add their counts when they flush.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Sum
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from .conf import analytics_settings
from .models import ReadDaily, Rubric

# --- Periods ---------------------------------------------------------------------------

PERIOD_TODAY_AND_YESTERDAY = "2d"
PERIOD_7_DAYS = "7d"
PERIOD_30_DAYS = "30d"
PERIOD_CUSTOM = "custom"
DEFAULT_PERIOD = PERIOD_7_DAYS

PERIOD_CHOICES = [
    (PERIOD_TODAY_AND_YESTERDAY, _("Today and yesterday")),
    (PERIOD_7_DAYS, _("Last 7 days")),
    (PERIOD_30_DAYS, _("Last 30 days")),
    (PERIOD_CUSTOM, _("Custom range")),
]
# How many calendar days each preset covers, today included.
PRESET_DAYS = {PERIOD_TODAY_AND_YESTERDAY: 2, PERIOD_7_DAYS: 7, PERIOD_30_DAYS: 30}
MAX_CUSTOM_DAYS = 366

# Who may see the report: anyone who may add, edit or publish some page, which is the rule
# of Wagtail's own "Page types usage" report (and of the "Aging pages" menu item).
REQUIRED_PAGE_PERMISSIONS = ["add", "change", "publish"]


@dataclass(frozen=True)
class Period:
    """A run of whole days, ``start`` to ``end`` inclusive, chosen by ``key``."""

    key: str
    start: date
    end: date

    @property
    def length(self):
        return (self.end - self.start).days + 1

    @property
    def days(self):
        return [self.start + timedelta(days=offset) for offset in range(self.length)]

    @property
    def label(self):
        return dict(PERIOD_CHOICES)[self.key]


def resolve_period(key, date_range, *, today):
    """The :class:`Period` for a chosen ``key`` and custom ``date_range`` (a slice of dates).

    A chosen preset wins over dates; without a choice, dates make a custom range and no
    dates mean the default (last 7 days). A custom range needs its first day, ends today
    when its last day is left empty, runs forward and is at most ``MAX_CUSTOM_DAYS`` long.
    Raises ``ValidationError`` otherwise.
    """
    first = date_range.start if date_range else None
    last = date_range.stop if date_range else None
    if not key:
        key = PERIOD_CUSTOM if (first or last) else DEFAULT_PERIOD
    if key in PRESET_DAYS:
        return Period(key, today - timedelta(days=PRESET_DAYS[key] - 1), today)
    if first is None:
        raise ValidationError(
            _("Enter the first day of the custom range."), code="custom_range_start"
        )
    last = last or today
    if first > last:
        raise ValidationError(
            _("The first day of the custom range must not be after its last day."),
            code="custom_range_order",
        )
    if (last - first).days + 1 > MAX_CUSTOM_DAYS:
        raise ValidationError(
            ngettext_lazy(
                "The custom range can be at most %(days)s day long.",
                "The custom range can be at most %(days)s days long.",
                "days",
            ),
            code="custom_range_length",
            params={"days": MAX_CUSTOM_DAYS},
        )
    return Period(PERIOD_CUSTOM, first, last)


# --- The chart -------------------------------------------------------------------------


def daily_reads_svg(
    days,
    *,
    title,
    description,
    id_prefix="wa-daily-reads",
    format_day=None,
    format_number=None,
    width=800,
    height=240,
    max_ticks=8,
):
    """An accessible SVG bar chart of ``days``, a list of ``(date, reads)`` in date order.

    One ``<rect class="wa-chart__bar">`` per day, the highest value labelled at the top of
    the axis and at most ``max_ticks`` dates under the bars (always including the last
    day). ``title`` and ``description`` become the chart's ``<title>`` and ``<desc>``;
    ``format_day`` and ``format_number`` turn dates and numbers into text (ISO dates and
    ``str`` by default). All text is escaped; the result is plain markup without scripts.
    """
    format_day = format_day or date.isoformat
    format_number = format_number or str
    prefix = escape(id_prefix, quote=True)
    peak = max((reads for _day, reads in days), default=0)
    peak_label = format_number(peak)

    left = max(40, 14 + 7 * len(peak_label))
    right, top, bottom = 12, 14, 34
    plot_width = width - left - right
    plot_height = height - top - bottom
    baseline = top + plot_height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wa-chart__svg" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc">',
        f'<title id="{prefix}-title">{escape(str(title))}</title>',
        f'<desc id="{prefix}-desc">{escape(str(description))}</desc>',
        f'<line class="wa-chart__grid" x1="{left}" y1="{top}" x2="{width - right}" '
        f'y2="{top}" stroke="currentColor" stroke-opacity="0.3" stroke-dasharray="4 4"/>',
        f'<line class="wa-chart__axis" x1="{left}" y1="{baseline}" x2="{width - right}" '
        f'y2="{baseline}" stroke="currentColor" stroke-opacity="0.6"/>',
        f'<text class="wa-chart__max" x="{left - 8}" y="{top + 4}" text-anchor="end" '
        f'font-size="12" fill="currentColor">{escape(peak_label)}</text>',
        f'<text class="wa-chart__zero" x="{left - 8}" y="{baseline + 4}" text-anchor="end" '
        f'font-size="12" fill="currentColor">{escape(format_number(0))}</text>',
    ]

    count = len(days)
    if count:
        slot = plot_width / count
        bar_width = max(slot - min(slot * 0.25, 8), 0.5)
        for position, (day, reads) in enumerate(days):
            bar_height = plot_height * reads / peak if peak else 0
            x = left + position * slot + (slot - bar_width) / 2
            parts.append(
                f'<rect class="wa-chart__bar" x="{x:.2f}" y="{baseline - bar_height:.2f}" '
                f'width="{bar_width:.2f}" height="{bar_height:.2f}" fill="#007d7e" '
                f'data-day="{day.isoformat()}" data-reads="{int(reads)}">'
                f"<title>{escape(format_day(day))}: {escape(format_number(reads))}</title>"
                f"</rect>"
            )
        step = max(1, math.ceil(count / max_ticks))
        for position in range(count - 1, -1, -step):
            label = format_day(days[position][0])
            half = 3.3 * len(label)
            x = left + (position + 0.5) * slot
            x = min(max(x, half + 2), width - half - 2)
            parts.append(
                f'<text class="wa-chart__day" x="{x:.2f}" y="{baseline + 20}" '
                f'text-anchor="middle" font-size="11" fill="currentColor">'
                f"{escape(label)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


# --- Filters ---------------------------------------------------------------------------


class DayRangeField(django_filters.fields.RangeField):
    """Two optional dates, cleaned to ``slice(first, last)`` of plain dates (not datetimes)."""

    widget = DateRangePickerWidget

    def __init__(self, *args, **kwargs):
        super().__init__((forms.DateField(), forms.DateField()), *args, **kwargs)

    def compress(self, data_list):
        if data_list:
            return slice(*data_list)
        return None


class DayRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = DayRangeField


class RubricChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return f"{obj.name} ({obj.locale.language_code})"
        return obj.name


class RubricFilter(django_filters.ModelChoiceFilter):
    field_class = RubricChoiceField


def rubrics_for_filter(request):
    return Rubric.objects.select_related("locale").order_by("sort_order", "name", "pk")


class MostReadFilterForm(forms.Form):
    """Turns the chosen period and dates into ``self.period`` (a :class:`Period`)."""

    period = None

    def clean(self):
        cleaned_data = super().clean()
        if self.has_error("period") or self.has_error("date"):
            return cleaned_data
        try:
            self.period = resolve_period(
                cleaned_data.get("period"),
                cleaned_data.get("date"),
                today=timezone.localdate(),
            )
        except ValidationError as error:
            self.add_error("date", error)
        return cleaned_data


class MostReadFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Period"),
        choices=PERIOD_CHOICES,
        empty_label=None,
        widget=forms.RadioSelect,
        method="filter_by_form",
        help_text=_("Last 7 days unless you choose another period or give dates."),
    )
    date = DayRangeFilter(
        label=_("Custom range"),
        widget=DateRangePickerWidget,
        method="filter_by_form",
        help_text=_(
            "Used when the period is “Custom range” or none is chosen. "
            "Leave the last day empty to end the range today."
        ),
    )
    rubric = RubricFilter(
        label=_("Rubric"),
        field_name="article__rubric",
        queryset=rubrics_for_filter,
        empty_label=_("All rubrics"),
    )

    class Meta:
        model = ReadDaily
        fields = []
        form = MostReadFilterForm

    def filter_by_form(self, queryset, name, value):
        # The period and dates act together, in filter_queryset().
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        period = self.form.period
        return queryset.filter(day__gte=period.start, day__lte=period.end)


# --- The report ------------------------------------------------------------------------


def user_can_see_report(user):
    return page_permission_policy.user_has_any_permission(user, REQUIRED_PAGE_PERMISSIONS)


class MostReadReportView(ReportView):
    """Articles ranked by reads in a period, with a chart of the daily reads."""

    page_title = _("Most read")
    header_icon = "glasses"
    template_name = "wagtail_analytics/reports/most_read.html"
    results_template_name = "wagtail_analytics/reports/most_read_results.html"
    index_url_name = "wagtail_analytics_reports:most_read"
    index_results_url_name = "wagtail_analytics_reports:most_read_results"
    filterset_class = MostReadFilterSet
    permission_policy = page_permission_policy
    any_permission_required = REQUIRED_PAGE_PERMISSIONS

    columns = [
        TitleColumn("title", label=_("Article"), get_url=lambda row: row.get("edit_url")),
        Column("rubric", label=_("Rubric")),
        NumberColumn("total_reads", label=_("Reads")),
        NumberColumn("total_views", label=_("Views")),
    ]
    list_export = ["title", "rubric", "total_reads", "total_views"]
    export_headings = {
        "title": _("Article"),
        "rubric": _("Rubric"),
        "total_reads": _("Reads"),
        "total_views": _("Views"),
    }

    @cached_property
    def period(self):
        """The valid period chosen in the filters, or None when the filters have errors."""
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.period
        return None

    def filter_queryset(self, queryset):
        if self.period is None:
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_filtered_queryset(self):
        """One row per article read in the period: one grouped query joined to the article."""
        return (
            self.filter_queryset(ReadDaily.objects.all())
            .values("article_id", title=F("article__title"), rubric=F("article__rubric__name"))
            .annotate(total_reads=Sum("reads"), total_views=Sum("views"))
            .order_by("-total_reads", "-total_views", "title", "article_id")
        )

    def get_daily_reads(self):
        """``(day, reads, views)`` of every day of the period, zero for days without rows."""
        totals = {
            row["day"]: (row["total_reads"], row["total_views"])
            for row in self.filter_queryset(ReadDaily.objects.all())
            .values("day")
            .annotate(total_reads=Sum("reads"), total_views=Sum("views"))
            .order_by("day")
        }
        return [(day, *totals.get(day, (0, 0))) for day in self.period.days]

    def decorate_paginated_queryset(self, object_list):
        """Give each row of the page the address of the article's editor, where allowed.

        The rows are changed in place: the table was built from the same (evaluated) list.
        """
        if self.is_export:
            return object_list
        user = self.request.user
        article_ids = [row["article_id"] for row in object_list]
        if user.is_superuser:
            editable = set(article_ids)
        else:
            editable = set(
                page_permission_policy.instances_user_has_permission_for(user, "change")
                .filter(pk__in=article_ids)
                .values_list("pk", flat=True)
            )
        for row in object_list:
            row["edit_url"] = (
                reverse("wagtailadmin_pages:edit", args=(row["article_id"],))
                if row["article_id"] in editable
                else None
            )
        return object_list

    @cached_property
    def active_filters(self):
        active = super().active_filters
        if self.period is not None and self.period.key != PERIOD_CUSTOM:
            # Dates left in the form do not apply to a preset period: don't show them.
            date_id = self.filters.form["date"].auto_id
            active = [item for item in active if item.auto_id != date_id]
        return active

    @cached_property
    def no_results_message(self):
        if self.period is None:
            return gettext("Correct the filters to see the report.")
        return gettext("No article was read in this period.")

    def get_filename(self):
        if self.period is None:
            return "most-read"
        return f"most-read-{self.period.start.isoformat()}-{self.period.end.isoformat()}"

    def render_to_response(self, context, **response_kwargs):
        if self.is_export and self.period is None:
            # Show what is wrong with the filters rather than an empty spreadsheet.
            self.is_export = False
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["period"] = period = self.period
        context["filter_form"] = self.filters.form if self.filters is not None else None
        context["help_text"] = self.get_help_text()
        if period is None or self.is_export:
            return context

        daily = self.get_daily_reads()
        rubric = self.filters.form.cleaned_data.get("rubric")
        dates = self.filters.form.cleaned_data.get("date")
        if period.key != PERIOD_CUSTOM and dates and (dates.start or dates.stop):
            context["ignored_dates_message"] = gettext(
                "The dates of the custom range are not used because the period is "
                "“%(period)s”. Choose “Custom range” to use them."
            ) % {"period": period.label}
        crosses_year = period.start.year != period.end.year
        tick_format = "SHORT_DATE_FORMAT" if crosses_year else "MONTH_DAY_FORMAT"
        total_reads = sum(reads for _day, reads, _views in daily)
        total_views = sum(views for _day, _reads, views in daily)
        context.update(
            {
                "period_start": date_format(period.start, "DATE_FORMAT"),
                "period_end": date_format(period.end, "DATE_FORMAT"),
                "total_reads": total_reads,
                "total_views": total_views,
                "rubric": rubric,
                "daily_rows": [
                    {
                        "label": date_format(day, "DATE_FORMAT"),
                        "reads": reads,
                        "views": views,
                    }
                    for day, reads, views in daily
                ],
                "chart_svg": mark_safe(  # daily_reads_svg() escapes all text
                    daily_reads_svg(
                        [(day, reads) for day, reads, _views in daily],
                        title=self.get_chart_title(rubric),
                        description=self.get_chart_description(daily),
                        format_day=lambda day: date_format(day, tick_format),
                        format_number=format_count,
                    )
                ),
            }
        )
        return context

    def get_chart_title(self, rubric):
        if rubric is None:
            return gettext("Reads per day, all articles")
        return gettext("Reads per day, articles in the rubric “%(rubric)s”") % {
            "rubric": rubric.name
        }

    def get_chart_description(self, daily):
        period = {
            "start": date_format(self.period.start, "DATE_FORMAT"),
            "end": date_format(self.period.end, "DATE_FORMAT"),
        }
        total = sum(reads for _day, reads, _views in daily)
        if not total:
            return gettext("No article was read from %(start)s to %(end)s.") % period
        peak_day, peak, _views = max(daily, key=lambda row: (row[1], row[0]))
        return gettext(
            "Reads per day from %(start)s to %(end)s. Total: %(total)s. "
            "Highest: %(peak)s on %(peak_day)s."
        ) % {
            **period,
            "total": format_count(total),
            "peak": format_count(peak),
            "peak_day": date_format(peak_day, "DATE_FORMAT"),
        }

    def get_help_text(self):
        now = timezone.now()
        window = timesince(
            now - timedelta(seconds=analytics_settings.READ_DEDUP_WINDOW), now, depth=2
        )
        counted = gettext(
            "A read is one reader of an article, counted once within %(window)s; a view is "
            "every counted opening of the article."
        ) % {"window": window}
        if analytics_settings.READ_IGNORE_EDITORS:
            counted += " " + gettext("Crawlers and users who may edit the article are not counted.")
        else:
            counted += " " + gettext("Crawlers are not counted.")
        return [
            counted,
            gettext(
                "Counts are kept per calendar day in the site's time zone (%(time_zone)s), "
                "so every period is made of whole days and includes today so far. "
                "“Today and yesterday” is the shortest period: it always covers the last "
                "24 hours, and up to 24 hours before them. “Last 7 days” and “Last 30 days” "
                "are today and the 6 or 29 days before it. A custom range is at most "
                "%(max_days)s days long."
            )
            % {
                "time_zone": timezone.get_current_timezone_name(),
                "max_days": MAX_CUSTOM_DAYS,
            },
            gettext(
                "Only counts saved in the database are included. With the Redis read "
                "counter, recent counts appear after its next flush (the flush_reads "
                "command). Daily counts older than %(days)s days are deleted by the "
                "prune_reads command."
            )
            % {"days": format_count(analytics_settings.READ_RETENTION_DAYS)},
        ]


def format_count(value):
    return number_format(value, force_grouping=True)


class MostReadReportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_see_report(request.user)


def get_report_urls():
    """The report's admin URLs (for the ``register_admin_urls`` hook)."""
    urlpatterns = [
        path("", MostReadReportView.as_view(), name="most_read"),
        path("results/", MostReadReportView.as_view(results_only=True), name="most_read_results"),
    ]
    return [
        path(
            "reports/most-read/",
            include(
                (urlpatterns, "wagtail_analytics_reports"), namespace="wagtail_analytics_reports"
            ),
        )
    ]


def get_report_menu_item():
    """The entry under Reports (for the ``register_reports_menu_item`` hook)."""
    return MostReadReportMenuItem(
        _("Most read"),
        reverse("wagtail_analytics_reports:most_read"),
        name="most-read",
        icon_name="glasses",
        order=1300,
    )
