import pytest
from django.core.cache import cache

from tests.factories import AuthorFactory, RubricFactory, make_index


@pytest.fixture(autouse=True)
def _english():
    # A request in Russian leaves Russian active in the thread (LocaleMiddleware does not
    # reset it), which would change the messages later tests read.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index(db):
    return make_index()


@pytest.fixture
def rubric(db):
    return RubricFactory(name="Analytics", slug="analytics")


@pytest.fixture
def author(db):
    return AuthorFactory(name="Eliso Margvelani", slug="eliso-margvelani")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
