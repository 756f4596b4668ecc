"""HTTP caching of the public GET endpoints: Cache-Control, ETag and 304 Not Modified."""

import json

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_article
from wagtail_analytics.api.caching import body_etag
from wagtail_analytics.models import Comment
from wagtail_analytics.read_counter import make_read_token

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


@pytest.fixture
def article(index):
    return make_article(index)


def urls(article):
    return {
        "reads": (f"/api/analytics/articles/{article.pk}/reads/", 30),
        "discussion": (f"/api/analytics/articles/{article.pk}/discussion/", 60),
        "comments": (f"/api/analytics/articles/{article.pk}/comments/", 30),
        "news_feed": ("/api/analytics/news-feed/", 60),
        "openapi": ("/api/analytics/openapi.json", 300),
    }


ENDPOINTS = ["reads", "discussion", "comments", "news_feed", "openapi"]


def directives(response):
    return {d.strip() for d in response["Cache-Control"].split(",")}


def vary(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_answer_has_etag_and_public_cache_control(client, article, name):
    url, max_age = urls(article)[name]
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"] == body_etag(response.content)
    assert not response["ETag"].startswith("W/")
    assert directives(response) == {"public", f"max-age={max_age}"}
    assert "cookie" not in vary(response)
    assert "Set-Cookie" not in response and not response.cookies


@pytest.mark.parametrize("name", ["reads", "comments", "news_feed", "openapi"])
@pytest.mark.parametrize(
    "if_none_match",
    ["{etag}", "W/{etag}", '"other", {etag}', '"a", W/{etag}, "b"', "*"],
)
def test_matching_if_none_match_answers_304_without_body(client, article, name, if_none_match):
    url, _max_age = urls(article)[name]
    first = client.get(url)
    etag = first["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=if_none_match.format(etag=etag))
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == first["Cache-Control"]
    assert "cookie" not in vary(response)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_other_etag_answers_200(client, article, name):
    url, _max_age = urls(article)[name]
    response = client.get(url, HTTP_IF_NONE_MATCH='"something-else", W/"older"')
    assert response.status_code == 200
    assert response.content


def test_new_read_changes_the_etag(client, article):
    url, _ = urls(article)["reads"]
    before = client.get(url)
    client.post(
        "/api/analytics/reads/",
        data=json.dumps({"token": make_read_token(article.pk)}),
        content_type="text/plain",
        HTTP_USER_AGENT=BROWSER,
        REMOTE_ADDR="203.0.113.7",
    )
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["reads"] == 1
    assert after["ETag"] != before["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_new_comment_changes_the_etag(client, article):
    url, _ = urls(article)["comments"]
    before = client.get(url)
    Comment.objects.create(article=article, author_name="Nino", body="Hi", status="published")
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["count"] == 1
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/analytics/articles/999999/reads/",
        "/api/analytics/articles/999999/discussion/",
        "/api/analytics/articles/999999/comments/",
        "/api/analytics/news-feed/?limit=0",
        "/api/analytics/news-feed/?rubric=no-such-rubric",
    ],
)
def test_errors_are_not_cached_and_never_304(client, index, url):
    response = client.get(url, HTTP_IF_NONE_MATCH="*")
    assert response.status_code in (404, 422)
    assert "code" in response.json()
    assert "ETag" not in response
    assert response["Cache-Control"] == "no-store"


def test_anonymous_request_with_a_session_cookie_does_not_vary_on_cookie(client, article):
    client.cookies["sessionid"] = "not-a-valid-session"
    url, _ = urls(article)["reads"]
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_authenticated_answer_is_private_and_varies_on_cookie(client, article):
    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)
    url, _ = urls(article)["comments"]
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) == {"private", "max-age=30"}
    assert "cookie" in vary(response)
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert directives(again) == {"private", "max-age=30"}


def test_max_age_follows_the_settings(client, article, settings):
    settings.WAGTAIL_ANALYTICS = {"READ_COUNTS_MAX_AGE": 5, "COMMENTS_API_MAX_AGE": 7}
    assert directives(client.get(urls(article)["reads"][0])) == {"public", "max-age=5"}
    assert directives(client.get(urls(article)["comments"][0])) == {"public", "max-age=7"}


def test_schema_documents_304_for_the_get_operations(client):
    schema = client.get("/api/analytics/openapi.json").json()
    gets = [
        ops["get"]
        for path, ops in schema["paths"].items()
        if "get" in ops and path != "/api/analytics/preview/"
    ]
    assert len(gets) == 4
    for operation in gets:
        assert "304" in operation["responses"], operation["operationId"]
