"""The example news site's settings, for the beacon benchmark only.

``bench/beacon.py`` puts ``bench/`` and ``example_project/`` on ``PYTHONPATH`` and sets
``DATABASE_URL``, ``READ_COUNTER_BACKEND``, ``REDIS_URL``, ``BEACON_BENCH_MEDIA_ROOT`` and
``BEACON_BENCH_TRUSTED_PROXIES`` before anything imports this module. django-hitcount is
installed here and nowhere else.
"""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import INSTALLED_APPS, MEDIA_ROOT, WAGTAIL_ANALYTICS

DEBUG = False
ROOT_URLCONF = "beacon_site.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "hitcount"]

# Readers of one network prefix (all of them, unless they differ by X-Forwarded-For): a
# cap this high never turns a new reader into a view only; the prefix is still counted.
WAGTAIL_ANALYTICS = {**WAGTAIL_ANALYTICS, "READ_PREFIX_CAP": 10**9}
# `beacon.py --readers address` trusts the load generator as a proxy, so that readers can
# differ by their X-Forwarded-For address.
if os.environ.get("BEACON_BENCH_TRUSTED_PROXIES"):
    WAGTAIL_ANALYTICS["TRUSTED_PROXIES"] = os.environ["BEACON_BENCH_TRUSTED_PROXIES"].split(",")

# The demo content's cover images go to a temporary folder, not to example_project/media.
MEDIA_ROOT = os.environ.get("BEACON_BENCH_MEDIA_ROOT", str(MEDIA_ROOT))

# Errors go to gunicorn's error log, which the benchmark shows when a server cannot start.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "wagtail_analytics": {"handlers": ["stderr"], "level": "WARNING"},
    },
}
