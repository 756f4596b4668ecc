"""The wheel a host installs, the migrations it applies, the settings and checks it relies on."""

import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from wagtail_analytics.checks import check_required_apps
from wagtail_analytics.conf import analytics_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("wagtail_analytics_news-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_ships_templates_static_migrations_and_compiled_catalogues(wheel_names):
    expected = {
        "wagtail_analytics/templates/wagtail_analytics/analytics_article.html",
        "wagtail_analytics/templates/wagtail_analytics/blocks/paragraph.html",
        "wagtail_analytics/static/wagtail_analytics/css/wagtail_analytics.css",
        "wagtail_analytics/migrations/0001_initial.py",
        "wagtail_analytics/locale/ru/LC_MESSAGES/django.po",
        "wagtail_analytics/locale/ru/LC_MESSAGES/django.mo",
    }
    assert expected <= wheel_names


def test_wheel_leaves_out_tests_and_the_example_project(wheel_names):
    top_level = {name.split("/")[0] for name in wheel_names}
    assert {"tests", "example_project", "newsroom", "bench"}.isdisjoint(top_level)
    assert not any(name.endswith(".pyc") for name in wheel_names)


@pytest.mark.django_db
def test_migrations_are_up_to_date():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


def test_unknown_setting_is_an_error(settings):
    settings.WAGTAIL_ANALYTICS = {"ARTICLES_PER_PAEG": 5}
    with pytest.raises(ImproperlyConfigured, match="ARTICLES_PER_PAEG"):
        analytics_settings.ARTICLES_PER_PAGE  # noqa: B018


def test_settings_follow_override_settings(settings):
    assert analytics_settings.ARTICLES_PER_PAGE == 12
    settings.WAGTAIL_ANALYTICS = {"ARTICLES_PER_PAGE": 3}
    assert analytics_settings.ARTICLES_PER_PAGE == 3


def test_bad_setting_value_is_reported_by_system_checks(settings):
    settings.WAGTAIL_ANALYTICS = {"ARTICLES_PER_PAGE": 0}
    ids = [message.id for message in run_checks()]
    assert "wagtail_analytics.E002" in ids


def test_missing_required_app_is_reported(monkeypatch):
    # Changing INSTALLED_APPS itself would repopulate the app registry for the whole run.
    from django.apps import apps

    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "taggit" and installed(name))
    errors = check_required_apps()
    assert [e.id for e in errors] == ["wagtail_analytics.E001"]
    assert "taggit" in errors[0].msg


def test_configured_project_passes_checks():
    assert [m for m in run_checks() if m.id and m.id.startswith("wagtail_analytics")] == []


def test_unimportable_read_counter_backend_is_reported(settings):
    settings.WAGTAIL_ANALYTICS = {"READ_COUNTER": {"BACKEND": "nowhere.Backend"}}
    messages = [m for m in run_checks() if m.id == "wagtail_analytics.E003"]
    assert messages
    assert "nowhere.Backend" in messages[0].msg
