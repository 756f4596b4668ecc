"""Browser tests of the article page and a rubric listing of the example news site."""

import importlib.util
import re
from pathlib import Path

from playwright.sync_api import expect

EXAMPLE_PROJECT = Path(__file__).resolve().parents[2] / "example_project"

DATE_PATTERN = re.compile(r"^\d{2}\.\d{2}\.\d{2} \d{2}:\d{2}$")
MOBILE_VIEWPORT = {"width": 390, "height": 844}


def _demo_author_names():
    # Loaded from its file: the example project is not on sys.path of the test process.
    spec = importlib.util.spec_from_file_location(
        "e2e_demo_data", EXAMPLE_PROJECT / "newsroom" / "demo_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [author["name"] for author in module.AUTHORS]


AUTHOR_NAMES = _demo_author_names()


def _normalise(text):
    return " ".join(text.split())


def open_first_article(page):
    """Open the home page, follow the first article card; return the link's text."""
    page.goto("/")
    link = page.locator(".wa-card__headline a").first
    expect(link).to_be_visible()
    headline = _normalise(link.inner_text())
    assert headline, "the first article link on the home page has no text"
    link.click()
    page.wait_for_load_state()
    return headline


def test_article_page(page, artifacts_dir):
    link_text = open_first_article(page)

    rubric = page.locator(".wa-article__header .wa-rubric")
    expect(rubric).to_be_visible()
    assert rubric.inner_text().strip(), "the rubric label is empty"
    text_transform = rubric.evaluate("element => getComputedStyle(element).textTransform")
    assert text_transform == "uppercase"

    headline = page.locator("h1.wa-article__headline")
    expect(headline).to_be_visible()
    assert _normalise(headline.inner_text()) == link_text

    date = page.locator("time.wa-article__date")
    expect(date).to_be_visible()
    assert DATE_PATTERN.match(date.inner_text().strip()), date.inner_text()

    byline = page.locator(".wa-byline")
    expect(byline).to_be_visible()
    byline_text = byline.inner_text()
    assert any(name in byline_text for name in AUTHOR_NAMES), byline_text

    paragraphs = page.locator(".wa-paragraph p")
    assert paragraphs.count() > 0, "the article body has no paragraphs"
    texts = [text.strip() for text in paragraphs.all_inner_texts()]
    empty = [number for number, text in enumerate(texts, start=1) if not text]
    assert not empty, f"empty paragraphs (1-based positions): {empty} of {len(texts)}"

    page.screenshot(path=artifacts_dir / "article.png", full_page=True)


def test_rubric_listing(page, artifacts_dir):
    page.goto("/news/rubric/analytics/")
    labels = page.locator(".wa-card .wa-rubric")
    expect(labels.first).to_be_visible()
    texts = [text.strip() for text in labels.all_inner_texts()]
    assert texts, "the Analytics rubric lists no articles"
    assert page.locator(".wa-card").count() == len(texts), "a card has no rubric label"
    assert all(text.casefold() == "analytics" for text in texts), texts

    page.screenshot(path=artifacts_dir / "rubric.png", full_page=True)


def test_article_page_has_no_horizontal_scroll_on_mobile(page, artifacts_dir):
    page.set_viewport_size(MOBILE_VIEWPORT)
    open_first_article(page)
    expect(page.locator("h1.wa-article__headline")).to_be_visible()

    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width + 1, (
        f"horizontal scroll: scrollWidth {scroll_width} > clientWidth {client_width}"
    )

    page.screenshot(path=artifacts_dir / "article-mobile.png", full_page=True)
