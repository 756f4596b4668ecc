"""Opening an article in a real browser raises its read count by one; reloading does not."""

import json
import time
import urllib.request

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP_VIEWPORT

# Headless Chromium says "HeadlessChrome" in its user agent, which the crawler check rightly
# refuses to count; a reader's browser says "Chrome".
READER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


def counts(base_url, article_id):
    with urllib.request.urlopen(f"{base_url}/api/analytics/articles/{article_id}/reads/") as r:
        return json.load(r)


def wait_for(predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


def test_opening_counts_once_and_reloading_does_not(browser, demo_server, artifacts_dir):
    context = browser.new_context(
        viewport=DESKTOP_VIEWPORT, base_url=demo_server.base_url, user_agent=READER_UA
    )
    try:
        page = context.new_page()
        page.goto("/news/")
        link = page.locator(".wa-card__headline a").last
        href = link.get_attribute("href")
        api = f"{demo_server.base_url}/api/v2/pages/?type=wagtail_analytics.AnalyticsArticle"
        slug = href.rstrip("/").rsplit("/", 1)[-1]
        with urllib.request.urlopen(f"{api}&slug={slug}") as response:
            (article,) = json.load(response)["items"]
        before = counts(demo_server.base_url, article["id"])

        link.click()
        expect(page.locator(".wa-reads")).to_be_visible()
        after_open = wait_for(
            lambda: (
                (c := counts(demo_server.base_url, article["id"]))["views"] > before["views"] and c
            )
        )
        assert after_open == {"reads": before["reads"] + 1, "views": before["views"] + 1}

        page.reload()
        expect(page.locator(".wa-reads")).to_have_text(f"Read: {before['reads'] + 1}")
        # The reload sends a beacon too (one more view), but it is not a new read.
        after_reload = wait_for(
            lambda: (
                (c := counts(demo_server.base_url, article["id"]))["views"] > after_open["views"]
                and c
            )
        )
        assert after_reload == {"reads": before["reads"] + 1, "views": before["views"] + 2}
        page.screenshot(path=artifacts_dir / "article-read-counter.png")
    finally:
        context.close()
