"""The editor's side: page-type rules, the article create/edit views and the snippet admin."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Site
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.factories import AuthorFactory, RubricFactory, make_article
from wagtail_analytics.blocks import PARAGRAPH_FEATURES
from wagtail_analytics.models import (
    AnalyticsArticle,
    ArticleAuthor,
    ArticleIndexPage,
    Author,
    Rubric,
)


@pytest.fixture
def authors(db):
    amy = AuthorFactory(name="Amy Adler", slug="amy-adler")
    zed = AuthorFactory(name="Zed Zimmer", slug="zed-zimmer")
    return amy, zed


def add_url(index):
    return reverse(
        "wagtailadmin_pages:add", args=("wagtail_analytics", "analyticsarticle", index.pk)
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def article_post_data(rubric, author_rows, **overrides):
    data = {
        "title": "Tram lines approved",
        "slug": "tram-lines-approved",
        "lead": "The council voted on Tuesday.",
        "rubric": rubric.pk if rubric else "",
        "article_authors": inline_formset(author_rows),
        "body": streamfield(
            [
                (
                    "paragraph",
                    rich_text("<p>Work starts in spring.</p>", features=PARAGRAPH_FEATURES),
                ),
                ("quote", {"quote": "It is a good day for the city.", "attribution": "The mayor"}),
            ]
        ),
        "published_at": "",
        "updated_at": "",
        "byline": "",
        "tags": "",
        "comments_open": "on",
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def form_errors(response):
    return response.context["form"].errors


def test_article_is_created_only_under_an_article_index(index):
    home = Site.objects.get(is_default_site=True).root_page
    article = make_article(index)

    assert AnalyticsArticle.can_create_at(index)
    assert not AnalyticsArticle.can_create_at(home)
    assert not AnalyticsArticle.can_create_at(article)
    assert AnalyticsArticle.allowed_parent_page_models() == [ArticleIndexPage]
    assert AnalyticsArticle.allowed_subpage_models() == []
    assert ArticleIndexPage.allowed_subpage_models() == [AnalyticsArticle]


def test_add_subpage_of_index_goes_straight_to_the_article_form(admin_client, index):
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(index.pk,)))

    assert response.status_code == 302
    assert response["Location"] == add_url(index)


def test_admin_refuses_to_publish_an_article_outside_an_index(admin_client, rubric):
    home = Site.objects.get(is_default_site=True).root_page
    url = reverse("wagtailadmin_pages:add", args=("wagtail_analytics", "analyticsarticle", home.pk))

    response = admin_client.post(url, article_post_data(rubric, []))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not AnalyticsArticle.objects.exists()


def test_create_and_publish_article_in_admin(admin_client, index, rubric, authors):
    amy, zed = authors
    data = article_post_data(rubric, [{"author": zed.pk}, {"author": amy.pk}])

    response = admin_client.post(add_url(index), data)

    assert response.status_code == 302
    article = AnalyticsArticle.objects.get(slug="tram-lines-approved")
    assert article.get_parent().pk == index.pk
    assert article.title == "Tram lines approved"
    assert article.live
    assert not article.has_unpublished_changes
    assert article.rubric == rubric
    assert article.lead == "The council voted on Tuesday."
    assert article.published_at is not None
    assert article.published_at == article.first_published_at
    assert article.authors == [zed, amy]
    assert [block.block_type for block in article.body] == ["paragraph", "quote"]
    assert "Work starts in spring." in article.body[0].value.source
    assert article.body[1].value["attribution"] == "The mayor"


def test_create_without_rubric_shows_error_and_saves_nothing(admin_client, index, authors):
    amy, _ = authors

    response = admin_client.post(add_url(index), article_post_data(None, [{"author": amy.pk}]))

    assert response.status_code == 200
    assert "rubric" in form_errors(response)
    assert "This field is required." in response.content.decode()
    assert not AnalyticsArticle.objects.exists()
    assert not ArticleAuthor.objects.exists()


def test_update_time_before_publication_time_is_a_form_error(admin_client, index, rubric):
    data = article_post_data(
        rubric,
        [],
        published_at="2024-05-02 10:00",
        updated_at="2024-05-01 10:00",
    )

    response = admin_client.post(add_url(index), data)

    assert response.status_code == 200
    assert form_errors(response)["updated_at"] == [
        "The update time cannot be before the publication time."
    ]
    assert not AnalyticsArticle.objects.exists()


def test_explicit_publication_time_is_kept(admin_client, index, rubric):
    data = article_post_data(rubric, [], published_at="2024-05-02 10:00")

    response = admin_client.post(add_url(index), data)

    assert response.status_code == 302
    article = AnalyticsArticle.objects.get(slug="tram-lines-approved")
    assert article.published_at.isoformat() == "2024-05-02T07:00:00+00:00"
    assert article.first_published_at != article.published_at


def test_edit_changes_lead_and_reorders_authors(admin_client, index, rubric, authors):
    amy, zed = authors
    article = make_article(index, rubric=rubric, authors=[amy, zed])
    first_revision = article.live_revision
    rows = {row.author_id: row.pk for row in article.article_authors.all()}
    data = article_post_data(
        rubric,
        [{"id": rows[zed.pk], "author": zed.pk}, {"id": rows[amy.pk], "author": amy.pk}],
        title=article.title,
        slug=article.slug,
        lead="Updated: work starts in winter.",
        published_at=timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M"),
    )
    data["article_authors-INITIAL_FORMS"] = "2"

    response = admin_client.post(edit_url(article), data)

    assert response.status_code == 302
    article = AnalyticsArticle.objects.get(pk=article.pk)
    assert article.lead == "Updated: work starts in winter."
    assert article.authors == [zed, amy]
    assert article.live_revision != first_revision
    assert article.live_revision == article.latest_revision
    assert not article.has_unpublished_changes
    assert ArticleAuthor.objects.filter(page=article).count() == 2


def test_edit_view_shows_the_article_tabs(admin_client, index):
    article = make_article(index)

    response = admin_client.get(edit_url(article))

    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    headings = [next(tab.stripped_strings) for tab in soup.select('[role="tab"]')]
    assert headings == ["Content", "Byline and rubric", "Promote", "Settings"]


def snippet_url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


SNIPPETS = [
    pytest.param(Rubric, RubricFactory, ("Urban economy", "Culture"), "culture", id="rubric"),
    pytest.param(
        Author, AuthorFactory, ("Ivan Petrov", "Eliso Margvelani"), "margvelani", id="author"
    ),
]


@pytest.mark.parametrize(("model", "factory", "names", "query"), SNIPPETS)
def test_snippet_listing_shows_names(admin_client, db, model, factory, names, query):
    for number, name in enumerate(names):
        factory(name=name, slug=f"item-{number}")

    response = admin_client.get(snippet_url(model, "list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert all(name in content for name in names)


@pytest.mark.parametrize(("model", "factory", "names", "query"), SNIPPETS)
def test_snippet_search_finds_by_name(admin_client, db, model, factory, names, query):
    other, wanted = names
    factory(name=other, slug="other")
    factory(name=wanted, slug="wanted")

    response = admin_client.get(snippet_url(model, "list"), {"q": query})

    assert response.status_code == 200
    content = response.content.decode()
    assert wanted in content
    assert other not in content


def test_rubric_add_view_creates_rubric(admin_client, db):
    url = snippet_url(Rubric, "add")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {"name": "Science", "slug": "science", "description": "Research news.", "sort_order": "5"},
    )

    assert response.status_code == 302
    rubric = Rubric.objects.get(slug="science")
    assert rubric.name == "Science"
    assert rubric.sort_order == 5
    assert rubric.locale == Locale.get_default()


def test_rubric_add_view_rejects_duplicate_slug(admin_client, rubric):
    response = admin_client.post(
        snippet_url(Rubric, "add"), {"name": "Analytics 2", "slug": "analytics", "sort_order": "0"}
    )

    assert response.status_code == 200
    assert "slug" in form_errors(response)
    assert Rubric.objects.filter(slug="analytics").count() == 1
