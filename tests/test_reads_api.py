"""The read beacon and counts endpoints, and what they refuse to count."""

import json

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from tests.factories import make_article
from wagtail_analytics.models import ReadTotal
from wagtail_analytics.read_counter import make_read_token

pytestmark = pytest.mark.django_db

BEACON = "/api/analytics/reads/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


@pytest.fixture
def article(index):
    return make_article(index)


def beacon(client, token, *, content_type="text/plain", ua=BROWSER, ip="203.0.113.7", **extra):
    return client.post(
        BEACON,
        data=json.dumps({"token": token}),
        content_type=content_type,
        HTTP_USER_AGENT=ua,
        REMOTE_ADDR=ip,
        **extra,
    )


def totals(article):
    row = ReadTotal.objects.filter(article=article).first()
    return (row.reads, row.views) if row else (0, 0)


@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
def test_beacon_counts_a_read_and_answers_204(client, article, content_type):
    response = beacon(client, make_read_token(article.pk), content_type=content_type)
    assert response.status_code == 204
    assert response.content == b""
    assert totals(article) == (1, 1)


def test_beacon_answers_counts_when_asked(client, article):
    token = make_read_token(article.pk)
    beacon(client, token)
    response = client.post(
        BEACON,
        data=json.dumps({"token": token, "counts": True}),
        content_type="text/plain",
        HTTP_USER_AGENT=BROWSER,
        REMOTE_ADDR="198.51.100.1",
    )
    assert response.status_code == 200
    assert response.json() == {"reads": 2, "views": 2}


def test_beacon_sets_no_cookie(client, article):
    response = beacon(client, make_read_token(article.pk))
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_replayed_token_from_the_same_reader_is_one_read(client, article):
    token = make_read_token(article.pk)
    for _ in range(5):
        assert beacon(client, token).status_code == 204
    assert totals(article) == (1, 5)


def test_rotating_forwarded_for_from_an_untrusted_peer_is_ignored(client, article):
    token = make_read_token(article.pk)
    for n in range(10):
        beacon(client, token, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert totals(article) == (1, 10)


def test_forwarded_for_from_a_trusted_proxy_identifies_readers(client, article, settings):
    settings.WAGTAIL_ANALYTICS = {"TRUSTED_PROXIES": ["10.0.0.0/8"]}
    token = make_read_token(article.pk)
    for n in range(4):
        beacon(client, token, ip="10.1.2.3", HTTP_X_FORWARDED_FOR=f"198.51.{n}.20")
    assert totals(article) == (4, 4)


def test_one_network_cannot_mint_readers_past_the_cap(client, article, settings):
    settings.WAGTAIL_ANALYTICS = {"READ_PREFIX_CAP": 3}
    token = make_read_token(article.pk)
    for n in range(6):  # same /24, different user agents: different readers
        beacon(client, token, ua=BROWSER.replace("126.0", f"126.{n}"), ip=f"203.0.113.{n + 1}")
    assert totals(article) == (3, 6)


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "   ",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_crawlers_and_empty_user_agents_are_not_counted(client, article, user_agent):
    response = beacon(client, make_read_token(article.pk), ua=user_agent)
    assert response.status_code == 204
    assert totals(article) == (0, 0)


def test_editors_are_not_counted_but_other_users_are(client, article, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = editor.groups.create(name="News desk")
    GroupPagePermission.objects.create(
        group=group,
        page=article.get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    client.force_login(editor)
    beacon(client, make_read_token(article.pk))
    assert totals(article) == (0, 0)

    reader = django_user_model.objects.create_user("reader", password="x")
    client.force_login(reader)
    token = make_read_token(article.pk)
    beacon(client, token, ip="203.0.113.1")
    beacon(client, token, ip="198.51.100.99")  # the same user elsewhere: still one reader
    assert totals(article) == (1, 2)


def test_editors_are_counted_when_the_setting_says_so(client, article, admin_user, settings):
    settings.WAGTAIL_ANALYTICS = {"READ_IGNORE_EDITORS": False}
    client.force_login(admin_user)
    beacon(client, make_read_token(article.pk))
    assert totals(article) == (1, 1)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("not json", 400, "malformed_body"),
        ("[1, 2]", 400, "token_invalid"),
        ('{"token": 5}', 400, "token_invalid"),
        ('{"token": "5:forged:signature"}', 400, "token_invalid"),
        ("\udcff", 400, "malformed_body"),
    ],
)
def test_bad_beacons_get_a_json_error_with_a_code(client, article, body, status, code):
    response = client.post(
        BEACON,
        data=body.encode("utf-8", "surrogateescape"),
        content_type="text/plain",
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert totals(article) == (0, 0)


def test_expired_token_is_refused(client, article, settings):
    token = make_read_token(article.pk)
    settings.WAGTAIL_ANALYTICS = {"READ_TOKEN_MAX_AGE": -1}
    response = beacon(client, token)
    assert response.status_code == 400
    assert response.json()["code"] == "token_expired"


def test_token_of_an_unpublished_article_is_refused(client, index):
    draft = make_article(index, publish=False)
    response = beacon(client, make_read_token(draft.pk))
    assert response.status_code == 404
    assert response.json()["code"] == "not_live"


def test_huge_body_is_refused_without_reading_it(client, article):
    response = client.post(
        BEACON, data="x" * 100_000, content_type="text/plain", HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


def test_counts_endpoint(client, article):
    beacon(client, make_read_token(article.pk))
    response = client.get(f"/api/analytics/articles/{article.pk}/reads/")
    assert response.status_code == 200
    assert response.json() == {"reads": 1, "views": 1}
    assert "max-age=30" in response.headers["Cache-Control"]
    assert "public" in response.headers["Cache-Control"]


def test_counts_of_a_missing_article_is_a_json_404(client, db):
    response = client.get("/api/analytics/articles/999999/reads/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# The article page ------------------------------------------------------------------------


def test_article_page_shows_reads_and_carries_the_beacon(client, article):
    token = make_read_token(article.pk)
    for n in range(3):
        beacon(client, token, ip=f"198.51.{n}.1")
    html = client.get(article.url).content.decode()
    assert "Read: 3" in html
    assert 'data-wa-read-url="/api/analytics/reads/"' in html
    assert 'data-wa-read-token="' in html
    assert "wagtail_analytics/js/read-beacon.js" in html


def test_rendering_the_page_does_not_count(client, article):
    client.get(article.url)
    client.get(article.url)
    assert totals(article) == (0, 0)


def test_article_response_sets_no_cookie_and_does_not_vary_on_it(client, article):
    response = client.get(article.url)
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def test_preview_has_no_token_and_no_script(admin_client, article):
    response = admin_client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Read: 0" in html
    assert "data-wa-read-token" not in html
    assert "read-beacon.js" not in html


def test_listing_shows_read_counts(client, index, article):
    beacon(client, make_read_token(article.pk))
    assert "Read: 1" in client.get(index.url).content.decode()


def test_api_v2_exposes_reads_and_read_token(client, article):
    beacon(client, make_read_token(article.pk))
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["reads"] == 1
    assert beacon(client, data["read_token"], ip="198.51.100.5").status_code == 204
    assert totals(article) == (2, 2)


def test_no_csrf_token_is_needed_even_with_a_session(article, django_user_model):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert beacon(client, make_read_token(article.pk)).status_code == 204
    assert totals(article) == (1, 1)
