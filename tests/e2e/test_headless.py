"""The headless demo front end (example_project/headless/) in Chromium, against the CMS.

The front end is served as static files by ``python -m http.server`` on 127.0.0.1:8001, the
origin the example project allows in ``CORS_ALLOWED_ORIGINS``; the page is pointed at the test
CMS with ``?cms=``. It must use only the public APIs: the news feed, Wagtail API v2, the read
beacon and the comments API.
"""

import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP_VIEWPORT, EXAMPLE_PROJECT, _answers, _stop
from tests.e2e.test_comments import TRICKY

HEADLESS_DIR = EXAMPLE_PROJECT / "headless"
HEADLESS_HOST = "127.0.0.1"
HEADLESS_PORT = 8001  # the only front-end port the example project's CORS allowlist knows
START_TIMEOUT = 10  # seconds

# A normal desktop Chrome, so the beacon counts, but not the exact user agent of the other
# browser tests: reads are deduplicated per reader, and this must be a new reader.
HEADLESS_READER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/127.0.0.0 Safari/537.36"
)

COMPACT_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{2} \d{2}:\d{2}$")


def _port_is_free(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Like http.server: connections of an earlier run in TIME_WAIT do not hold the port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="session")
def headless_url():
    """The static front end on http://127.0.0.1:8001, stopped at the end of the session."""
    if not _port_is_free(HEADLESS_HOST, HEADLESS_PORT):
        pytest.fail(
            f"{HEADLESS_HOST}:{HEADLESS_PORT} is taken (is `make demo` running?). The headless "
            "front end must be served on that port: it is the origin the example project allows "
            "in CORS_ALLOWED_ORIGINS. Stop whatever listens there and run the tests again."
        )
    url = f"http://{HEADLESS_HOST}:{HEADLESS_PORT}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(HEADLESS_PORT),
            "--bind",
            HEADLESS_HOST,
            "--directory",
            str(HEADLESS_DIR),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(f"{url}/index.html"):
            if process.poll() is not None:
                pytest.fail(f"http.server exited with {process.returncode} before answering")
            if time.monotonic() > deadline:
                pytest.fail(f"{url}/index.html did not answer within {START_TIMEOUT} s")
            time.sleep(0.1)
        yield url
    finally:
        _stop(process)


def _get_json(url):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as response:
        return json.load(response)


def _reads(demo_server, article_id):
    return _get_json(f"{demo_server.base_url}/api/analytics/articles/{article_id}/reads/")["reads"]


@pytest.fixture
def reader(browser, demo_server, headless_url):
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, user_agent=HEADLESS_READER_UA)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Nothing may be loaded from a host other than the front end and the CMS.
    hosts = []
    page.on("request", lambda request: hosts.append(urllib.parse.urlsplit(request.url).netloc))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"
    allowed = {urllib.parse.urlsplit(headless_url).netloc}
    allowed.add(urllib.parse.urlsplit(demo_server.base_url).netloc)
    assert set(hosts) <= allowed, f"requests to other hosts: {set(hosts) - allowed}"


def _cms_query(demo_server):
    return urllib.parse.urlencode({"cms": demo_server.base_url})


