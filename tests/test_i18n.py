"""Russian readers get Russian labels and the compact date; the catalogue is complete."""

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

import wagtail_analytics
from tests.factories import AuthorFactory, make_article
from wagtail_analytics.templatetags.wagtail_analytics_tags import wa_datetime

LOCALE_DIR = Path(wagtail_analytics.__file__).parent / "locale"
WHEN = datetime(2024, 4, 18, 15, 40, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.mark.django_db
def test_russian_request_gets_russian_labels(client, index, settings):
    settings.WAGTAIL_ANALYTICS = {"ARTICLES_PER_PAGE": 1}
    make_article(index, slug="one", authors=[AuthorFactory(name="Эльдар Мамедов")])
    article = make_article(index, slug="two", published_at=WHEN)
    html = client.get(article.url, headers={"accept-language": "ru"}).content.decode()
    assert '<html lang="ru">' in html
    assert "Перейти к содержанию" in html
    assert "18.04.24 15:40" in html
    listing = client.get(index.url, headers={"accept-language": "ru"}).content.decode()
    assert "Страница 1 из 2" in listing
    assert "Эльдар Мамедов" in listing


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "18.04.24 15:40"), ("ru", "18.04.24 15:40"), ("de", "18.04.2024 15:40")],
)
def test_compact_date_per_language(language, expected, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    with translation.override(language):
        assert wa_datetime(WHEN) == expected


def test_compact_date_format_is_a_setting(settings):
    settings.WAGTAIL_ANALYTICS = {"DATETIME_FORMATS": {"en": "Y-m-d H:i"}}
    with translation.override("en"):
        assert wa_datetime(WHEN) == "2024-04-18 15:40"


def test_russian_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(LOCALE_DIR / "ru/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE_DIR / "ru/LC_MESSAGES/django.mo"))
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries()
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_every_string_in_the_sources_is_in_the_catalogue(tmp_path, monkeypatch):
    """Fails when a user-facing string was added without running `make messages`."""
    package_dir = Path(wagtail_analytics.__file__).parent
    copy = tmp_path / "wagtail_analytics"
    shutil.copytree(package_dir, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ru"], verbosity=0)
    fresh = polib.pofile(str(copy / "locale/ru/LC_MESSAGES/django.po"))
    shipped = polib.pofile(str(LOCALE_DIR / "ru/LC_MESSAGES/django.po"))
    extracted = {(e.msgctxt, e.msgid) for e in fresh}
    catalogued = {(e.msgctxt, e.msgid) for e in shipped}
    assert extracted - catalogued == set()
    assert catalogued - extracted == set()
