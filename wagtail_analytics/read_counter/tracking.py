"""What counts as a read, and who the reader is, without storing who they are.

No raw address or user agent leaves this module: readers and network prefixes are keyed
hashes whose salt rotates every day.
"""

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from ..conf import analytics_settings


@lru_cache(maxsize=4096)
def is_crawler(user_agent):
    """True for crawlers and for an empty user agent (verdicts cached per user agent)."""
    if not user_agent or not user_agent.strip():
        return True
    return _crawler_detector().isCrawler(user_agent)


@lru_cache(maxsize=1)
def _crawler_detector():
    from crawlerdetect import CrawlerDetect

    return CrawlerDetect()


@lru_cache(maxsize=16)
def _ipware(proxies):
    from python_ipware import IpWare

    return IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_list=list(proxies))


def client_ip(request):
    """The client's address: the peer, or what the trusted proxies say the client was.

    ``TRUSTED_PROXIES`` lists the proxy hops in front of Django, nearest last, in
    python-ipware's ``proxy_list`` form (addresses, CIDR networks or prefixes). The
    forwarded-for header is used only when the peer is the nearest trusted proxy and the
    chain ends with the listed hops; otherwise the peer address is the client.
    """
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return None
    proxies = tuple(analytics_settings.TRUSTED_PROXIES)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return peer
    ip, trusted = _ipware(proxies).get_client_ip({"HTTP_X_FORWARDED_FOR": f"{forwarded}, {peer}"})
    return ip if ip is not None and trusted else peer


def network_prefix(ip):
    """The /24 (IPv4) or /48 (IPv6) network an address belongs to."""
    if ip is None:
        return "unknown"
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def _daily_key(day=None):
    return _derive_daily_key(settings.SECRET_KEY, str(day or timezone.localdate()))


@lru_cache(maxsize=8)
def _derive_daily_key(secret, day):
    return hmac.new(
        secret.encode(), f"wagtail_analytics.reader:{day}".encode(), hashlib.sha256
    ).digest()


def _hash(*parts, day=None):
    message = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    # BLAKE2 is a keyed hash by itself: no HMAC construction needed.
    key = _daily_key(day)[:64]
    return hashlib.blake2b(message, key=key, digest_size=16).hexdigest()


def reader_keys(request):
    """``(reader, prefix)``: keyed hashes of who is reading and from which network.

    A logged-in reader is their user id; anyone else is their network prefix and user
    agent. The salt changes every day, so keys cannot be linked across days.
    """
    prefix = network_prefix(client_ip(request))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        reader = _hash("user", str(user.pk))
    else:
        reader = _hash("anon", prefix, request.META.get("HTTP_USER_AGENT", ""))
    return reader, _hash("prefix", prefix)


def is_editor_of(request, page):
    """True when the request's user may edit ``page`` (such views are not counted)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return page.permissions_for_user(user).can_edit()


def network_fingerprint(request, purpose="comment"):
    """A keyed hash of the client's network prefix, with a salt that rotates daily."""
    return _hash(purpose, network_prefix(client_ip(request)))
