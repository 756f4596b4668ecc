"""Timing tickets: issued with the form, they prove a person took some time to write."""

import time

from django.core import signing

SALT = "wagtail_analytics.comment_ticket"


class TicketError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def make_ticket(article_id, now=None):
    """A signed ticket for one article, holding the time it was issued."""
    issued = int(now if now is not None else time.time())
    return signing.dumps([int(article_id), issued], salt=SALT, compress=False)


def ticket_age(ticket, article_id, now=None):
    """Seconds since the ticket was issued; raises :class:`TicketError` when unusable."""
    if not isinstance(ticket, str) or not ticket or len(ticket) > 300:
        raise TicketError("missing")
    try:
        ticket_article, issued = signing.loads(ticket, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise TicketError("forged") from None
    if ticket_article != int(article_id):
        raise TicketError("wrong_article")
    return (now if now is not None else time.time()) - issued
