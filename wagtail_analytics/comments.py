"""Reader-facing comment helpers shared by the template tag, the HTML view and the API."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .conf import analytics_settings
from .models import AnalyticsArticle, Comment
from .moderation.policy import comment_settings_for, comments_open_for
from .moderation.text import LENGTH_UNIT
from .moderation.tickets import make_ticket
from .read_counter.tracking import network_fingerprint

SUBMISSION_FIELDS = ("author_name", "email", "body", "ticket")


MAX_ID = 2**63 - 1  # the largest primary key a database column can hold


def live_article(article_id):
    """The live article with this id, or None (also for ids no database could hold)."""
    if not 0 < int(article_id) <= MAX_ID:
        return None
    return AnalyticsArticle.objects.live().filter(pk=article_id).first()


def discussion(article, request=None):
    """What a form (server-rendered or headless) needs to take a comment on ``article``."""
    site_settings = comment_settings_for(request)
    rules = site_settings.rules_for(get_language())
    return {
        "open": comments_open_for(article, site_settings),
        "policy": site_settings.policy,
        "rules": {"html": rules.text if rules else "", "version": rules.version if rules else ""},
        "max_length": site_settings.max_length,
        "length_unit": LENGTH_UNIT,
        "ticket": make_ticket(article.pk),
        "min_seconds": analytics_settings.COMMENT_TICKET_MIN_SECONDS,
        "honeypot_field": analytics_settings.COMMENT_HONEYPOT_FIELD,
    }


def published_comments(article, *, newest_first=False):
    """Published comments of an article, in the site's order, without private fields."""
    order = ["-created_at", "-pk"] if newest_first else ["created_at", "pk"]
    return (
        Comment.objects.published()
        .filter(article=article)
        .only("pk", "author_name", "body", "created_at")
        .order_by(*order)
    )


def submit_from_request(request, article, data, *, trusted_user):
    """Run a submission from form or JSON ``data``; returns ``(decision, comment)``.

    ``trusted_user`` is the logged-in user when the request proved it is not forged (CSRF
    checked), else None: an unproven session posts as an anonymous reader.
    """
    from .moderation.actions import submit_comment

    site_settings = comment_settings_for(request)
    user = trusted_user
    author_name = data.get("author_name") or ""
    if user is not None and user.is_authenticated:
        author_name = user.get_full_name() or user.get_username()
    return submit_comment(
        article,
        body=data.get("body") or "",
        author_name=author_name,
        email=data.get("email") or "",
        user=user,
        ticket=data.get("ticket") or "",
        honeypot=data.get(analytics_settings.COMMENT_HONEYPOT_FIELD) or "",
        language=(get_language() or "").split("-")[0],
        fingerprint=network_fingerprint(request),
        site_settings=site_settings,
    )


def success_message(comment):
    if comment.status == "published":
        return _("Your comment has been published.")
    return _("Thank you! Your comment is awaiting moderation.")


def trusted_user(request):
    """The logged-in user if the request carries a valid CSRF token, else None.

    Comment endpoints accept anonymous posts without a token (the page stays cacheable
    and cookie-free); a session only counts when the request proves it was not forged.
    """
    from django.middleware.csrf import CsrfViewMiddleware

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None

    def protected_view(request):  # a view that is not csrf_exempt, for the check below
        return None

    rejected = CsrfViewMiddleware(protected_view).process_view(request, protected_view, (), {})
    return user if rejected is None else None


def field_errors(data):
    """Problems with the fields themselves (before moderation): ``(code, message, details)``."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    for name in (*SUBMISSION_FIELDS, analytics_settings.COMMENT_HONEYPOT_FIELD):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            return (
                "invalid_field",
                _("The field “%(field)s” must be text.") % {"field": name},
                {"field": name},
            )
    if len(data.get("author_name") or "") > 100:
        return ("name_too_long", _("The name can be at most 100 characters long."), {})
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return ("invalid_email", _("Enter a valid e-mail address, or leave it empty."), {})
    return None


def comment_counts(article_ids):
    """``{article_id: number of published comments}`` in one query."""
    from django.db.models import Count

    ids = {int(i) for i in article_ids}
    counts = dict(
        Comment.objects.published()
        .filter(article_id__in=ids)
        .values_list("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    return {i: counts.get(i, 0) for i in ids}


def comment_count_for(article):
    """Published comments of one article, counted once per article object."""
    if "_wa_comment_count" not in article.__dict__:
        article.__dict__["_wa_comment_count"] = comment_counts([article.pk])[article.pk]
    return article.__dict__["_wa_comment_count"]
