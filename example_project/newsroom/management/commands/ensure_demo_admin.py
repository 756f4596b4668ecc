"""Create (or reset) the local demo administrator and print how to log in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create or reset the demo superuser and print its credentials (local demo only)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": "admin@example.com"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("  Demo site: http://127.0.0.1:8000/"))
        self.stdout.write(self.style.SUCCESS("  Admin:     http://127.0.0.1:8000/admin/"))
        self.stdout.write(self.style.SUCCESS(f"  Log in as: {username} / {password}"))
        self.stdout.write("")
