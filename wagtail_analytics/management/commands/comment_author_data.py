"""``manage.py comment_author_data``: export or erase one person's comments, by e-mail address."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from wagtail_analytics.models import Comment


class Command(BaseCommand):
    help = (
        "Export (as JSON) or erase every comment left with an e-mail address, for requests "
        "from the person concerned."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true", help="Print the comments as JSON.")
        action.add_argument("--erase", action="store_true", help="Delete the comments.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before erasing (for scripts)."
        )

    def handle(self, *args, email, export, erase, yes, **options):
        try:
            validate_email(email)
        except Exception as exc:
            raise CommandError(f"{email!r} is not an e-mail address.") from exc
        comments = Comment.objects.filter(email__iexact=email).select_related("article")
        if export:
            data = [
                {
                    "id": c.pk,
                    "article": c.article.title,
                    "article_url": c.article.full_url,
                    "author_name": c.author_name,
                    "email": c.email,
                    "body": c.body,
                    "status": c.status,
                    "created_at": c.created_at.isoformat(),
                }
                for c in comments
            ]
            self.stdout.write(
                json.dumps({"email": email, "comments": data}, ensure_ascii=False, indent=2)
            )
            return
        count = comments.count()
        if not yes and count:
            try:
                answer = input(f"Erase {count} comment(s) left with {email}? [y/N] ")
            except EOFError:
                raise CommandError("No terminal to confirm on: pass --yes to erase.") from None
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing erased.")
        with transaction.atomic():
            deleted = comments.delete()[1].get(Comment._meta.label, 0)
        self.stdout.write(self.style.SUCCESS(f"{deleted} comment(s) erased."))