def test_home_article_read_and_comment(reader, demo_server, headless_url, artifacts_dir):
    page = reader
    page.goto(f"{headless_url}/index.html?{_cms_query(demo_server)}")

    feed = page.locator("[data-home-feed] .feed__item")
    expect(feed.first).to_be_visible()
    api_feed = _get_json(f"{demo_server.base_url}/api/analytics/news-feed/?limit=10")["items"]
    expect(feed).to_have_count(len(api_feed))
    expect(feed.first.locator(".feed__headline")).to_have_text(api_feed[0]["title"])
    expect(feed.first.locator("time")).to_have_text(COMPACT_DATE)
    expect(page.locator("[data-side-feed] li")).to_have_count(len(api_feed))
    expect(page.get_by_role("heading", name="News feed")).to_be_visible()
    page.screenshot(path=artifacts_dir / "headless-home.png", full_page=True)

    # An article with comments open, from the middle of the feed.
    item = api_feed[1]
    article = _get_json(f"{demo_server.base_url}/api/v2/pages/{item['id']}/")
    assert article["comments_open"]
    reads_before = _reads(demo_server, item["id"])

    page.locator("[data-home-feed] .feed__headline a").nth(1).click()
    expect(page).to_have_url(re.compile(rf"/article\.html\?id={item['id']}(&|$)"))
    expect(page.locator("[data-headline]")).to_have_text(article["title"])
    expect(page).to_have_title(re.compile(re.escape(article["title"])))
    rubric = page.locator("[data-rubric]")
    expect(rubric).to_have_text(article["rubric"]["name"])
    expect(rubric).to_have_css("text-transform", "uppercase")
    if article["lead"]:
        expect(page.locator("[data-lead]")).to_have_text(article["lead"])
    expect(page.locator("[data-date]")).to_have_text(COMPACT_DATE)
    byline = page.locator("[data-byline]")
    expect(byline).to_be_visible()
    if article.get("byline"):
        expect(byline).to_have_text(article["byline"])
    else:
        for author in article["authors"]:
            expect(byline).to_contain_text(author["name"])
    paragraphs = page.locator("[data-body] > p")
    expect(paragraphs.first).to_be_visible()
    assert paragraphs.count() >= 2
    for text in paragraphs.all_inner_texts():
        assert text.strip(), "an empty paragraph was rendered"
    expect(page.locator("[data-reads]")).to_have_text(re.compile(r"^Read: \d+$"))
    expect(page.locator("[data-side-feed] [aria-current=page]")).to_have_text(item["title"])

    # The read beacon counts this reader once.
    deadline = time.monotonic() + 10
    while _reads(demo_server, item["id"]) != reads_before + 1:
        assert time.monotonic() < deadline, "the read beacon was not counted"
        time.sleep(0.2)

    # Comments: rules as a warning, the live counter, and sending one.
    expect(page.locator("[data-rules]")).to_contain_text("Warning!")
    counter = page.locator("[data-counter]")
    expect(counter).to_have_text("You can enter 512 characters")
    text = "A headless reader agrees " + TRICKY
    page.get_by_label("Your name", exact=True).fill("Headless Reader")
    page.get_by_label("Comment", exact=True).press_sequentially(text, delay=20)
    # 25 letters and spaces plus 3 characters as readers see them.
    expect(counter).to_have_text("You can enter 484 characters")
    page.wait_for_timeout(3200)  # the timing ticket wants a few seconds
    page.get_by_role("button", name="Send").click()
    expect(page.locator("[data-notice]")).to_contain_text("awaiting moderation")
    expect(page.get_by_label("Comment", exact=True)).to_have_value("")
    expect(counter).to_have_text("You can enter 512 characters")
    page.screenshot(path=artifacts_dir / "headless-article.png", full_page=True)

    # The beacon is sent once: the count did not rise again.
    assert _reads(demo_server, item["id"]) == reads_before + 1


def test_published_comments_are_listed_as_text(reader, demo_server, headless_url):
    page = reader
    feed = _get_json(f"{demo_server.base_url}/api/analytics/news-feed/?limit=10")["items"]
    with_comments = None
    for item in feed:
        listing = _get_json(
            f"{demo_server.base_url}/api/analytics/articles/{item['id']}/comments/?limit=50"
        )
        if listing["items"]:
            with_comments = (item, listing)
            break
    if with_comments is None:
        pytest.skip("the demo content has no published comment in the news feed")
    item, listing = with_comments
    page.goto(f"{headless_url}/article.html?id={item['id']}&{_cms_query(demo_server)}")
    comments = page.locator("[data-comment-list] .comment")
    expect(comments).to_have_count(len(listing["items"]))
    first = listing["items"][0]
    expect(comments.first.locator(".comment__author")).to_have_text(first["author_name"])
    expect(comments.first.locator(".comment__body")).to_have_text(first["body"])


def test_refused_comment_keeps_the_text(reader, demo_server, headless_url):
    page = reader
    feed = _get_json(f"{demo_server.base_url}/api/analytics/news-feed/?limit=10")["items"]
    page.goto(f"{headless_url}/article.html?id={feed[4]['id']}&{_cms_query(demo_server)}")
    text = "x" * 513
    page.get_by_label("Your name", exact=True).fill("Too Long")
    page.get_by_label("Comment", exact=True).fill(text)
    expect(page.locator("[data-counter]")).to_have_text("1 character too many")
    page.wait_for_timeout(3200)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("[data-form-error]")).to_be_visible()
    expect(page.get_by_label("Comment", exact=True)).to_have_value(text)


def test_sanitiser_keeps_only_the_allowlist(reader, demo_server, headless_url):
    page = reader
    page.goto(f"{headless_url}/index.html?{_cms_query(demo_server)}")
    html = page.evaluate(
        """() => {
            const box = document.createElement("div");
            box.appendChild(window.headlessDemo.sanitise(
                '<p class="x" onclick="alert(1)">Hi <strong>there</strong>'
                + '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>'
                + '<a href="javascript:alert(1)">js</a> <a href=" JaVa\\tScript:alert(1)">t</a>'
                + ' <a href="/news/" target="_blank">rel</a> <a href="https://e.org/">abs</a>'
                + '<span style="color:red">span</span><iframe src="https://e.org"></iframe></p>'
                + '<h2 id="h">Title</h2><ul><li>one</li></ul><br><hr>'
            ));
            return box.innerHTML;
        }"""
    )
    cms = demo_server.base_url
    assert html == (
        "<p>Hi <strong>there</strong><a>js</a> <a>t</a>"
        f' <a href="{cms}/news/">rel</a> <a href="https://e.org/">abs</a>span</p>'
        "<h2>Title</h2><ul><li>one</li></ul><br><hr>"
    )
    assert page.evaluate("() => window.pwned") is None


