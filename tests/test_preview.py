"""Preview of drafts in a decoupled front end: a preview token returns the draft, nothing else."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from wagtail.models import GroupPagePermission

from tests.factories import make_article
from wagtail_analytics.preview_tokens import make_preview_token
from wagtail_analytics.read_counter import make_read_token

pytestmark = pytest.mark.django_db

PREVIEW = "/api/analytics/preview/"
FRONT_END = "http://127.0.0.1:8001/article.html"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "x")


@pytest.fixture
def article(index):
    article = make_article(index, title="Live title", lead="Live lead.")
    draft = article.get_latest_revision_as_object()
    draft.title = "Draft title"
    draft.lead = "Draft lead."
    draft.save_revision()
    return article


def preview(client, token, **params):
    return client.get(PREVIEW, {"token": token, **params})


def test_token_returns_the_draft_in_api_v2_shape(client, article, editor):
    response = preview(client, make_preview_token(article, editor))
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == article.pk
    assert data["title"] == "Draft title"
    assert data["lead"] == "Draft lead."
    assert data["meta"]["type"] == "wagtail_analytics.AnalyticsArticle"
    live = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert set(live) == set(data)
    assert set(live["meta"]) == set(data["meta"])
    assert data["rubric"] == live["rubric"]


def test_fields_parameter_works_as_in_api_v2(client, article, editor):
    data = preview(client, make_preview_token(article, editor), fields="-body").json()
    assert "body" not in data and data["title"] == "Draft title"
    response = preview(client, make_preview_token(article, editor), fields="no_such_field")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_fields"


def test_preview_is_never_cached(client, article, editor):
    response = preview(client, make_preview_token(article, editor))
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_nothing_else_returns_the_draft(client, article):
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["title"] == "Live title"
    listing = client.get("/api/v2/pages/?type=wagtail_analytics.AnalyticsArticle&fields=lead")
    assert [item["title"] for item in listing.json()["items"]] == ["Live title"]
    feed = client.get("/api/analytics/news-feed/").json()
    assert [item["title"] for item in feed["items"]] == ["Live title"]
    assert b"Draft" not in client.get(article.url).content


def test_never_published_article_is_only_seen_with_a_token(client, index, editor):
    draft = make_article(index, title="Unpublished scoop", publish=False)
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/analytics/articles/{draft.pk}/reads/").status_code == 404
    data = preview(client, make_preview_token(draft, editor)).json()
    assert data["title"] == "Unpublished scoop"


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "x" * 400, "eyJwYWdlIjoxLCJ1c2VyIjoxfQ:1abcde:forgedsignature"],
)
def test_forged_or_malformed_token_is_refused(client, article, token):
    response = preview(client, token)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "preview_token_invalid" and body["message"]


def test_tampered_token_is_refused(client, article, editor, index):
    token = make_preview_token(article, editor)
    other = make_article(index, title="Other")
    forged = make_preview_token(other, editor).split(":")[0] + ":" + token.split(":", 1)[1]
    assert preview(client, forged).json()["code"] == "preview_token_invalid"


def test_read_token_is_not_a_preview_token(client, article):
    assert preview(client, make_read_token(article.pk)).json()["code"] == "preview_token_invalid"


def test_missing_token_is_invalid(client):
    response = client.get(PREVIEW)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_expired_token_is_refused(client, article, editor, settings):
    token = make_preview_token(article, editor)
    settings.WAGTAIL_ANALYTICS = {"PREVIEW_TOKEN_MAX_AGE": -1}
    response = preview(client, token)
    assert response.status_code == 400
    assert response.json()["code"] == "preview_token_expired"


def test_token_of_someone_who_may_not_edit_is_refused(client, article):
    reader = get_user_model().objects.create_user("reader", password="x")
    response = preview(client, make_preview_token(article, reader))
    assert response.status_code == 403
    assert response.json()["code"] == "preview_forbidden"


def test_token_dies_with_the_editors_permission(client, article):
    user = get_user_model().objects.create_user("writer", password="x")
    group = Group.objects.create(name="Writers")
    user.groups.add(group)
    access = Permission.objects.get(codename="access_admin")
    group.permissions.add(access)
    GroupPagePermission.objects.create(
        group=group,
        page=article.get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    token = make_preview_token(article, user)
    assert preview(client, token).status_code == 200
    user.is_active = False
    user.save()
    assert preview(client, token).json()["code"] == "preview_forbidden"


def test_token_of_a_deleted_page_is_not_found(client, article, editor):
    token = make_preview_token(article, editor)
    article.delete()
    response = preview(client, token)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_admin_preview_redirects_to_the_front_end_with_a_working_token(
    client, article, editor, settings
):
    settings.WAGTAIL_ANALYTICS = {"HEADLESS_PREVIEW_URL": FRONT_END}
    request = RequestFactory().get("/")
    request.user = editor
    response = article.get_latest_revision_as_object().serve_preview(request, "")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == FRONT_END
    query = parse_qs(location.query)
    assert query["id"] == [str(article.pk)]
    assert preview(client, query["preview_token"][0]).json()["title"] == "Draft title"


def test_admin_preview_stays_server_rendered_without_a_front_end(client, article, editor):
    request = RequestFactory().get("/")
    request.user = editor
    rendered = article.get_latest_revision_as_object().serve_preview(request, "")
    assert rendered.status_code == 200


def test_preview_is_in_the_schema(client):
    schema = client.get("/api/analytics/openapi.json").json()
    operation = schema["paths"]["/api/analytics/preview/"]["get"]
    assert {"200", "400", "403", "404", "422"} <= set(operation["responses"])
