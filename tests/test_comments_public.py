"""Readers' side of comments: the form on the page, the JSON API, privacy and hostile input."""

import json
import time
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from tests.factories import make_article
from wagtail_analytics.models import Comment, CommentRules, CommentSettings, ModerationRule
from wagtail_analytics.moderation.tickets import make_ticket

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
RULES = "<p>Readers must avoid religious, racial and national discrimination.</p>"


@pytest.fixture
def site_settings(db):
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.save()
    CommentRules.objects.create(setting=settings, language="en", text=RULES)
    CommentRules.objects.create(
        setting=settings, language="ru", text="<p>Не допускайте дискриминации.</p>"
    )
    return settings


@pytest.fixture
def article(index, site_settings):
    return make_article(index)


def ticket_for(article, age=60):
    return make_ticket(article.pk, now=time.time() - age)


def post_json(client, article, **fields):
    payload = {"author_name": "Nino", "body": "A thoughtful remark.", "ticket": ticket_for(article)}
    payload.update(fields)
    return client.post(
        f"/api/analytics/articles/{article.pk}/comments/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_USER_AGENT=BROWSER,
    )


# The page -------------------------------------------------------------------------------


def test_article_shows_rules_form_and_length_hint(client, article):
    html = client.get(article.url).content.decode()
    assert "Write comment" in html
    rules_at = html.index('class="wa-rules"')
    assert "Warning!" in html[rules_at:]
    assert "religious, racial and national discrimination" in html[rules_at:]
    assert rules_at < html.index('class="wa-comment-form"')
    assert "You can enter 512 characters" in html
    assert ">Send</button>" in html
    assert 'name="website"' in html  # the honeypot
    assert "csrfmiddlewaretoken" not in html