# Both shapes of the API v2 article fields: the richer one (rich text as HTML, image
# renditions, related articles inline, cover, author URLs) and the older one (ids only).
RICH_BLOCKS = [
    {"type": "paragraph", "value": "<p>First <b>bold</b> <a href='/news/'>link</a></p>"},
    {"type": "paragraph", "value": "<p></p>"},
    {
        "type": "image",
        "value": {
            "image": {
                "id": 1,
                "url": "/media/images/x.jpg",
                "width": 800,
                "height": 450,
                "alt": "A loom",
            },
            "caption": "The new hall",
            "credit": "Photo: Newsroom",
        },
    },
    {"type": "quote", "value": {"quote": "We waited for years.", "attribution": "A weaver"}},
    {
        "type": "related_article",
        "value": {"id": 999, "title": "Related headline", "url": "/x/", "rubric": "Culture"},
    },
    {"type": "paragraph", "value": "<p>Last <script>window.pwned=1</script>paragraph</p>"},
]
OLD_BLOCKS = [
    {"type": "paragraph", "value": "<p>Only paragraph</p>"},
    {"type": "image", "value": 12},
    {"type": "related_article", "value": None},
]


@pytest.mark.parametrize("shape", ["rich", "old"])
def test_article_blocks_of_both_api_shapes(reader, demo_server, headless_url, shape):
    page = reader
    feed = _get_json(f"{demo_server.base_url}/api/analytics/news-feed/?limit=10")["items"]
    article_id = feed[5]["id"]

    def rewrite(route):
        data = route.fetch().json()
        if shape == "rich":
            data["body"] = RICH_BLOCKS
            data["cover"] = {
                "url": "/media/images/cover.jpg",
                "width": 1200,
                "height": 630,
                "alt": "Cover",
            }
            data["cover_caption"] = "Cover caption"
            data["authors"] = [{"id": 1, "name": "A. Writer", "slug": "a", "url": "/authors/a/"}]
            data["byline"] = ""
            data["comment_count"] = 3
        else:
            data["body"] = OLD_BLOCKS
            for key in ("cover", "comment_count"):
                data.pop(key, None)
            for author in data["authors"]:
                author.pop("url", None)
        route.fulfill(json=data, headers={"Access-Control-Allow-Origin": headless_url})

    page.route(f"{demo_server.base_url}/api/v2/pages/{article_id}/", rewrite)
    page.route(re.compile(r".*/media/images/.*"), lambda route: route.fulfill(status=404, body=""))
    page.goto(f"{headless_url}/article.html?id={article_id}&{_cms_query(demo_server)}")
    body = page.locator("[data-body]")
    if shape == "rich":
        expect(body.locator("> p")).to_have_count(2)
        expect(body.locator("> p").first.locator("b")).to_have_text("bold")
        expect(body.locator("> p").first.locator("a")).to_have_attribute(
            "href", f"{demo_server.base_url}/news/"
        )
        expect(body.locator("> p").last).to_have_text("Last paragraph")
        image = body.locator("figure.block-image img")
        expect(image).to_have_attribute("src", f"{demo_server.base_url}/media/images/x.jpg")
        expect(image).to_have_attribute("alt", "A loom")
        expect(body.locator("figure.block-image figcaption")).to_contain_text("The new hall")
        expect(body.locator(".block-quote blockquote")).to_have_text("We waited for years.")
        expect(body.locator(".block-quote figcaption")).to_have_text("A weaver")
        related = body.locator(".block-related a")
        expect(related).to_have_text("Related headline")
        expect(related).to_have_attribute("href", re.compile(r"^article\.html\?id=999&"))
        expect(page.locator("[data-cover] img")).to_have_attribute("alt", "Cover")
        expect(page.locator("[data-byline] a")).to_have_attribute(
            "href", f"{demo_server.base_url}/authors/a/"
        )
        assert page.evaluate("() => window.pwned") is None
    else:
        expect(body.locator("> p")).to_have_text(["Only paragraph"])
        expect(body.locator("figure")).to_have_count(0)
        expect(page.locator("[data-cover]")).to_be_hidden()
        expect(page.locator("[data-byline]")).to_be_visible()
    expect(page.locator("[data-reads]")).to_have_text(re.compile(r"^Read: \d+$"))


def test_narrow_screen_has_no_horizontal_scrolling(
    reader, demo_server, headless_url, artifacts_dir
):
    page = reader
    page.set_viewport_size({"width": 390, "height": 844})
    feed = _get_json(f"{demo_server.base_url}/api/analytics/news-feed/?limit=10")["items"]
    page.goto(f"{headless_url}/article.html?id={feed[0]['id']}&{_cms_query(demo_server)}")
    expect(page.locator("[data-comment-form]")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts_dir / "headless-article-narrow.png", full_page=True)
