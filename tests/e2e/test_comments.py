"""A reader comments in Chromium; a moderator approves it in the Wagtail admin; it appears."""

import re
import unicodedata

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP_VIEWPORT
from tests.e2e.test_read_counter import READER_UA

# Three user-perceived characters that are 12 code points: a thumbs-up with a skin tone,
# an "e" with a combining acute accent, and a family emoji joined by zero-width joiners.
TRICKY = "\U0001f44d\U0001f3fd" + "e\u0301" + "\U0001f468\u200d\U0001f469\u200d\U0001f467"


def reader_page(browser, demo_server):
    context = browser.new_context(
        viewport=DESKTOP_VIEWPORT, base_url=demo_server.base_url, user_agent=READER_UA
    )
    return context, context.new_page()


def open_article(page, position):
    page.goto("/news/")
    page.locator(".wa-card__headline a").nth(position).click()
    expect(page.locator("form[data-wa-comment-form]")).to_be_visible()
    return page.url


def test_comment_is_moderated_and_then_shown(browser, demo_server, artifacts_dir):
    context, page = reader_page(browser, demo_server)
    try:
        url = open_article(page, 2)
        counter = page.locator("[data-wa-counter]")
        expect(counter).to_have_text("You can enter 512 characters")
        expect(page.locator(".wa-rules")).to_contain_text("Warning!")

        text = "Clear and useful analysis " + TRICKY
        page.fill("#wa-comment-name", "Nino Beridze")
        page.locator("#wa-comment-body").press_sequentially(text, delay=20)
        # 26 letters and spaces plus 3 characters as readers see them.
        expect(counter).to_have_text("You can enter 483 characters")
        page.wait_for_timeout(3200)  # the form's timing ticket wants a few seconds
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".wa-notice")).to_contain_text("awaiting moderation")
        expect(page.locator("#wa-comment-body")).to_have_value("")
        page.screenshot(path=artifacts_dir / "comment-sent.png")
    finally:
        context.close()

    admin = browser.new_context(viewport=DESKTOP_VIEWPORT, base_url=demo_server.base_url)
    try:
        moderator = admin.new_page()
        moderator.goto("/admin/login/")
        moderator.fill("#id_username", demo_server.username)
        moderator.fill("#id_password", demo_server.password)
        moderator.get_by_role("button", name=re.compile("Sign in", re.I)).click()
        moderator.goto("/admin/snippets/wagtail_analytics/comment/")
        row = moderator.locator("tr", has_text="Clear and useful analysis")
        expect(row).to_be_visible()
        row.locator("input[type=checkbox]").check()
        moderator.locator("[data-bulk-action-footer], .bulk-actions-choices, footer").get_by_text(
            "Approve", exact=True
        ).first.click()
        moderator.get_by_role("button", name="Yes, approve").click()
        expect(moderator.locator("body")).to_contain_text("approved")
        moderator.screenshot(path=artifacts_dir / "comment-approved.png")
    finally:
        admin.close()

    context, page = reader_page(browser, demo_server)
    try:
        page.goto(url)
        comment = page.locator(".wa-comment", has_text="Clear and useful analysis")
        expect(comment).to_be_visible()
        expect(comment).to_contain_text("Nino Beridze")
        # Stored and shown as typed, in Unicode's composed form (NFC): e + accent is é.
        expect(comment.locator(".wa-comment__body")).to_have_text(
            unicodedata.normalize("NFC", text)
        )
    finally:
        context.close()


def test_rule_breaking_comment_shows_its_reason_and_keeps_the_text(
    browser, demo_server, artifacts_dir
):
    context, page = reader_page(browser, demo_server)
    try:
        open_article(page, 3)
        text = "The author is an idiot."
        page.fill("#wa-comment-name", "Troll")
        page.fill("#wa-comment-body", text)
        page.wait_for_timeout(3200)
        page.get_by_role("button", name="Send").click()
        error = page.locator("[data-wa-error]")
        expect(error).to_be_visible()
        expect(error).to_contain_text("offensive")
        expect(page.locator("#wa-comment-body")).to_have_value(text)
        page.screenshot(path=artifacts_dir / "comment-refused.png")
    finally:
        context.close()
