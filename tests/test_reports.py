"""The "Most read" report under Reports: periods, rubric filter, chart, export, permissions."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import RubricFactory, make_article
from wagtail_analytics.models import ReadDaily
from wagtail_analytics.reports import daily_reads_svg


def report_url(**params):
    url = reverse("wagtail_analytics_reports:most_read")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def add_reads(article, ago, reads, views):
    ReadDaily.objects.create(article=article, day=days_ago(ago), reads=reads, views=views)


def ranking(response):
    """The table as the user sees it: (article, rubric, reads, views) from top to bottom."""
    return [
        (row["title"], row["rubric"], row["total_reads"], row["total_views"])
        for row in response.context["object_list"]
    ]


def bars(response):
    return re.findall(r'<rect class="wa-chart__bar"[^>]*data-reads="(\d+)"', response.text)


def max_label(response):
    return re.search(r'<text class="wa-chart__max"[^>]*>([^<]*)</text>', response.text).group(1)


@pytest.fixture
def articles(index, rubric):
    """Three articles with reads spread over the last 41 days.

    Last 7 days: all three have 12 reads; views decide (park 20, tram 17, budget 15).
    """
    tram = make_article(index, title="Tram lines approved", slug="tram", rubric=rubric)
    budget = make_article(index, title="City budget", slug="budget")
    park = make_article(index, title="A new park", slug="park", rubric=rubric)
    add_reads(tram, 0, 10, 15)
    add_reads(tram, 1, 2, 2)
    add_reads(tram, 20, 5, 5)
    add_reads(budget, 0, 6, 9)
    add_reads(budget, 3, 6, 6)
    add_reads(budget, 10, 50, 60)
    add_reads(park, 6, 12, 20)
    add_reads(park, 7, 4, 4)
    add_reads(park, 40, 100, 100)
    return tram, budget, park


def test_default_period_is_the_last_7_days_ranked_by_reads_then_views(admin_client, articles):
    response = admin_client.get(report_url())

    assert response.status_code == 200
    budget_rubric = articles[1].rubric.name
    assert ranking(response) == [
        ("A new park", "Analytics", 12, 20),
        ("Tram lines approved", "Analytics", 12, 17),
        ("City budget", budget_rubric, 12, 15),
    ]
    html = response.text
    assert html.index("A new park") < html.index("Tram lines approved") < html.index("City budget")
    assert f'href="{reverse("wagtailadmin_pages:edit", args=(articles[2].pk,))}"' in html
    assert 'data-total="reads">36<' in html


def test_30_days_include_older_reads_and_change_the_order(admin_client, articles):
    response = admin_client.get(report_url(period="30d"))

    assert [row[0] for row in ranking(response)] == [
        "City budget",
        "Tram lines approved",
        "A new park",
    ]
    assert [row[2:] for row in ranking(response)] == [(62, 75), (17, 22), (16, 24)]


def test_today_and_yesterday_covers_two_calendar_days(admin_client, articles):
    response = admin_client.get(report_url(period="2d"))

    assert [row[0] for row in ranking(response)] == ["Tram lines approved", "City budget"]
    assert [row[2:] for row in ranking(response)] == [(12, 17), (6, 9)]
    assert len(bars(response)) == 2
    assert "Today and yesterday" in response.text


def test_custom_range_sums_only_its_days(admin_client, articles):
    response = admin_client.get(
        report_url(period="custom", date_from=days_ago(45), date_to=days_ago(35))
    )

    assert ranking(response) == [("A new park", "Analytics", 100, 100)]
    assert len(bars(response)) == 11


def test_dates_without_a_chosen_period_make_a_custom_range_ending_today(admin_client, articles):
    response = admin_client.get(report_url(date_from=days_ago(3)))

    assert [row[:1] + row[2:] for row in ranking(response)] == [
        ("Tram lines approved", 12, 17),
        ("City budget", 12, 15),
    ]
    assert len(bars(response)) == 4
    assert "Custom range:" in response.text  # listed among the active filters


def test_rubric_filter_keeps_only_its_articles_and_chart(admin_client, articles, rubric):
    response = admin_client.get(report_url(rubric=rubric.pk))

    assert [row[0] for row in ranking(response)] == ["A new park", "Tram lines approved"]
    # The budget's 6 reads of today are not in the chart: today has only the tram's 10.
    assert bars(response)[-1] == "10"
    assert max_label(response) == "12"
    assert "Rubric: Analytics" in response.text


def test_chart_has_one_bar_per_day_and_the_highest_value_as_label(admin_client, articles):
    response = admin_client.get(report_url())

    assert response.text.count("<svg") >= 1
    assert bars(response) == ["12", "0", "0", "6", "0", "2", "16"]
    assert max_label(response) == "16"
    assert '<title id="wa-daily-reads-title">Reads per day, all articles</title>' in (response.text)
    assert "Highest: 16 on" in response.text
    # The same numbers as a table, for those who cannot see the chart.
    assert "Show the daily numbers as a table" in response.text

    response = admin_client.get(report_url(period="30d"))
    assert len(bars(response)) == 30
    assert max_label(response) == "50"


def test_csv_export_has_the_headings_and_the_ranked_rows(admin_client, articles):
    response = admin_client.get(report_url(period="30d", export="csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "most-read-" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows == [
        ["Article", "Rubric", "Reads", "Views"],
        ["City budget", articles[1].rubric.name, "62", "75"],
        ["Tram lines approved", "Analytics", "17", "22"],
        ["A new park", "Analytics", "16", "24"],
    ]


def test_csv_export_follows_the_rubric_filter(admin_client, articles, rubric):
    response = admin_client.get(report_url(rubric=rubric.pk, export="csv"))

    content = b"".join(response.streaming_content).decode()
    assert [row[0] for row in csv.reader(io.StringIO(content))] == [
        "Article",
        "A new park",
        "Tram lines approved",
    ]


def test_xlsx_export_is_a_spreadsheet(admin_client, articles):
    openpyxl = pytest.importorskip("openpyxl")
    response = admin_client.get(report_url(export="xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == ["Article", "Rubric", "Reads", "Views"]
    assert [cell.value for cell in sheet[2]] == ["A new park", "Analytics", 12, 20]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"period": "custom", "date_from": "2025-03-10", "date_to": "2025-03-01"},
            "The first day of the custom range must not be after its last day.",
        ),
        (
            {"period": "custom", "date_from": "2023-01-01", "date_to": "2025-01-01"},
            "The custom range can be at most 366 days long.",
        ),
        ({"period": "custom"}, "Enter the first day of the custom range."),
        ({"date_from": "yesterday"}, "Enter a valid date."),
        ({"period": "week"}, "Select a valid choice."),
    ],
)
def test_invalid_filters_show_an_error_not_a_server_error(admin_client, articles, params, message):
    response = admin_client.get(report_url(**params))

    assert response.status_code == 200
    assert message in response.text
    assert "Correct the filters to see the report." in response.text
    assert ranking(response) == []
    assert "wa-chart__bar" not in response.text


def test_export_with_invalid_filters_shows_the_error_instead_of_a_file(admin_client, articles):
    response = admin_client.get(
        report_url(period="custom", date_from="2025-03-10", date_to="2025-03-01", export="csv")
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "must not be after its last day" in response.text


def test_a_range_of_exactly_366_days_is_accepted(admin_client, articles):
    response = admin_client.get(
        report_url(period="custom", date_from=days_ago(365), date_to=days_ago(0))
    )

    assert response.status_code == 200
    assert len(bars(response)) == 366


def test_results_fragment_for_filter_changes_has_table_and_chart(admin_client, articles):
    url = reverse("wagtail_analytics_reports:most_read_results") + "?period=2d"
    response = admin_client.get(url)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert len(bars(response)) == 2
    assert "Tram lines approved" in response.text


def test_empty_period_says_nothing_was_read(admin_client, articles):
    response = admin_client.get(
        report_url(period="custom", date_from="2001-01-01", date_to="2001-01-31")
    )

    assert response.status_code == 200
    assert "No article was read in this period." in response.text
    assert len(bars(response)) == 31


def test_anonymous_and_non_admin_users_are_sent_to_log_in(client, django_user_model, articles):
    response = client.get(report_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

    reader = django_user_model.objects.create_user("reader", "reader@example.com", "pw")
    client.force_login(reader)
    response = client.get(report_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_admin_users_without_page_permissions_are_refused(client, django_user_model, articles):
    user = django_user_model.objects.create_user("clerk", "clerk@example.com", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)

    response = client.get(report_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")

    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("wagtail_analytics_reports:most_read") not in response.text


def test_editors_see_the_report_and_links_to_articles_they_may_edit(
    client, django_user_model, articles
):
    editor = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get(report_url())

    assert response.status_code == 200
    assert len(ranking(response)) == 3
    assert reverse("wagtailadmin_pages:edit", args=(articles[0].pk,)) in response.text


def test_menu_item_is_under_reports_for_admins(admin_client, db):
    response = admin_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert reverse("wagtail_analytics_reports:most_read") in response.text
    assert "Most read" in response.text


def test_query_count_does_not_grow_with_the_number_of_articles(admin_client, index):
    rubric = RubricFactory()

    def add_articles(start, count):
        for number in range(start, start + count):
            article = make_article(
                index, title=f"Article {number}", slug=f"article-{number}", rubric=rubric
            )
            add_reads(article, 0, number, number)
            add_reads(article, 2, 1, 1)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(report_url())
        assert response.status_code == 200
        return len(queries), len(ranking(response))

    add_articles(0, 3)
    count_queries()  # warm caches (content types, site root paths)
    few_queries, few_rows = count_queries()
    add_articles(3, 12)
    many_queries, many_rows = count_queries()

    assert (few_rows, many_rows) == (3, 15)
    assert many_queries == few_queries


# --- The chart function ----------------------------------------------------------------


def test_svg_has_one_bar_per_day_axis_labels_and_escaped_text():
    days = [
        (date(2025, 3, 1) + timedelta(days=offset), reads)
        for offset, reads in enumerate([3, 0, 1250, 7])
    ]

    svg = daily_reads_svg(
        days,
        title="Reads <per> day",
        description='"Quoted" & more',
        format_number=lambda value: f"{value:,}",
    )

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="wa-chart__bar"') == 4
    assert re.search(r'class="wa-chart__max"[^>]*>1,250<', svg)
    assert '<title id="wa-daily-reads-title">Reads &lt;per&gt; day</title>' in svg
    assert "&quot;Quoted&quot; &amp; more" in svg
    assert (
        'role="img"' in svg and 'aria-labelledby="wa-daily-reads-title wa-daily-reads-desc"' in svg
    )
    assert ">2025-03-01<" in svg and ">2025-03-04<" in svg
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_svg_of_days_without_reads_draws_flat_bars():
    days = [(date(2025, 1, 1) + timedelta(days=offset), 0) for offset in range(30)]

    svg = daily_reads_svg(days, title="t", description="d")

    assert svg.count('class="wa-chart__bar"') == 30
    assert svg.count('height="0.00"') == 30
    assert re.search(r'class="wa-chart__max"[^>]*>0<', svg)
    # No more than 8 dates under the bars, the last day always among them.
    assert len(re.findall(r'class="wa-chart__day"', svg)) <= 8
    assert ">2025-01-30<" in svg


def test_svg_escapes_formatted_days():
    svg = daily_reads_svg(
        [(date(2025, 1, 1), 5)], title="t", description="d", format_day=lambda day: "<b>1</b>"
    )

    assert "<b>" not in svg
    assert "&lt;b&gt;1&lt;/b&gt;" in svg


def test_a_chosen_preset_wins_over_dates_left_in_the_form(admin_client, articles):
    response = admin_client.get(report_url(period="2d", date_from=days_ago(45)))

    assert response.status_code == 200
    assert [row[0] for row in ranking(response)] == ["Tram lines approved", "City budget"]
    # The ignored dates are not listed among the active filters, and the user is told why.
    assert "Custom range:" not in response.text
    assert "The dates of the custom range are not used because the period is" in response.text