def test_article_page_with_the_form_stays_cookie_free(client, article):
    response = client.get(article.url)
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def test_form_post_without_javascript_redirects_with_awaiting_moderation(client, article):
    response = client.post(
        f"/comments/{article.pk}/",
        {"author_name": "Nino", "body": "Well written.", "ticket": ticket_for(article)},
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == 303
    assert response["Location"] == f"{article.url}?comment=pending#wa-comments"
    html = client.get(response["Location"]).content.decode()
    assert "Your comment is awaiting moderation" in html
    comment = Comment.objects.get()
    assert (comment.status, comment.author_name, comment.body) == (
        "pending",
        "Nino",
        "Well written.",
    )
    assert "Well written." not in html  # pending comments are not shown


def test_refused_form_post_keeps_the_text_and_names_the_reason(client, article):
    text = "x" * 600
    response = client.post(
        f"/comments/{article.pk}/",
        {"author_name": "Nino", "body": text, "ticket": ticket_for(article)},
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert text in html  # nothing typed is lost
    assert 'role="alert"' in html
    assert "Too long by 88" in html
    assert not Comment.objects.exists()


def test_rule_breaking_comment_names_the_rule(client, article):
    ModerationRule.objects.create(phrase="scoundrel", family="offensive", action="reject")
    response = post_json(client, article, body="The mayor is a scoundrel.")
    assert response.status_code == 422
    assert response.json()["code"] == "rule.offensive"
    assert "offensive" in response.json()["message"].lower()
    assert Comment.objects.get().status == "rejected"


def test_published_comments_are_listed_with_name_and_time(client, article):
    Comment.objects.create(
        article=article, author_name="Nino", body="Visible <b>text</b>", status="published"
    )
    Comment.objects.create(
        article=article, author_name="Hidden", body="Pending text", status="pending"
    )
    Comment.objects.create(article=article, author_name="Spammer", body="Spam text", status="spam")
    html = client.get(article.url).content.decode()
    assert "Visible &lt;b&gt;text&lt;/b&gt;" in html
    assert "Pending text" not in html and "Spam text" not in html
    assert "1 comment" in html


def test_post_moderation_publishes_at_once(client, article, site_settings):
    site_settings.policy = "post"
    site_settings.save()
    response = post_json(client, article)
    assert response.status_code == 201
    assert response.json()["status"] == "published"
    assert "A thoughtful remark." in client.get(article.url).content.decode()


def test_closed_article_shows_no_form_and_refuses_posts(client, index, site_settings):
    article = make_article(index, comments_open=False)
    assert "Comments on this article are closed." in client.get(article.url).content.decode()
    response = post_json(client, article)
    assert response.status_code == 403
    assert response.json()["code"] == "closed"


def test_russian_reader_gets_russian_form_and_rules(client, article):
    html = client.get(article.url, headers={"accept-language": "ru"}).content.decode()
    assert "Не допускайте дискриминации." in html
    assert "Можно ввести ещё 512 символов" in html
    assert "Отправить" in html


# The JSON API ---------------------------------------------------------------------------


def test_discussion_endpoint_tells_a_client_everything_it_needs(client, article, site_settings):
    data = client.get(f"/api/analytics/articles/{article.pk}/discussion/").json()
    assert data["open"] is True
    assert data["policy"] == "pre"
    assert data["rules"]["html"] == RULES
    assert data["rules"]["version"] == CommentRules.objects.get(language="en").version
    assert data["max_length"] == 512
    assert data["length_unit"] == "grapheme_clusters"
    assert data["ticket"]
    assert data["honeypot_field"] == "website"


def test_submit_and_list_through_the_api(client, article):
    response = post_json(client, article, email="nino@example.com")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert "awaiting moderation" in body["message"]
    comment = Comment.objects.get(pk=body["id"])
    assert comment.rules_version == CommentRules.objects.get(language="en").version
    assert client.get(f"/api/analytics/articles/{article.pk}/comments/").json() == {
        "count": 0,
        "items": [],
    }
    comment.status = "published"
    comment.save()
    listed = client.get(f"/api/analytics/articles/{article.pk}/comments/?limit=5").json()
    assert listed["count"] == 1
    assert set(listed["items"][0]) == {"id", "author_name", "body", "created_at"}
    assert "nino@example.com" not in json.dumps(listed)


def test_emoji_and_combining_characters_count_as_readers_see_them(client, article):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one family emoji
    assert post_json(client, article, body=family * 512).status_code == 201
    too_long = post_json(client, article, body=family * 513, ticket=ticket_for(article))
    assert too_long.status_code == 422
    assert too_long.json()["code"] == "too_long"
    assert too_long.json()["limit"] == 512
    assert too_long.json()["length"] == 513


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        ("{not json", 400, "malformed_body"),
        ("[]", 400, "malformed_body"),
        ('{"body": 5, "ticket": "x"}', 422, "invalid_field"),
        ('{"body": ["a"], "ticket": "x"}', 422, "invalid_field"),
        (
            '{"body": "hi", "author_name": "N", "email": "not-an-email", "ticket": "x"}',
            422,
            "invalid_email",
        ),
        ('{"body": "hi", "author_name": "N", "ticket": "forged"}', 400, "invalid_ticket"),
    ],
)
def test_malformed_and_wrongly_typed_bodies_get_a_clear_4xx(client, article, raw, status, code):
    response = client.post(
        f"/api/analytics/articles/{article.pk}/comments/", data=raw, content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["code"] == code


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\u202eevil override text",
    "a" + "\u0301" * 5000,  # combining-mark flood
    "\U0001f600" * 100,
    "null\x00byte",
    "   \n\t  ",
    "x" * 100_000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_causes_a_5xx_and_is_escaped(client, article, site_settings, text):
    site_settings.policy = "post"
    site_settings.save()
    response = post_json(client, article, body=text, author_name="<b>Mallory</b>")
    assert response.status_code < 500
    assert response.headers["Content-Type"].startswith("application/json")
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "<b>Mallory</b>" not in html


def test_unknown_article_is_a_json_404(client, db):
    response = client.get("/api/analytics/articles/424242/discussion/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# Privacy --------------------------------------------------------------------------------


def test_purge_deletes_old_rejected_and_spam_and_strips_fingerprints(article):
    from datetime import timedelta

    from django.utils import timezone

    old = timezone.now() - timedelta(days=40)
    keep = Comment.objects.create(
        article=article, author_name="A", body="ok", status="published", fingerprint="f1"
    )
    gone = Comment.objects.create(article=article, author_name="B", body="no", status="rejected")
    spam = Comment.objects.create(article=article, author_name="C", body="buy", status="spam")
    fresh = Comment.objects.create(
        article=article, author_name="D", body="new", status="spam", fingerprint="f2"
    )
    Comment.objects.filter(pk__in=[keep.pk, gone.pk, spam.pk]).update(created_at=old)
    out = StringIO()
    call_command("purge_comments", days=30, fingerprint_days=30, stdout=out)
    assert set(Comment.objects.values_list("pk", flat=True)) == {keep.pk, fresh.pk}
    assert Comment.objects.get(pk=keep.pk).fingerprint == ""
    assert Comment.objects.get(pk=fresh.pk).fingerprint == "f2"
    assert "rejected and spam comments: 2/2 deleted" in out.getvalue()


def test_export_and_erase_one_persons_comments(article):
    Comment.objects.create(article=article, author_name="A", body="mine", email="a@example.com")
    Comment.objects.create(article=article, author_name="B", body="theirs", email="b@example.com")
    out = StringIO()
    call_command("comment_author_data", "A@example.com", "--export", stdout=out)
    exported = json.loads(out.getvalue())
    assert [c["body"] for c in exported["comments"]] == ["mine"]
    call_command("comment_author_data", "a@example.com", "--erase", "--yes", stdout=StringIO())
    assert list(Comment.objects.values_list("body", flat=True)) == ["theirs"]


def test_no_raw_ip_is_stored(client, article):
    post_json(client, article)
    comment = Comment.objects.get()
    assert "127.0.0.1" not in json.dumps(
        {f.name: str(getattr(comment, f.attname)) for f in Comment._meta.concrete_fields}
    )
    assert len(comment.fingerprint) == 32


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/analytics/articles/9223372036854775808/reads/"),
        ("get", "/api/analytics/articles/99999999999999999999999/discussion/"),
        ("get", "/api/analytics/articles/99999999999999999999999/comments/"),
        ("post", "/api/analytics/articles/99999999999999999999999/comments/"),
        ("get", "/api/analytics/articles/null/reads/"),
        ("post", "/api/analytics/articles/AAA/comments/"),
        ("get", "/api/analytics/no-such-endpoint"),
    ],
)
def test_impossible_ids_and_unknown_addresses_are_json_404s(client, db, method, path):
    if method == "post":
        response = client.post(path, data="{}", content_type="application/json")
    else:
        response = client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_huge_offset_is_a_422_not_a_crash(client, article):
    response = client.get(f"/api/analytics/articles/{article.pk}/comments/?offset={2**64}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_honeypot_spam_still_needs_a_valid_ticket(client, article):
    response = post_json(client, article, website="http://spam.example", ticket="forged")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_ticket"
    assert not Comment.objects.exists()
