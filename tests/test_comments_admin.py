"""Comment moderation in the Wagtail admin: queue, filters, search, inspect, actions, audit log."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from tests.factories import RubricFactory, make_article
from wagtail_analytics.models import Comment, CommentStatus, ModerationRule
from wagtail_analytics.moderation.actions import LOG_ACTIONS
from wagtail_analytics.signals import comment_moderated

User = get_user_model()


# --- Fixtures and helpers ------------------------------------------------------------------


def make_user(username, *codenames):
    """A user in a group with the given permissions (``app_label.codename`` strings)."""
    group = Group.objects.create(name=f"{username} group")
    for name in codenames:
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = User.objects.create_user(username, f"{username}@example.com", "password")
    user.groups.add(group)
    return user


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def moderator(db):
    return make_user(
        "moderator",
        "wagtailadmin.access_admin",
        "wagtail_analytics.view_comment",
        "wagtail_analytics.moderate_comment",
    )


@pytest.fixture
def editor(db):
    """May open the admin and look at comments, but not moderate them."""
    return make_user("editor", "wagtailadmin.access_admin", "wagtail_analytics.view_comment")


@pytest.fixture
def moderator_client(moderator):
    return client_for(moderator)


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def article(index):
    return make_article(index, title="Tram lines approved", slug="tram-lines")


def make_comment(article, *, hours_ago=1, status=CommentStatus.PENDING, **kwargs):
    kwargs.setdefault("author_name", "Nino Beridze")
    kwargs.setdefault("body", "A reader's comment.")
    comment = Comment.objects.create(article=article, status=status, **kwargs)
    # created_at is auto_now_add: move it back in time after creation.
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
    comment.refresh_from_db()
    return comment


def url(name, *args, model=Comment):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def bulk_url(action, comments, **params):
    query = "&".join([*(f"id={c.pk}" for c in comments), *(f"{k}={v}" for k, v in params.items())])
    return reverse("wagtail_bulk_action", args=("wagtail_analytics", "comment", action)) + (
        f"?{query}"
    )


def listed(response):
    return list(response.context["object_list"])


def statuses(*comments):
    return [Comment.objects.get(pk=c.pk).status for c in comments]


def log_entries(comment):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment), object_id=str(comment.pk)
    )


@pytest.fixture
def moderated_signals():
    received = []

    def receiver(sender, comment, action, user, previous_status, **kwargs):
        received.append((comment.pk, action, user.username, previous_status))

    comment_moderated.connect(receiver, dispatch_uid="test_comments_admin")
    yield received
    comment_moderated.disconnect(dispatch_uid="test_comments_admin")


# --- The listing -------------------------------------------------------------------------


def test_listing_opens_on_the_pending_queue_oldest_first(moderator_client, article):
    newer = make_comment(article, hours_ago=2, author_name="Newer")
    older = make_comment(article, hours_ago=5, author_name="Older")
    make_comment(article, hours_ago=9, status=CommentStatus.PUBLISHED, author_name="Published")
    make_comment(article, hours_ago=9, status=CommentStatus.SPAM, author_name="Spammer")

    response = moderator_client.get(url("list"))

    assert response.status_code == 200
    assert listed(response) == [older, newer]
    content = response.content.decode()
    assert "Tram lines approved" in content
    assert "Awaiting moderation" in content
    assert "Published" not in [c.author_name for c in listed(response)]


def test_listing_has_no_add_button_even_for_superusers(admin_client, article):
    make_comment(article)

    response = admin_client.get(url("list"))

    assert response.status_code == 200
    assert url("add") not in response.content.decode()
    assert not response.context["can_add"]


def test_status_all_lists_every_comment_and_can_sort_newest_first(moderator_client, article):
    pending = make_comment(article, hours_ago=3)
    published = make_comment(article, hours_ago=2, status=CommentStatus.PUBLISHED)
    spam = make_comment(article, hours_ago=1, status=CommentStatus.SPAM)

    oldest_first = moderator_client.get(url("list"), {"status": "all"})
    newest_first = moderator_client.get(url("list"), {"status": "all", "ordering": "-created_at"})

    assert listed(oldest_first) == [pending, published, spam]
    assert listed(newest_first) == [spam, published, pending]


def test_listing_shows_excerpt_article_author_status_reason_and_date(moderator_client, article):
    make_comment(
        article,
        author_name="Ivan Petrov",
        body="Too many buses on Rustaveli avenue " * 5,
        status=CommentStatus.REJECTED,
        reason="rule.offensive",
    )

    response = moderator_client.get(url("list"), {"status": "rejected"})

    soup = WagtailTestUtils.get_soup(response.content)
    headings = [th.get_text(" ", strip=True) for th in soup.select("thead th")]
    assert [h for h in headings if h] == [
        "Comment",
        "Article",
        "Author",
        "Status",
        "Reason",
        "Date",
    ]
    row = soup.select_one("tbody tr").get_text(" ", strip=True)
    assert "Too many buses on Rustaveli avenue" in row
    assert "…" in row  # an excerpt, not the whole text
    assert "Ivan Petrov" in row
    assert "Rejected" in row
    assert "Rules: offensive language" in row
    assert soup.select_one(f'tbody a[href="{article.url}"]').get_text(strip=True) == article.title


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "spam"}, ["spam"]),
        ({"status": "published"}, ["published", "offensive"]),
        ({"status": "all", "reason": "rule.offensive"}, ["offensive"]),
        ({"status": "all", "rubric": "RUBRIC"}, ["other rubric"]),
        ({"status": "all", "created_at_from": "DAYS_AGO_3"}, ["pending", "spam", "other rubric"]),
        ({"status": "all", "created_at_to": "DAYS_AGO_3"}, ["published", "offensive"]),
    ],
)
def test_filters(moderator_client, index, article, params, expected):
    rubric = RubricFactory(name="Culture", slug="culture")
    other = make_article(index, title="An opera premiere", slug="opera", rubric=rubric)
    make_comment(article, hours_ago=1, author_name="pending")
    make_comment(article, hours_ago=2, author_name="spam", status=CommentStatus.SPAM)
    make_comment(article, hours_ago=200, author_name="published", status=CommentStatus.PUBLISHED)
    make_comment(
        article,
        hours_ago=100,
        author_name="offensive",
        status=CommentStatus.PUBLISHED,
        reason="rule.offensive",
    )
    make_comment(other, hours_ago=3, author_name="other rubric")
    three_days_ago = (timezone.localdate() - timedelta(days=3)).isoformat()
    replacements = {"RUBRIC": str(rubric.pk), "DAYS_AGO_3": three_days_ago}
    params = {key: replacements.get(value, value) for key, value in params.items()}

    response = moderator_client.get(url("list"), params)

    assert response.status_code == 200
    assert sorted(c.author_name for c in listed(response)) == sorted(expected)


def test_search_finds_words_of_the_text_and_the_start_of_the_name(moderator_client, article):
    tram = make_comment(article, author_name="Nino Beridze", body="The tram is wonderful news")
    bus = make_comment(article, author_name="Ivan Petrov", body="Buses would be cheaper")
    published = make_comment(
        article, author_name="Olga", body="More trams please", status=CommentStatus.PUBLISHED
    )

    by_text = moderator_client.get(url("list"), {"q": "wonderful"})
    by_name = moderator_client.get(url("list"), {"q": "Petr"})
    everywhere = moderator_client.get(url("list"), {"q": "tram", "status": "all"})

    assert listed(by_text) == [tram]
    assert listed(by_name) == [bus]
    assert tram in listed(everywhere)
    assert bus not in listed(everywhere)
    assert published not in listed(by_text)


def test_search_combines_with_the_rubric_filter(moderator_client, index, article):
    rubric = RubricFactory(name="Culture", slug="culture")
    opera = make_article(index, title="An opera premiere", slug="opera", rubric=rubric)
    wanted = make_comment(opera, body="The tram to the opera is late")
    make_comment(article, body="The tram is early")

    response = moderator_client.get(url("list"), {"q": "tram", "rubric": rubric.pk})

    assert response.status_code == 200
    assert listed(response) == [wanted]


def test_empty_queue_says_nothing_awaits_moderation(moderator_client, article):
    make_comment(article, status=CommentStatus.PUBLISHED)

    response = moderator_client.get(url("list"))

    assert listed(response) == []
    assert "No comments are awaiting moderation." in response.content.decode()


# --- Inspect, edit and add -----------------------------------------------------------------


def test_inspect_view_shows_the_comment_but_never_the_fingerprint(moderator_client, article):
    comment = make_comment(
        article,
        email="nino@example.com",
        fingerprint="f1ngerpr1nt-secret",
        body="<script>alert(1)</script>\nSecond line",
    )

    response = moderator_client.get(url("inspect", comment.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert "nino@example.com" in content
    assert "f1ngerpr1nt-secret" not in content
    assert "Fingerprint" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in content
    assert "<script>alert(1)" not in content
    assert "Tram lines approved" in content


def test_inspect_view_hides_the_email_from_users_who_cannot_moderate(editor_client, article):
    comment = make_comment(article, email="nino@example.com")

    response = editor_client.get(url("inspect", comment.pk))

    assert response.status_code == 200
    assert "nino@example.com" not in response.content.decode()
    assert url("approve", comment.pk) not in response.content.decode()


def test_listing_links_to_the_inspect_view_not_an_edit_form(admin_client, article):
    comment = make_comment(article)

    content = admin_client.get(url("list")).content.decode()

    assert url("inspect", comment.pk) in content
    assert url("edit", comment.pk) not in content


def test_the_text_cannot_be_edited_in_the_admin(admin_client, article):
    comment = make_comment(article, body="What the reader wrote.")

    get = admin_client.get(url("edit", comment.pk))
    post = admin_client.post(url("edit", comment.pk), {"body": "Changed by an editor."})

    assert get.status_code == 302
    assert get["Location"] == url("inspect", comment.pk)
    assert post.status_code == 405
    assert Comment.objects.get(pk=comment.pk).body == "What the reader wrote."


def test_comments_cannot_be_added_in_the_admin(admin_client, article):
    response = admin_client.post(
        url("add"), {"body": "Written by an editor.", "article": article.pk}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not Comment.objects.exists()


def test_superuser_can_delete_a_comment(admin_client, article):
    comment = make_comment(article)

    response = admin_client.post(url("delete", comment.pk))

    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_history_view_shows_moderation_to_moderators(moderator_client, article):
    comment = make_comment(article)
    moderator_client.post(url("approve", comment.pk))

    response = moderator_client.get(url("history", comment.pk))

    assert response.status_code == 200
    assert "Approve comment" in response.content.decode()


# --- Bulk actions --------------------------------------------------------------------------


def test_bulk_approve(moderator_client, moderator, article, moderated_signals):
    first, second = make_comment(article), make_comment(article)
    untouched = make_comment(article)

    confirm = moderator_client.get(bulk_url("approve", [first, second]))
    response = moderator_client.post(bulk_url("approve", [first, second], next=url("list")))

    assert confirm.status_code == 200
    assert "Publish these comments?" in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == url("list")
    assert statuses(first, second, untouched) == ["published", "published", "pending"]
    for comment in (first, second):
        entry = log_entries(comment).get()
        assert entry.action == LOG_ACTIONS["approve"]
        assert entry.user == moderator
        assert entry.data["previous_status"] == "pending"
    assert sorted(moderated_signals) == sorted(
        [
            (first.pk, "approve", "moderator", "pending"),
            (second.pk, "approve", "moderator", "pending"),
        ]
    )


def test_bulk_reject_asks_for_a_reason_and_stores_it(moderator_client, article, moderated_signals):
    first, second = make_comment(article), make_comment(article)

    confirm = moderator_client.get(bulk_url("reject", [first, second]))
    response = moderator_client.post(
        bulk_url("reject", [first, second]), {"reason": "rule.unlawful"}
    )

    content = confirm.content.decode()
    for code in ("moderator", "rule.discrimination", "rule.offensive", "rule.unlawful"):
        assert f'value="{code}"' in content
    assert response.status_code == 302
    for comment in Comment.objects.filter(pk__in=[first.pk, second.pk]):
        assert (comment.status, comment.reason) == ("rejected", "rule.unlawful")
        entry = log_entries(comment).get()
        assert entry.action == LOG_ACTIONS["reject"]
        assert entry.data["reason"] == "rule.unlawful"
    assert {action for _, action, _, _ in moderated_signals} == {"reject"}
    assert len(moderated_signals) == 2


def test_bulk_reject_with_an_unknown_reason_changes_nothing(moderator_client, article):
    comment = make_comment(article)

    response = moderator_client.post(bulk_url("reject", [comment]), {"reason": "because"})

    assert response.status_code == 200
    assert statuses(comment) == ["pending"]
    assert not log_entries(comment).exists()


def test_bulk_mark_spam(moderator_client, article, moderated_signals):
    comment = make_comment(article)

    response = moderator_client.post(bulk_url("mark_spam", [comment]))

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.reason) == ("spam", "spam")
    assert log_entries(comment).get().action == LOG_ACTIONS["mark_spam"]
    assert moderated_signals == [(comment.pk, "mark_spam", "moderator", "pending")]


def test_bulk_select_all_keeps_to_the_filtered_listing(moderator_client, article):
    pending = make_comment(article, body="Trams are great")
    other_pending = make_comment(article, body="Buses are great")
    spam = make_comment(article, status=CommentStatus.SPAM, body="Trams for cheap")
    all_url = reverse("wagtail_bulk_action", args=("wagtail_analytics", "comment", "approve"))

    moderator_client.post(f"{all_url}?id=all&q=trams")

    assert statuses(pending, other_pending, spam) == ["published", "pending", "spam"]


# --- Per-row buttons -----------------------------------------------------------------------


def test_rows_have_moderation_buttons_for_moderators(moderator_client, article):
    comment = make_comment(article)

    response = moderator_client.get(url("list"))

    soup = WagtailTestUtils.get_soup(response.content)
    approve = soup.select_one(f'a[href="{url("approve", comment.pk)}"]')
    assert approve["data-action"] == "w-action#post"
    assert soup.select_one(f'a[href="{url("reject", comment.pk)}"]')
    assert soup.select_one(f'a[href="{url("mark_spam", comment.pk)}"]')
    assert soup.select_one("[data-bulk-action-footer]")
    assert "Approve selected comments" in response.content.decode()


def test_row_buttons_approve_reject_and_mark_spam(moderator_client, article, moderated_signals):
    approved, rejected, spam = make_comment(article), make_comment(article), make_comment(article)
    back = url("list") + "?status=all"

    approve = moderator_client.post(url("approve", approved.pk), {"next": back})
    reject_form = moderator_client.get(url("reject", rejected.pk))
    reject = moderator_client.post(url("reject", rejected.pk), {"reason": "rule.discrimination"})
    mark_spam = moderator_client.post(url("mark_spam", spam.pk))

    assert approve.status_code == 302
    assert approve["Location"] == back
    assert reject_form.status_code == 200
    assert 'value="rule.discrimination"' in reject_form.content.decode()
    assert reject["Location"] == url("list")
    assert mark_spam.status_code == 302
    assert statuses(approved, rejected, spam) == ["published", "rejected", "spam"]
    assert Comment.objects.get(pk=rejected.pk).reason == "rule.discrimination"
    assert [entry.action for entry in log_entries(rejected)] == [LOG_ACTIONS["reject"]]
    assert [action for _, action, _, _ in moderated_signals] == ["approve", "reject", "mark_spam"]


def test_row_action_pages_never_change_anything_on_get(moderator_client, article):
    comment = make_comment(article)

    response = moderator_client.get(url("approve", comment.pk))

    assert response.status_code == 200
    assert "Yes, approve" in response.content.decode()
    assert statuses(comment) == ["pending"]


def test_row_actions_need_the_csrf_token(moderator, article):
    comment = make_comment(article)
    client = client_for(moderator, enforce_csrf_checks=True)

    response = client.post(url("approve", comment.pk))

    assert response.status_code == 403
    assert statuses(comment) == ["pending"]


# --- Permission ----------------------------------------------------------------------------


def test_editor_without_permission_sees_no_moderation_actions(editor_client, article):
    comment = make_comment(article)

    response = editor_client.get(url("list"))

    assert response.status_code == 200
    assert listed(response) == [comment]
    soup = WagtailTestUtils.get_soup(response.content)
    assert not soup.select("[data-bulk-action-footer]")
    assert not soup.select("[data-bulk-action-checkbox]")
    content = response.content.decode()
    for name in ("approve", "reject", "mark_spam"):
        assert url(name, comment.pk) not in content
    assert not response.context["can_moderate"]


@pytest.mark.parametrize("action", ["approve", "reject", "mark_spam"])
def test_editor_without_permission_is_refused_on_post(editor_client, article, action):
    comment = make_comment(article)
    data = {"reason": "moderator"}

    bulk = editor_client.post(bulk_url(action, [comment]), data)
    row = editor_client.post(url(action, comment.pk), data)
    row_page = editor_client.get(url(action, comment.pk))

    for response in (bulk, row, row_page):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert statuses(comment) == ["pending"]
    assert not log_entries(comment).exists()


def test_moderate_permission_is_offered_in_the_groups_editor(admin_client, db):
    response = admin_client.get(reverse("wagtailusers_groups:add"))

    assert response.status_code == 200
    assert "Can moderate reader comments" in response.content.decode()
    codenames = set(
        response.context["form"].fields["permissions"].queryset.values_list("codename", flat=True)
    )
    assert {"moderate_comment", "view_comment", "delete_comment"} <= codenames
    assert not {"add_comment", "change_comment"} & codenames


# --- Audit log and dashboard ---------------------------------------------------------------


def test_moderation_shows_in_site_history_with_readable_labels(admin_client, admin_user, article):
    approved, rejected, spam = make_comment(article), make_comment(article), make_comment(article)
    admin_client.post(bulk_url("approve", [approved]))
    admin_client.post(bulk_url("reject", [rejected]), {"reason": "rule.offensive"})
    admin_client.post(bulk_url("mark_spam", [spam]))

    response = admin_client.get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Approve comment" in content
    assert "Reject comment" in content
    assert "Mark comment as spam" in content
    assert "Comment rejected: Rules: offensive language" in content
    assert url("inspect", approved.pk) in content


def test_dashboard_panel_shows_pending_count_and_age_of_the_oldest(moderator_client, article):
    make_comment(article, hours_ago=3)
    make_comment(article, hours_ago=1)
    make_comment(article, hours_ago=30, status=CommentStatus.PUBLISHED)

    response = moderator_client.get(reverse("wagtailadmin_home"))

    soup = WagtailTestUtils.get_soup(response.content)
    panel = soup.select_one("#wagtail-analytics-pending-comments-section")
    text = " ".join(panel.get_text().split())
    assert "2 comments are awaiting moderation." in text
    assert "The oldest has been waiting for 3 hours." in text
    assert panel.select_one("a.button")["href"] == url("list") + "?status=pending"


def test_dashboard_panel_is_for_moderators_only(editor_client, article):
    make_comment(article)

    response = editor_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert "wagtail-analytics-pending-comments" not in response.content.decode()


# --- Moderation rules ----------------------------------------------------------------------


@pytest.fixture
def rules(db):
    return [
        ModerationRule.objects.create(phrase="idiot", language="en", family="offensive"),
        ModerationRule.objects.create(
            phrase="дурак", language="ru", family="offensive", action="hold"
        ),
        ModerationRule.objects.create(
            phrase="burn them", language="", family="unlawful", enabled=False
        ),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["burn them", "idiot", "дурак"]),
        ({"family": "unlawful"}, ["burn them"]),
        ({"language": "ru"}, ["дурак"]),
        ({"language": "any"}, ["burn them"]),
        ({"action": "hold"}, ["дурак"]),
        ({"enabled": "false"}, ["burn them"]),
        ({"q": "idi"}, ["idiot"]),
    ],
)
def test_rule_listing_filters_and_search(admin_client, rules, params, expected):
    response = admin_client.get(url("list", model=ModerationRule), params)

    assert response.status_code == 200
    assert [rule.phrase for rule in listed(response)] == expected


def test_rule_listing_columns(admin_client, rules):
    response = admin_client.get(url("list", model=ModerationRule))

    soup = WagtailTestUtils.get_soup(response.content)
    headings = [th.get_text(" ", strip=True) for th in soup.select("thead th")]
    assert [h for h in headings if h] == [
        "Phrase",
        "Language",
        "Rule family",
        "Action",
        "Whole words only",
        "Enabled",
    ]
    assert "Offensive or derogatory expressions" in response.content.decode()


def test_rules_can_be_exported_as_csv(admin_client, rules):
    listing = admin_client.get(url("list", model=ModerationRule))
    response = admin_client.get(url("export_csv", model=ModerationRule))

    assert url("export_csv", model=ModerationRule) in listing.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "moderation-rules.csv" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "phrase,language,family,action,whole_word,enabled"
    assert "дурак,ru,offensive,hold,true,true" in lines
    assert "burn them,,unlawful,reject,true,false" in lines


def upload(text):
    return SimpleUploadedFile("rules.csv", text.encode(), content_type="text/csv")


def test_rules_can_be_imported_from_csv(admin_client, rules):
    text = "phrase,language,family,action\nidiot,en,offensive,hold\nnew phrase,,unlawful,\n"
    import_url = url("import_csv", model=ModerationRule)

    checked = admin_client.post(import_url, {"file": upload(text), "dry_run": "on"}, follow=True)
    assert ModerationRule.objects.count() == 3
    imported = admin_client.post(import_url, {"file": upload(text)})

    assert "1 new, 1 changed and 0 unchanged rules. Nothing was imported." in (
        checked.content.decode()
    )
    assert imported.status_code == 302
    assert imported["Location"] == url("list", model=ModerationRule)
    assert ModerationRule.objects.get(phrase="idiot").action == "hold"
    assert ModerationRule.objects.get(phrase="new phrase").family == "unlawful"


def test_a_wrong_rules_file_imports_nothing_and_shows_every_problem(admin_client, rules):
    text = "phrase,family\ngood phrase,offensive\n,offensive\nbad family,rude\n"

    response = admin_client.post(url("import_csv", model=ModerationRule), {"file": upload(text)})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported." in content
    assert "Line 3:" in content
    assert "Line 4:" in content
    assert not ModerationRule.objects.filter(phrase="good phrase").exists()


def test_rules_csv_needs_rule_permissions(editor_client, rules):
    assert editor_client.get(url("export_csv", model=ModerationRule))["Location"] == reverse(
        "wagtailadmin_home"
    )
    response = editor_client.post(
        url("import_csv", model=ModerationRule), {"file": upload("phrase,family\nx,offensive\n")}
    )
    assert response["Location"] == reverse("wagtailadmin_home")
    assert ModerationRule.objects.count() == 3
