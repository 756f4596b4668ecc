"""A stand-in for one server process, run by ``tests/test_read_concurrency.py``.

The environment selects the database (``DATABASE_URL``) and the settings
(``DJANGO_SETTINGS_MODULE=tests.settings``). Commands:

``setup``
    Migrate, create an article index and one live article; print ``{"article": <id>}``.
``record WORKER COUNT``
    Print ``ready``, then wait for the article id on stdin (workers start while ``setup``
    migrates, and are all released together once it is done), then record COUNT beacons
    from distinct readers for it through ``DatabaseReadCounter.record`` as fast as
    possible. Print one JSON line: calls that returned (``ok``), how many returned True
    (``reads``), the exceptions raised (``errors``) and the lock retries the backend slept
    for (``lock_retries``).
"""

import json
import os
import sys
import traceback
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

WINDOW = 24 * 60 * 60
CAP = 300


def setup():
    from tests.factories import make_article, make_index

    call_command("migrate", verbosity=0, interactive=False)
    index = make_index()
    article = make_article(index, title="Tram lines", slug="tram-lines")
    print(json.dumps({"article": article.pk}), flush=True)


def record(worker, count):
    from wagtail_analytics.read_counter.backends import database

    lock_retries = 0
    real_sleep = database.time.sleep

    def counting_sleep(seconds):
        nonlocal lock_retries
        lock_retries += 1
        real_sleep(seconds)

    # Count the backend's "database is locked" retries (it sleeps once per retry).
    database.time = SimpleNamespace(sleep=counting_sleep)
    counter = database.DatabaseReadCounter()
    print("ready", flush=True)
    article_id = int(sys.stdin.readline())
    ok = reads = 0
    errors = []
    for n in range(count):
        try:
            is_read = counter.record(
                article_id,
                reader=f"w{worker}-r{n}",
                prefix=f"net-{n % 10}",
                window=WINDOW,
                cap=CAP,
                now=timezone.now(),
            )
        except Exception:
            errors.append(traceback.format_exc(limit=3))
        else:
            ok += 1
            reads += bool(is_read)
    connection.close()
    result = {"ok": ok, "reads": reads, "errors": errors[:5], "lock_retries": lock_retries}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "setup":
        setup()
    elif command == "record":
        record(*map(int, args))
    else:
        sys.exit(f"unknown command {command!r}")
