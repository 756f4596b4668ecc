"""The site's comment policy: whether comments are open, and what happens to clean ones."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ModerationPolicy
from .pipeline import Decision, Verdict


def comment_settings_for(request=None, site=None):
    """The CommentSettings of the request's site (or of ``site``, or the default site)."""
    from wagtail.models import Site

    from ..models import CommentSettings

    if request is not None:
        return CommentSettings.for_request(request)
    site = site or Site.objects.filter(is_default_site=True).first()
    return CommentSettings.for_site(site)


def comments_open_for(article, site_settings, now=None):
    """True when the article takes comments: its switch is on and it is not too old."""
    if not article.comments_open or not article.live:
        return False
    days = site_settings.close_after_days if site_settings else None
    if days and article.published_at:
        return (now or timezone.now()) < article.published_at + timedelta(days=days)
    return True


def policy_decision(site_settings, user):
    """What the policy does with a comment that no stage objected to."""
    policy = site_settings.policy if site_settings else ModerationPolicy.PRE_ALL
    authenticated = bool(user and user.is_authenticated)
    if policy == ModerationPolicy.POST or (
        policy == ModerationPolicy.PRE_ANONYMOUS and authenticated
    ):
        return Decision(Verdict.PUBLISH, "", _("Your comment has been published."))
    return Decision(
        Verdict.HOLD, "", _("Thank you! Your comment is awaiting moderation."), status=201
    )
