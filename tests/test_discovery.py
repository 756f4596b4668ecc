"""How readers and search engines find articles: feeds, sitemaps, JSON-LD, OpenGraph."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.images import ImageFile
from django.urls import include, path
from django.utils import timezone
from PIL import Image as PILImage
from wagtail import urls as wagtail_urls
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from tests.factories import AuthorFactory, RubricFactory, make_article, make_index

pytestmark = pytest.mark.django_db

# A host project that mounts neither the feeds nor the JSON API (see the test that uses it).
urlpatterns = [path("", include(wagtail_urls))]

MOSCOW = ZoneInfo("Europe/Moscow")
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml_of(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(content_type)
    return ET.fromstring(response.content)


@pytest.fixture
def newsroom(index, rubric):
    """Two authors, three live articles (one updated, one by two authors), a draft and a
    private article."""
    eliso = AuthorFactory(name="Eliso Margvelani", slug="eliso")
    aidar = AuthorFactory(name="Aidar Kemelbayev", slug="aidar")
    culture = RubricFactory(name="Culture", slug="culture")
    budget = make_article(
        index,
        title="Budget & the <city>",
        slug="budget",
        lead="Where the money goes.",
        rubric=rubric,
        authors=[eliso, aidar],
        published_at=datetime(2024, 4, 18, 15, 40, tzinfo=MOSCOW),
        updated_at=datetime(2024, 4, 19, 9, 0, tzinfo=MOSCOW),
    )
    festival = make_article(
        index,
        title="Festival programme announced",
        slug="festival",
        lead="Concerts in lighthouses.",
        rubric=culture,
        authors=[aidar],
        published_at=datetime(2024, 4, 17, 12, 0, tzinfo=MOSCOW),
    )
    staff = make_article(
        index,
        title="Weather warning",
        slug="weather",
        rubric=rubric,
        byline="Newsroom staff",
        published_at=datetime(2024, 4, 16, 8, 0, tzinfo=MOSCOW),
    )
    make_article(index, title="Draft story", slug="draft", publish=False)
    members = make_index(title="Members", slug="members")
    make_article(members, title="Members only", slug="members-only", rubric=rubric)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    return {"budget": budget, "festival": festival, "staff": staff, "eliso": eliso, "aidar": aidar}


# RSS and Atom -------------------------------------------------------------------------------


def test_site_rss_feed(client, newsroom):
    channel = xml_of(client, "/feeds/rss/", "application/rss+xml").find("channel")
    assert channel.findtext("title") == "Test news: latest articles"
    assert channel.findtext("link") == "http://localhost/news/"
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Budget & the <city>",
        "Festival programme announced",
        "Weather warning",
    ]
    budget = items[0]
    assert budget.findtext("link") == "http://localhost/news/budget/"
    assert budget.findtext("guid") == "http://localhost/news/budget/"
    assert budget.findtext("description") == "Where the money goes."
    assert budget.findtext("dc:creator", namespaces=NS) == "Eliso Margvelani, Aidar Kemelbayev"
    assert [c.text for c in budget.findall("category")] == ["Analytics"]
    assert parsedate_to_datetime(budget.findtext("pubDate")) == datetime(
        2024, 4, 18, 15, 40, tzinfo=MOSCOW
    )
    assert items[2].findtext("dc:creator", namespaces=NS) == "Newsroom staff"


def test_site_atom_feed(client, newsroom):
    feed = xml_of(client, "/feeds/atom/", "application/atom+xml")
    assert feed.findtext("atom:title", namespaces=NS) == "Test news: latest articles"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    entries = feed.findall("atom:entry", NS)
    assert len(entries) == 3
    budget = entries[0]
    assert budget.find("atom:link", NS).get("href") == "http://localhost/news/budget/"
    assert budget.findtext("atom:summary", namespaces=NS) == "Where the money goes."
    published = datetime.fromisoformat(budget.findtext("atom:published", namespaces=NS))
    updated = datetime.fromisoformat(budget.findtext("atom:updated", namespaces=NS))
    assert published == datetime(2024, 4, 18, 15, 40, tzinfo=MOSCOW)
    assert updated == datetime(2024, 4, 19, 9, 0, tzinfo=MOSCOW)
    author = budget.find("atom:author", NS)
    assert author.findtext("atom:name", namespaces=NS) == "Eliso Margvelani, Aidar Kemelbayev"
    assert author.findtext("atom:uri", namespaces=NS) == "http://localhost/news/author/eliso/"
    assert budget.find("atom:category", NS).get("term") == "Analytics"


def test_rubric_feeds(client, newsroom):
    channel = xml_of(client, "/feeds/rubric/culture/rss/", "application/rss+xml").find("channel")
    assert channel.findtext("title") == "Test news: Culture"
    assert channel.findtext("link") == "http://localhost/news/rubric/culture/"
    assert [i.findtext("title") for i in channel.findall("item")] == [
        "Festival programme announced"
    ]
    atom = xml_of(client, "/feeds/rubric/analytics/atom/", "application/atom+xml")
    titles = [e.findtext("atom:title", namespaces=NS) for e in atom.findall("atom:entry", NS)]
    assert titles == ["Budget & the <city>", "Weather warning"]


def test_author_feeds(client, newsroom):
    channel = xml_of(client, "/feeds/author/aidar/rss/", "application/rss+xml").find("channel")
    assert channel.findtext("title") == "Test news: articles by Aidar Kemelbayev"
    assert [i.findtext("title") for i in channel.findall("item")] == [
        "Budget & the <city>",
        "Festival programme announced",
    ]
    atom = xml_of(client, "/feeds/author/eliso/atom/", "application/atom+xml")
    assert len(atom.findall("atom:entry", NS)) == 1


@pytest.mark.parametrize("url", ["/feeds/rubric/nothing/rss/", "/feeds/author/nobody/atom/"])
def test_feeds_of_unknown_rubrics_and_authors_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def test_feed_length_is_a_setting(client, newsroom, settings):
    settings.WAGTAIL_ANALYTICS = {"FEED_ITEMS": 2, "PUBLISHER_NAME": "The Daily"}
    channel = xml_of(client, "/feeds/rss/", "application/rss+xml").find("channel")
    assert len(channel.findall("item")) == 2
    assert channel.findtext("title") == "The Daily: latest articles"


# Links to the feeds -------------------------------------------------------------------------


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.metas, self.scripts, self._script = [], {}, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.links.append((attrs["type"], attrs["href"], attrs.get("title")))
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.metas.setdefault(key, []).append(attrs.get("content"))
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = LinkCollector()
    parser.feed(response.content.decode())
    return parser


def test_article_head_links_the_site_and_rubric_feeds(client, newsroom):
    links = head_of(client, newsroom["budget"].url).links
    assert ("application/rss+xml", "/feeds/rss/", "Test news (RSS)") in links
    assert ("application/atom+xml", "/feeds/atom/", "Test news (Atom)") in links
    assert (
        "application/rss+xml",
        "/feeds/rubric/analytics/rss/",
        "Test news: Analytics (RSS)",
    ) in links


def test_rubric_and_author_listings_link_their_feeds(client, newsroom):
    rubric_page = client.get("/news/rubric/culture/").content.decode()
    assert 'href="/feeds/rubric/culture/rss/"' in rubric_page.split("</head>")[1]
    assert ("application/atom+xml", "/feeds/rubric/culture/atom/", "Test news: Culture (Atom)") in (
        head_of(client, "/news/rubric/culture/").links
    )
    author_links = head_of(client, "/news/author/aidar/").links
    assert (
        "application/rss+xml",
        "/feeds/author/aidar/rss/",
        "Test news: Aidar Kemelbayev (RSS)",
    ) in (author_links)
    index_page = client.get("/news/").content.decode()
    assert 'class="wa-feed-link" type="application/rss+xml" href="/feeds/rss/"' in index_page


def test_pages_render_without_feed_urls_mounted(client, newsroom, settings):
    settings.ROOT_URLCONF = __name__  # the urlpatterns below: no wagtail_analytics.urls
    html = client.get(newsroom["budget"].url).content.decode()
    assert "application/rss+xml" not in html
    assert client.get("/news/rubric/culture/").status_code == 200


# Sitemaps -----------------------------------------------------------------------------------


def test_sitemap_lists_live_public_pages_with_article_update_times(client, newsroom):
    urlset = xml_of(client, "/sitemap.xml", "application/xml")
    entries = {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in urlset.findall("sm:url", NS)
    }
    assert "http://localhost/news/draft/" not in entries
    assert "http://localhost/members/members-only/" not in entries
    assert "http://localhost/news/" in entries
    # An updated article: its update time; the others: their last publication.
    assert datetime.fromisoformat(entries["http://localhost/news/budget/"]) == datetime(
        2024, 4, 19, 9, 0, tzinfo=MOSCOW
    )
    festival = newsroom["festival"]
    assert datetime.fromisoformat(entries["http://localhost/news/festival/"]) == (
        festival.last_published_at
    )


def test_news_sitemap_lists_the_last_48_hours(client, index, rubric, settings):
    settings.LANGUAGE_CODE = "en"
    now = timezone.now()
    make_article(
        index, title="Today & tonight", slug="today", published_at=now - timedelta(hours=2)
    )
    make_article(index, title="Yesterday", slug="yesterday", published_at=now - timedelta(hours=40))
    make_article(index, title="Last week", slug="old", published_at=now - timedelta(days=7))
    make_article(index, title="Draft", slug="draft", publish=False)
    urlset = xml_of(client, "/news-sitemap.xml", "application/xml")
    urls = urlset.findall("sm:url", NS)
    assert [u.findtext("sm:loc", namespaces=NS) for u in urls] == [
        "http://localhost/news/today/",
        "http://localhost/news/yesterday/",
    ]
    news = urls[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Test news"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Today & tonight"
    published = datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    assert abs(published - (now - timedelta(hours=2))) < timedelta(seconds=1)


def test_news_sitemap_publication_name_is_a_setting(client, index, settings):
    settings.WAGTAIL_ANALYTICS = {"PUBLISHER_NAME": "The Varnavan Daily"}
    make_article(index, slug="today", published_at=timezone.now() - timedelta(hours=1))
    urlset = xml_of(client, "/news-sitemap.xml", "application/xml")
    name = urlset.findtext("sm:url/news:news/news:publication/news:name", namespaces=NS)
    assert name == "The Varnavan Daily"


def test_news_sitemap_language_codes():
    from wagtail_analytics.sitemaps import news_sitemap_language

    assert news_sitemap_language("ru") == "ru"
    assert news_sitemap_language("en-gb") == "en"
    assert news_sitemap_language("zh-hans") == "zh-cn"
    assert news_sitemap_language("zh-tw") == "zh-tw"


# JSON-LD, OpenGraph, Twitter ----------------------------------------------------------------


def json_ld_of(client, article):
    scripts = head_of(client, article.url).scripts
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_news_article_json_ld(client, newsroom):
    data = json_ld_of(client, newsroom["budget"])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Budget & the <city>"
    assert data["description"] == "Where the money goes."
    assert data["url"] == "http://localhost/news/budget/"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": "http://localhost/news/budget/"}
    assert datetime.fromisoformat(data["datePublished"]) == datetime(
        2024, 4, 18, 15, 40, tzinfo=MOSCOW
    )
    assert data["datePublished"] == "2024-04-18T15:40:00+03:00"
    assert data["dateModified"] == "2024-04-19T09:00:00+03:00"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Eliso Margvelani",
            "url": "http://localhost/news/author/eliso/",
        },
        {
            "@type": "Person",
            "name": "Aidar Kemelbayev",
            "url": "http://localhost/news/author/aidar/",
        },
    ]
    assert data["articleSection"] == "Analytics"
    assert data["inLanguage"] == "en"
    assert data["publisher"] == {"@type": "Organization", "name": "Test news"}
    assert "image" not in data  # no cover image


def test_json_ld_cannot_break_out_of_its_script(client, index):
    article = make_article(index, title="</script><script>alert(1)</script>", slug="x")
    html = client.get(article.url).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in script.group(1)
    assert json.loads(script.group(1))["headline"] == "</script><script>alert(1)</script>"


def test_json_ld_image_publisher_logo_and_free_text_byline(client, index, settings):
    settings.WAGTAIL_ANALYTICS = {
        "PUBLISHER_NAME": "The Daily",
        "PUBLISHER_LOGO": "/static/logo.png",
        "TWITTER_SITE": "@thedaily",
    }
    buffer = BytesIO()
    PILImage.new("RGB", (1600, 900), (10, 90, 170)).save(buffer, format="PNG")
    image = get_image_model().objects.create(
        title="Cover", file=ImageFile(buffer, name="cover.png")
    )
    article = make_article(
        index,
        slug="with-cover",
        authors=[AuthorFactory(name="Hidden Name")],
        byline="Newsroom staff",
        cover_image=image,
        cover_caption="Dam",
    )
    data = json_ld_of(client, article)
    # The free-text byline replaces the authors' names, as on the page.
    assert data["author"] == [{"@type": "Organization", "name": "Newsroom staff"}]
    assert "Hidden Name" not in client.get(article.url).content.decode()
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "The Daily",
        "logo": {"@type": "ImageObject", "url": "http://localhost/static/logo.png"},
    }
    assert len(data["image"]) == 1
    assert data["image"][0].startswith("http://localhost/media/images/cover")
    assert ".fill-1200x630" in data["image"][0]
    metas = head_of(client, article.url).metas
    assert metas["og:image"] == data["image"]
    assert metas["og:image:width"] == ["1200"]
    assert metas["og:image:alt"] == ["Dam"]
    assert metas["twitter:card"] == ["summary_large_image"]
    assert metas["twitter:site"] == ["@thedaily"]
    assert metas["og:site_name"] == ["The Daily"]


def test_opengraph_and_twitter_tags(client, newsroom):
    article = newsroom["budget"]
    metas = head_of(client, article.url).metas
    assert metas["og:type"] == ["article"]
    assert metas["og:title"] == ["Budget & the <city>"]
    assert metas["og:description"] == ["Where the money goes."]
    assert metas["og:url"] == ["http://localhost/news/budget/"]
    assert metas["og:site_name"] == ["Test news"]
    assert metas["article:section"] == ["Analytics"]
    assert metas["article:author"] == [
        "http://localhost/news/author/eliso/",
        "http://localhost/news/author/aidar/",
    ]
    assert datetime.fromisoformat(metas["article:published_time"][0]) == datetime(
        2024, 4, 18, 15, 40, tzinfo=MOSCOW
    )
    assert metas["twitter:card"] == ["summary"]
    assert metas["twitter:title"] == ["Budget & the <city>"]
    assert metas["twitter:description"] == ["Where the money goes."]
    assert "twitter:site" not in metas
