"""What an API client sees of articles through Wagtail's API v2 at /api/v2/."""

from datetime import datetime

import pytest
from django.urls import reverse

from tests.factories import AuthorFactory, make_article
from wagtail_analytics.models import ArticleAuthor

FIELDS = "rubric,authors,lead,published_at,body"
LISTING = f"/api/v2/pages/?type=wagtail_analytics.AnalyticsArticle&fields={FIELDS}"


def summary(obj):
    return {"id": obj.pk, "name": obj.name, "slug": obj.slug}


def author_summary(obj):
    return {**summary(obj), "url": f"http://localhost/news/author/{obj.slug}/"}


@pytest.fixture
def byline(db):
    return [
        AuthorFactory(name="Zed Zimmer", slug="zed-zimmer"),
        AuthorFactory(name="Amy Adler", slug="amy-adler"),
        AuthorFactory(name="Mo Meyer", slug="mo-meyer"),
    ]


@pytest.fixture
def article(index, rubric, byline):
    article = make_article(
        index,
        rubric=rubric,
        authors=byline,
        body=[
            ("paragraph", "<p>The council voted on Tuesday.</p>"),
            ("quote", {"quote": "A good day for the city.", "attribution": "The mayor"}),
        ],
    )
    zed, amy, mo = byline
    for position, author in enumerate([amy, mo, zed]):
        ArticleAuthor.objects.filter(page=article, author=author).update(sort_order=position)
    return article


def assert_article_fields(item, article, rubric, byline):
    zed, amy, mo = byline
    assert item["id"] == article.pk
    assert item["title"] == article.title
    assert item["rubric"] == summary(rubric)
    assert item["authors"] == [author_summary(amy), author_summary(mo), author_summary(zed)]
    assert item["lead"] == "Work starts next spring."
    published_at = datetime.fromisoformat(item["published_at"])
    assert published_at.tzinfo is not None
    assert published_at == article.published_at
    assert [block["type"] for block in item["body"]] == ["paragraph", "quote"]
    assert item["body"][0]["value"] == "<p>The council voted on Tuesday.</p>"
    assert item["body"][1]["value"] == {
        "quote": "A good day for the city.",
        "attribution": "The mayor",
    }


def test_listing_url_resolves():
    assert reverse("wagtailapi_v2:pages:listing") == "/api/v2/pages/"


def test_listing_shows_live_articles_with_their_fields(client, article, rubric, byline):
    response = client.get(LISTING)

    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert item["meta"]["type"] == "wagtail_analytics.AnalyticsArticle"
    assert_article_fields(item, article, rubric, byline)


def test_detail_includes_the_article_fields(client, article, rubric, byline):
    response = client.get(f"/api/v2/pages/{article.pk}/")

    assert response.status_code == 200
    item = response.json()
    assert item["meta"]["parent"]["id"] == article.get_parent().pk
    assert_article_fields(item, article, rubric, byline)


def test_draft_article_is_hidden(client, index, article):
    draft = make_article(index, title="Not ready yet", slug="not-ready-yet", publish=False)

    listing = client.get(LISTING)
    detail = client.get(f"/api/v2/pages/{draft.pk}/")

    assert not draft.live
    assert [item["id"] for item in listing.json()["items"]] == [article.pk]
    assert detail.status_code == 404


def test_article_without_authors_has_an_empty_author_list(client, index, rubric):
    article = make_article(index, rubric=rubric, title="Staff report", slug="staff-report")

    response = client.get(f"/api/v2/pages/{article.pk}/")

    assert response.status_code == 200
    assert response.json()["authors"] == []
    assert response.json()["rubric"] == summary(rubric)


def test_api_gives_front_ends_ready_html_renditions_and_counts(client, index, rubric):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Harbour", file=get_test_image_file())
    related = make_article(index, rubric=rubric, slug="related", title="The harbour reopens")
    article = make_article(
        index,
        rubric=rubric,
        slug="complete",
        cover_image=image,
        cover_caption="The harbour at dawn",
        body=[
            (
                "paragraph",
                f'<p>See <a linktype="page" id="{related.pk}">the harbour</a>.</p><p></p>',
            ),
            ("image", {"image": image, "alt_text": "Boats", "caption": "Boats", "credit": "A. B."}),
            ("related_article", related),
        ],
    )
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    paragraph, picture, link = data["body"]
    assert paragraph["value"] == '<p>See <a href="/news/related/">the harbour</a>.</p>'
    assert picture["value"]["image"]["url"].startswith("/media/images/")
    assert picture["value"]["image"]["alt"] == "Boats"
    assert picture["value"]["credit"] == "A. B."
    assert link["value"] == {
        "id": related.pk,
        "title": "The harbour reopens",
        "url": "http://localhost/news/related/",
        "rubric": rubric.name,
    }
    assert data["cover"]["url"].startswith("/media/images/")
    # fill-1200x630 of a smaller image: cropped to the cover's proportions, never enlarged.
    assert data["cover"]["width"] / data["cover"]["height"] == pytest.approx(1200 / 630, 0.01)
    assert data["cover_caption"] == "The harbour at dawn"
    assert data["comment_count"] == 0
    assert data["comments_open"] is True
    assert data["read_token"]
