"""The built-in moderation stages, their order, and a custom stage in the pipeline."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from wagtail.models import Site

from tests.factories import make_article
from wagtail_analytics.conf import analytics_settings
from wagtail_analytics.models import Comment, CommentSettings, CommentStatus, ModerationRule
from wagtail_analytics.moderation import stages
from wagtail_analytics.moderation.actions import submit_comment
from wagtail_analytics.moderation.pipeline import (
    BaseStage,
    Decision,
    Submission,
    Verdict,
    build_stages,
    get_stages,
    run,
)
from wagtail_analytics.moderation.tickets import make_ticket

pytestmark = pytest.mark.django_db

# A fixed moment five seconds into a minute, so rate-limit windows do not roll over mid-test.
NOW = timezone.now().replace(second=5, microsecond=0)


@pytest.fixture
def site_settings(db):
    return CommentSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def article(index):
    return make_article(index)


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("nino", first_name="Nino", last_name="K")


def make_submission(article, site_settings, **overrides):
    values = {
        "article": article,
        "body": "The new tram line will help the northern districts a lot.",
        "author_name": "Nino",
        "language": "en",
        "fingerprint": "fp-reader-1",
        "ticket": make_ticket(article.pk, now=NOW.timestamp() - 60),
        "site_settings": site_settings,
        "now": NOW,
    }
    values.update(overrides)
    return Submission(**values)


def check(stage_class, article, site_settings, **overrides):
    return stage_class().check(make_submission(article, site_settings, **overrides))


# --- ClosedStage -------------------------------------------------------------------------


def test_closed_stage_lets_open_articles_through(article, site_settings):
    assert check(stages.ClosedStage, article, site_settings) is None


def test_closed_stage_refuses_when_the_article_switch_is_off(index, site_settings):
    article = make_article(index, comments_open=False)
    decision = check(stages.ClosedStage, article, site_settings)
    assert (decision.verdict, decision.code, decision.status) == (Verdict.REFUSE, "closed", 403)
    assert decision.message == "Comments on this article are closed."


def test_closed_stage_closes_after_the_site_setting(index, site_settings):
    site_settings.close_after_days = 7
    old = make_article(index, slug="old", published_at=NOW - timedelta(days=8))
    recent = make_article(index, slug="recent", published_at=NOW - timedelta(days=6))
    assert check(stages.ClosedStage, old, site_settings).code == "closed"
    assert check(stages.ClosedStage, recent, site_settings) is None


# --- LengthStage -------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   ", " \n\t\n ", "\u200b\u200d\u2060", "\u202e"])
def test_length_stage_refuses_empty_text(article, site_settings, body):
    decision = check(stages.LengthStage, article, site_settings, body=body)
    assert (decision.verdict, decision.code, decision.status) == (Verdict.REFUSE, "empty", 422)
    assert decision.message.endswith(".")


@pytest.mark.parametrize("body", ["null\x00byte", "bell\x07", "escape \x1b[31m", "lone \ud800"])
def test_length_stage_refuses_control_characters_and_lone_surrogates(article, site_settings, body):
    decision = check(stages.LengthStage, article, site_settings, body=body)
    assert (decision.code, decision.status) == ("invalid_characters", 422)


def test_length_stage_accepts_tabs_newlines_and_direction_overrides(article, site_settings):
    body = "First line\n\tsecond line\n\u202eright to left\u202c and back"
    assert check(stages.LengthStage, article, site_settings, body=body) is None


def test_length_stage_counts_user_perceived_characters(article, site_settings):
    assert check(stages.LengthStage, article, site_settings, body="x" * 512) is None
    decision = check(stages.LengthStage, article, site_settings, body="x" * 513)
    assert (decision.code, decision.status) == ("too_long", 422)
    assert decision.details == {"limit": 512, "length": 513, "unit": "grapheme_clusters"}
    assert "512 characters" in decision.message


def test_emoji_with_skin_tones_zwj_sequences_and_flags_count_once(article, site_settings):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 7 code points
    technologist = "\U0001f469\U0001f3fd\u200d\U0001f4bb"  # with a skin tone: 4
    flag = "\U0001f1ec\U0001f1ea"  # 2
    body = family * 10 + technologist * 250 + flag * 252
    assert check(stages.LengthStage, article, site_settings, body=body) is None
    decision = check(stages.LengthStage, article, site_settings, body=body + "\U0001f44d\U0001f3ff")
    assert decision.code == "too_long"
    assert decision.details == {"limit": 512, "length": 513, "unit": "grapheme_clusters"}


def test_combining_mark_flood_hits_the_code_point_cap(article, site_settings):
    cap = 512 * analytics_settings.COMMENT_MAX_CODE_POINTS_FACTOR
    body = "Zalgo a" + "\u0301" * (cap - 6)  # 7 characters, one code point too many
    decision = check(stages.LengthStage, article, site_settings, body=body)
    assert (decision.code, decision.status) == ("too_long", 422)
    assert decision.details == {
        "limit": 512,
        "length": 7,
        "unit": "grapheme_clusters",
        "code_points": cap + 1,
        "max_code_points": cap,
    }
    assert "combining marks" in decision.message
    assert check(stages.LengthStage, article, site_settings, body=body[:-1]) is None


def test_huge_text_is_refused_without_counting_every_character(article, site_settings):
    decision = check(stages.LengthStage, article, site_settings, body="é" * 1_000_000)
    assert decision.code == "too_long"
    assert decision.details["code_points"] == 1_000_000
    assert "length" not in decision.details


def test_length_limit_is_the_site_setting(article, site_settings, settings):
    site_settings.max_length = 10
    settings.WAGTAIL_ANALYTICS = {"COMMENT_MAX_CODE_POINTS_FACTOR": 2}
    assert check(stages.LengthStage, article, site_settings, body="0123456789") is None
    decision = check(stages.LengthStage, article, site_settings, body="01234567890")
    assert decision.details["limit"] == 10
    assert (
        check(stages.LengthStage, article, site_settings, body="a" + "\u0301" * 20).details[
            "max_code_points"
        ]
        == 20
    )


def test_length_limit_defaults_to_512_without_site_settings(article):
    assert check(stages.LengthStage, article, None, body="x" * 512) is None
    assert check(stages.LengthStage, article, None, body="x" * 513).details["limit"] == 512


def test_anonymous_readers_must_give_a_name(article, site_settings):
    decision = check(stages.LengthStage, article, site_settings, author_name="")
    assert (decision.code, decision.status) == ("name_required", 422)
    assert decision.message == "Please enter your name."


def test_logged_in_readers_need_no_name(article, site_settings, user):
    assert check(stages.LengthStage, article, site_settings, author_name="", user=user) is None


def test_names_are_checked_for_length_and_control_characters(article, site_settings):
    decision = check(stages.LengthStage, article, site_settings, author_name="N" * 101)
    assert (decision.code, decision.details) == ("name_too_long", {"limit": 100})
    decision = check(stages.LengthStage, article, site_settings, author_name="Ni\x00no")
    assert decision.code == "invalid_characters"


# --- HoneypotStage -----------------------------------------------------------------------


def test_a_filled_honeypot_is_spam_but_the_reader_is_not_told(article, site_settings):
    assert check(stages.HoneypotStage, article, site_settings, honeypot="") is None
    decision = check(stages.HoneypotStage, article, site_settings, honeypot="http://spam")
    assert (decision.verdict, decision.code) == (Verdict.SPAM, "spam")
    assert decision.message == "Thank you! Your comment is awaiting moderation."
    assert "spam" not in decision.message.lower()


# --- TicketStage -------------------------------------------------------------------------


def test_a_ticket_issued_a_minute_ago_passes(article, site_settings):
    assert check(stages.TicketStage, article, site_settings) is None


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda article: "", "missing"),
        (lambda article: "not-a-ticket", "forged"),
        (lambda article: make_ticket(article.pk, now=NOW.timestamp() - 60)[:-2] + "xx", "forged"),
        (lambda article: make_ticket(article.pk + 1000, now=NOW.timestamp() - 60), "wrong_article"),
    ],
)
def test_missing_forged_and_foreign_tickets_are_refused(article, site_settings, make, reason):
    decision = check(stages.TicketStage, article, site_settings, ticket=make(article))
    assert (decision.verdict, decision.code, decision.status) == (
        Verdict.REFUSE,
        "invalid_ticket",
        400,
    )
    assert decision.details == {"reason": reason}
    assert "your text is kept" in decision.message


def test_a_form_sent_too_quickly_says_when_to_retry(article, site_settings):
    ticket = make_ticket(article.pk, now=NOW.timestamp() - 1)
    decision = check(stages.TicketStage, article, site_settings, ticket=ticket)
    assert decision.code == "invalid_ticket"
    assert decision.details == {"reason": "too_fast", "retry_after": 2}
    assert decision.message == (
        "You sent the form too quickly. Please wait a moment and send it again."
    )


def test_an_expired_form_asks_for_a_reload(article, site_settings):
    ticket = make_ticket(article.pk, now=NOW.timestamp() - 2 * 60 * 60 - 1)
    decision = check(stages.TicketStage, article, site_settings, ticket=ticket)
    assert decision.details == {"reason": "expired"}
    assert decision.message == "The form has expired. Please reload the page; your text is kept."


def test_ticket_times_are_settings(article, site_settings, settings):
    settings.WAGTAIL_ANALYTICS = {"COMMENT_TICKET_MIN_SECONDS": 0, "COMMENT_TICKET_MAX_AGE": 30}
    fresh = make_ticket(article.pk, now=NOW.timestamp())
    assert check(stages.TicketStage, article, site_settings, ticket=fresh) is None
    assert check(stages.TicketStage, article, site_settings).details == {"reason": "expired"}


# --- RateLimitStage ----------------------------------------------------------------------


def test_rate_limit_allows_five_a_minute_per_reader(article, site_settings):
    stage = stages.RateLimitStage()
    results = [stage.check(make_submission(article, site_settings)) for _ in range(6)]
    assert results[:5] == [None] * 5
    decision = results[5]
    assert (decision.verdict, decision.code, decision.status) == (
        Verdict.REFUSE,
        "rate_limited",
        429,
    )
    assert decision.details == {"retry_after": 55}
    assert decision.message == (
        "You have sent too many comments. Please wait 55 seconds and try again."
    )
    # Another reader is not affected; the same reader may send again next minute.
    assert stage.check(make_submission(article, site_settings, fingerprint="fp-2")) is None
    later = make_submission(article, site_settings, now=NOW + timedelta(minutes=1))
    assert stage.check(later) is None


def test_rate_limit_per_hour(article, site_settings):
    stage = stages.RateLimitStage(LIMITS={"minute": None, "hour": 3})
    ten_past = NOW.replace(minute=10)
    for minute in range(3):
        when = ten_past + timedelta(minutes=minute)
        assert stage.check(make_submission(article, site_settings, now=when)) is None
    when = ten_past + timedelta(minutes=3)
    decision = stage.check(make_submission(article, site_settings, now=when))
    assert decision.code == "rate_limited"
    assert decision.details == {"retry_after": 47 * 60 - 5}
    assert decision.message == (
        "You have sent too many comments. Please wait 47 minutes and try again."
    )


def test_rate_limit_follows_the_setting(article, site_settings, settings):
    settings.WAGTAIL_ANALYTICS = {"COMMENT_RATE_LIMITS": {"minute": 1}}
    stage = stages.RateLimitStage()
    assert stage.check(make_submission(article, site_settings)) is None
    assert stage.check(make_submission(article, site_settings)).code == "rate_limited"


def test_logged_in_readers_are_limited_by_account_not_address(article, site_settings, user):
    stage = stages.RateLimitStage(LIMITS={"minute": 2})
    for fingerprint in ["a", "b"]:
        submission = make_submission(article, site_settings, user=user, fingerprint=fingerprint)
        assert stage.check(submission) is None
    submission = make_submission(article, site_settings, user=user, fingerprint="c")
    assert stage.check(submission).code == "rate_limited"
    # The addresses themselves were not counted.
    assert stage.check(make_submission(article, site_settings, fingerprint="a")) is None


def test_rate_limit_without_any_identity_does_not_block_everyone(article, site_settings):
    stage = stages.RateLimitStage(LIMITS={"minute": 1})
    for _ in range(3):
        assert stage.check(make_submission(article, site_settings, fingerprint="")) is None


def test_rate_limit_counts_atomically_under_concurrency(article, site_settings):
    stage = stages.RateLimitStage(LIMITS={"minute": 5})
    submission = make_submission(article, site_settings, fingerprint="fp-concurrent")
    results = []
    barrier = threading.Barrier(12)

    def send():
        barrier.wait()
        results.append(stage.check(submission))

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(1 for result in results if result is None) == 5
    assert {result.code for result in results if result is not None} == {"rate_limited"}


def test_rate_limit_rejects_unknown_options_and_windows(article, site_settings):
    with pytest.raises(ImproperlyConfigured, match="PER_MINUTE"):
        stages.RateLimitStage(PER_MINUTE=5)
    stage = stages.RateLimitStage(LIMITS={"fortnight": 5})
    with pytest.raises(ImproperlyConfigured, match="fortnight"):
        stage.check(make_submission(article, site_settings))


# --- DuplicateStage ----------------------------------------------------------------------


def store(article, body, status=CommentStatus.PENDING, age=timedelta(minutes=5)):
    comment = Comment.objects.create(
        article=article, author_name="Giorgi", body=body, status=status
    )
    Comment.objects.filter(pk=comment.pk).update(created_at=NOW - age)
    return comment


def test_the_same_text_on_the_same_article_is_a_duplicate(article, site_settings):
    store(article, "Great  news for the\nnorthern districts!", CommentStatus.PUBLISHED)
    body = "great news for the northern DISTRICTS!"
    decision = check(stages.DuplicateStage, article, site_settings, body=body)
    assert (decision.verdict, decision.code, decision.status) == (
        Verdict.REFUSE,
        "duplicate",
        409,
    )
    assert check(stages.DuplicateStage, article, site_settings, body=body + " Really.") is None


def test_duplicates_are_per_article_and_within_the_window(index, article, site_settings):
    other = make_article(index, slug="other")
    store(other, "Same words.")
    store(article, "Old words.", age=timedelta(hours=25))
    assert check(stages.DuplicateStage, article, site_settings, body="Same words.") is None
    assert check(stages.DuplicateStage, article, site_settings, body="Old words.") is None
    stage = stages.DuplicateStage(HOURS=48)
    assert stage.check(make_submission(article, site_settings, body="Old words.")).code == (
        "duplicate"
    )


def test_pending_and_spam_count_as_duplicates_but_rejected_do_not(article, site_settings):
    store(article, "Pending text.", CommentStatus.PENDING)
    store(article, "Spam text.", CommentStatus.SPAM)
    store(article, "Rejected text.", CommentStatus.REJECTED)
    for body, expected in [
        ("Pending text.", "duplicate"),
        ("Spam text.", "duplicate"),
        ("Rejected text.", None),
    ]:
        decision = check(stages.DuplicateStage, article, site_settings, body=body)
        assert (decision.code if decision else None) == expected


# --- LinksStage --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("No links here, e.g. none at all.", 0),
        ("Version 3.14 of report.pdf is out.", 0),
        ("I said no.It was fine. Write to me@example.com.", 0),
        ("See https://example.com/path?q=1 now", 1),
        ("See https://www.example.com/ and www.example.org", 2),
        ("Cheap pills at pills-shop.com and casino.xyz/win!", 2),
        ("Посмотрите пример.рф и HTTP://EXAMPLE.NET", 2),
    ],
)
def test_count_links(text, count):
    assert stages.count_links(text) == count


def test_two_links_hold_the_comment_for_a_moderator(article, site_settings):
    body = "Read example.com and https://example.org/story for more."
    decision = check(stages.LinksStage, article, site_settings, body=body)
    assert (decision.verdict, decision.code) == (Verdict.HOLD, "too_many_links")
    assert "moderator" in decision.message
    assert check(stages.LinksStage, article, site_settings, body="Only example.com.") is None


def test_links_threshold_is_a_setting(article, site_settings, settings):
    body = "Read example.com and https://example.org/story for more."
    settings.WAGTAIL_ANALYTICS = {"COMMENT_HOLD_LINKS": 3}
    assert check(stages.LinksStage, article, site_settings, body=body) is None
    settings.WAGTAIL_ANALYTICS = {"COMMENT_HOLD_LINKS": 0}
    assert check(stages.LinksStage, article, site_settings, body=body + " a.com b.com") is None


# --- RulesStage --------------------------------------------------------------------------


def test_rules_stage_rejects_naming_the_rule_family(article, site_settings):
    ModerationRule.objects.create(phrase="scum", family="offensive")
    decision = check(stages.RulesStage, article, site_settings, body="You are all S.C.U.M.")
    assert (decision.verdict, decision.code, decision.status) == (
        Verdict.REJECT,
        "rule.offensive",
        422,
    )
    assert decision.message == (
        "Your comment was not published because it contains offensive or derogatory "
        "expressions, which the site's rules forbid."
    )
    assert decision.details == {"family": "offensive"}


def test_rules_stage_holds_for_hold_rules(article, site_settings):
    ModerationRule.objects.create(phrase="march on", family="unlawful", action="hold")
    decision = check(stages.RulesStage, article, site_settings, body="We should march on it")
    assert (decision.verdict, decision.code) == (Verdict.HOLD, "rule.unlawful")


# --- The pipeline ------------------------------------------------------------------------


def test_default_pipeline_order_closed_comes_first(index, site_settings):
    closed = make_article(index, comments_open=False)
    submission = make_submission(closed, site_settings, body="x" * 600, honeypot="bot")
    assert run(submission).code == "closed"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"body": "x" * 600, "honeypot": "bot", "ticket": ""}, "too_long"),
        ({"honeypot": "bot", "ticket": ""}, "invalid_ticket"),  # spam must pass the ticket too
        ({"honeypot": "bot"}, "spam"),
        ({"ticket": "", "body": "Visit a.com and b.com"}, "invalid_ticket"),
        ({"body": "Visit a.com and b.com, you scum"}, "too_many_links"),
        ({"body": "you scum"}, "rule.offensive"),
        ({}, None),
    ],
)
def test_default_pipeline_order(article, site_settings, overrides, code):
    ModerationRule.objects.create(phrase="scum", family="offensive")
    decision = run(make_submission(article, site_settings, **overrides))
    assert (decision.code if decision else None) == code


def test_duplicates_are_checked_after_the_rate_limit(article, site_settings, settings):
    settings.WAGTAIL_ANALYTICS = {"COMMENT_RATE_LIMITS": {"minute": 1}}
    store(article, "Same words.")
    assert run(make_submission(article, site_settings, body="Same words.")).code == "duplicate"
    assert run(make_submission(article, site_settings, body="Other words.")).code == (
        "rate_limited"
    )


def submit(article, site_settings, **overrides):
    values = {
        "body": "The new tram line will help the northern districts a lot.",
        "author_name": "Nino",
        "language": "en",
        "fingerprint": "fp-reader-1",
        "ticket": make_ticket(article.pk, now=timezone.now().timestamp() - 60),
        "site_settings": site_settings,
    }
    values.update(overrides)
    return submit_comment(article, **values)


def test_submitting_through_the_default_pipeline(article, site_settings):
    ModerationRule.objects.create(phrase="scum", family="offensive")
    decision, comment = submit(article, site_settings)
    assert (decision.verdict, comment.status) == (Verdict.HOLD, CommentStatus.PENDING)
    decision, comment = submit(article, site_settings, body="Typical scum.")
    assert (comment.status, comment.reason) == (CommentStatus.REJECTED, "rule.offensive")
    decision, comment = submit(article, site_settings, body="x" * 513)
    assert (decision.code, comment) == ("too_long", None)
    assert Comment.objects.count() == 2


def test_built_in_stages_keep_no_state_between_requests(article, site_settings):
    for _ in range(2):
        submit(article, site_settings)
        submit(article, site_settings, body="An entirely different comment.", honeypot="x")
    for stage in get_stages():
        assert vars(stage) == {"options": {}}


def test_unknown_stage_options_are_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="HOURZ"):
        build_stages(
            [
                {
                    "STAGE": "wagtail_analytics.moderation.stages.DuplicateStage",
                    "OPTIONS": {"HOURZ": 1},
                }
            ]
        )


class ShoutingStage(BaseStage):
    """Holds comments written in capitals: proof that a project can add its own stage."""

    def check(self, submission):
        letters = [char for char in submission.body if char.isalpha()]
        if len(letters) >= self.options.get("MIN_LETTERS", 10) and all(
            char.isupper() for char in letters
        ):
            return Decision(Verdict.HOLD, "shouting", "Please do not shout.", status=201)
        return None


def test_a_custom_stage_in_the_pipeline(article, site_settings, settings):
    settings.WAGTAIL_ANALYTICS = {
        "COMMENT_PIPELINE": [
            {"STAGE": "wagtail_analytics.moderation.stages.LengthStage"},
            {
                "STAGE": "tests.test_moderation_stages.ShoutingStage",
                "OPTIONS": {"MIN_LETTERS": 5},
            },
        ]
    }
    settings_policy_post = site_settings
    settings_policy_post.policy = "post"
    decision, comment = submit(article, settings_policy_post, body="THIS IS OUTRAGEOUS", ticket="")
    assert (decision.code, comment.status, comment.reason) == (
        "shouting",
        CommentStatus.PENDING,
        "shouting",
    )
    decision, comment = submit(article, settings_policy_post, body="This is fine.", ticket="")
    assert comment.status == CommentStatus.PUBLISHED
    assert [type(stage).__name__ for stage in get_stages()] == ["LengthStage", "ShoutingStage"]
