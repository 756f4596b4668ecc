"""What readers see on article pages and listings, and what it costs in queries."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import AuthorFactory, RubricFactory, make_article
from tests.testapp.models import BarePage

pytestmark = pytest.mark.django_db


def html_of(client, wagtail_page, **params):
    response = client.get(wagtail_page.url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_article_page_shows_every_part_of_the_reference_anatomy(client, index, rubric):
    authors = [AuthorFactory(name="Eliso Margvelani"), AuthorFactory(name="Aidar Kemelbayev")]
    article = make_article(
        index,
        rubric=rubric,
        title="Regional budget for water supply grows by a fifth as villages join the network",
        lead="Forty villages will be connected by 2028.",
        published_at=datetime(2024, 4, 18, 15, 40, tzinfo=ZoneInfo("Europe/Moscow")),
        authors=authors,
    )
    html = html_of(client, article)

    assert '<p class="wa-rubric"><a href="/news/rubric/analytics/">Analytics</a></p>' in html
    assert (
        '<h1 class="wa-article__headline">Regional budget for water supply grows by a fifth' in html
    )
    assert '<p class="wa-article__lead">Forty villages will be connected by 2028.</p>' in html
    assert re.search(
        r'<time class="wa-article__date" datetime="2024-04-18T15:40:00\+03:00">'
        r"18\.04\.24 15:40</time>",
        html,
    )
    assert "The council voted on Tuesday." in html
    byline = html[html.index('class="wa-byline"') :]
    assert byline.index("Eliso Margvelani") < byline.index("Aidar Kemelbayev")
    assert f'href="/news/author/{authors[0].slug}/"' in byline


def test_free_text_byline_replaces_author_names(client, index, author):
    article = make_article(index, authors=[author], byline="Newsroom staff")
    html = html_of(client, article)
    byline = html[html.index('class="wa-byline"') :]
    byline = byline[: byline.index("</p>")]
    assert "Newsroom staff" in byline
    assert "Eliso Margvelani" not in byline


def test_empty_paragraphs_never_render(client, index):
    article = make_article(
        index,
        body=[
            ("paragraph", "<p>First.</p>"),
            ("paragraph", "<p></p>"),
            ("paragraph", "<p>&nbsp;</p><p><br/></p>"),
            ("paragraph", "<p>Second.</p><p> </p><p>Third.</p>"),
        ],
    )
    html = html_of(client, article)
    assert html.count('class="wa-paragraph"') == 2
    assert not re.search(r"<p>(\s|&nbsp;|<br/?>)*</p>", html)
    assert html.index("First.") < html.index("Second.") < html.index("Third.")


def test_quote_and_related_article_blocks_render(client, index):
    other = make_article(index, title="Tram depot gets a new roof", slug="tram-depot")
    article = make_article(
        index,
        slug="with-blocks",
        body=[
            ("quote", {"quote": "We start in spring.", "attribution": "The mayor's office"}),
            ("related_article", other),
        ],
    )
    html = html_of(client, article)
    assert "<blockquote><p>We start in spring.</p></blockquote>" in html
    assert "The mayor&#x27;s office" in html
    assert 'href="/news/tram-depot/"' in html


def test_related_article_that_is_no_longer_live_is_left_out(client, index):
    other = make_article(index, title="Withdrawn story", slug="withdrawn")
    article = make_article(index, slug="main", body=[("related_article", other)])
    other.unpublish()
    assert "Withdrawn story" not in html_of(client, article)


def test_publication_time_defaults_to_first_publication(index):
    before = timezone.now()
    article = make_article(index, published_at=None)
    assert article.published_at is not None
    assert article.published_at >= before - timedelta(seconds=1)
    assert article.published_at == article.first_published_at


def test_updated_time_is_shown_when_set(client, index):
    published = timezone.now() - timedelta(days=2)
    article = make_article(index, published_at=published, updated_at=published + timedelta(days=1))
    assert "Updated" in html_of(client, article)


def test_draft_article_is_not_served(client, index):
    article = make_article(index, publish=False)
    assert client.get(f"/news/{article.slug}/").status_code == 404


# Listings -----------------------------------------------------------------------------------


def titles_in(html):
    return re.findall(r'<h2 class="wa-card__headline"><a href="[^"]+">([^<]+)</a>', html)


def test_index_lists_live_articles_newest_first(client, index):
    now = timezone.now()
    make_article(index, title="Middle", slug="middle", published_at=now - timedelta(days=2))
    make_article(index, title="Newest", slug="newest", published_at=now - timedelta(hours=1))
    make_article(index, title="Oldest", slug="oldest", published_at=now - timedelta(days=9))
    make_article(index, title="Draft", slug="draft", publish=False)
    assert titles_in(html_of(client, index)) == ["Newest", "Middle", "Oldest"]


def test_index_paginates(client, index, settings):
    settings.WAGTAIL_ANALYTICS = {"ARTICLES_PER_PAGE": 2}
    rubric = RubricFactory()
    now = timezone.now()
    for n in range(5):
        make_article(
            index, title=f"Story {n}", slug=f"s{n}", rubric=rubric, published_at=now - timedelta(n)
        )
    assert titles_in(html_of(client, index)) == ["Story 0", "Story 1"]
    page3 = html_of(client, index, page=3)
    assert titles_in(page3) == ["Story 4"]
    assert "Page 3 of 3" in page3
    # Nonsense page numbers fall back to a real page instead of an error.
    assert titles_in(html_of(client, index, page="abc")) == ["Story 0", "Story 1"]
    assert titles_in(html_of(client, index, page=99)) == ["Story 4"]


def test_rubric_listing_at_a_readable_url(client, index, rubric):
    make_article(index, title="In analytics", slug="a", rubric=rubric)
    make_article(index, title="Elsewhere", slug="b", rubric=RubricFactory(name="Culture"))
    response = client.get("/news/rubric/analytics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles_in(html) == ["In analytics"]
    assert '<h1 class="wa-listing__title">Analytics</h1>' in html
    assert 'aria-current="page">Analytics</a>' in html


def test_author_listing_at_a_readable_url(client, index, author):
    make_article(index, title="By Eliso", slug="a", authors=[author])
    make_article(index, title="By someone else", slug="b", authors=[AuthorFactory()])
    response = client.get("/news/author/eliso-margvelani/")
    assert response.status_code == 200
    assert titles_in(response.content.decode()) == ["By Eliso"]
    assert "Articles by Eliso Margvelani" in response.content.decode()


@pytest.mark.parametrize("url", ["/news/rubric/no-such-rubric/", "/news/author/nobody/"])
def test_unknown_rubric_or_author_is_a_404(client, index, url):
    assert client.get(url).status_code == 404


# Query budgets ------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm caches that are legitimately per process (site root paths etc.)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def bare_page_with(body, parent):
    # At the same depth as the article, so Wagtail's routing costs the same.
    page = parent.add_child(
        instance=BarePage(title="Bare", slug=f"bare-{BarePage.objects.count()}", body=body)
    )
    page.save_revision().publish()
    return page


def body_of(size, related):
    body = []
    for n in range(size):
        body.append(("paragraph", f"<p>Paragraph {n}.</p>"))
        body.append(("quote", {"quote": f"Quote {n}", "attribution": ""}))
        body.append(("related_article", related))
    return body


def test_article_page_queries_do_not_grow_with_authors_or_blocks(client, index):
    related = make_article(index, slug="related")
    small = make_article(index, slug="small", authors=[AuthorFactory()], body=body_of(1, related))
    large = make_article(
        index,
        slug="large",
        authors=[AuthorFactory() for _ in range(6)],
        body=body_of(12, related),
    )
    small_count = count_queries(client, small.url)
    assert count_queries(client, large.url) == small_count
    # On top of Wagtail's own routing (measured on a bare page with the same body, which
    # also pays for the index page's article lookup): authors, read counts, comment
    # count, comment settings and rules, the comments page and its count, news feed.
    assert small_count - count_queries(client, bare_page_with(small.body, index).url) <= 9


def test_listing_queries_do_not_grow_with_articles(client, index, settings):
    settings.WAGTAIL_ANALYTICS = {"ARTICLES_PER_PAGE": 20}
    rubric = RubricFactory(slug="economy")
    make_article(index, slug="only", rubric=rubric, authors=[AuthorFactory()])
    few = count_queries(client, index.url)
    few_in_rubric = count_queries(client, "/news/rubric/economy/")
    for n in range(12):
        make_article(
            index,
            slug=f"more-{n}",
            rubric=rubric if n % 2 else RubricFactory(),
            authors=[AuthorFactory(), AuthorFactory()],
        )
    assert count_queries(client, index.url) == few
    assert count_queries(client, "/news/rubric/economy/") == few_in_rubric
    # Count, page of articles, their authors, read counts, comment counts, the rubric
    # menu, and the public() check.
    assert few - count_queries(client, bare_page_with([], index.get_parent()).url) <= 7
