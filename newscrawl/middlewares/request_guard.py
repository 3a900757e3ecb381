"""Refuse redirects that leave the site, leave HTTP(S) or point into a private network.

A news site's redirect is followed only when its target is ``http``/``https``, on the same site as
the URL the chain started from (or an allowed host), and not a private, loopback, link-local or
otherwise non-public address — unless the crawl itself started on that host (a crawl of a local
test server). Redirect loops are cut at the first repeat. Every refusal raises `IgnoreRequest`
before any connection is made, counts ``newscrawl/refused/<reason>`` and logs one line.

A hostname that *resolves* to a private address is refused by the crawl's DNS resolver
(`newscrawl.resolver.PrivateAddressResolver`) when the connection is made; the guards hand it the
crawl's trusted hosts when the spider opens, and `ResolvedAddressGuardMiddleware` turns its refusal
into ``newscrawl/refused/private_address`` (not a DNS failure to retry).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, NotConfigured
from scrapy.http import Response
from twisted.internet.error import DNSLookupError
from w3lib.url import safe_url_string

from newscrawl.discovery.urls import registered_domain
from newscrawl.extensions.outcomes import record_outcome
from newscrawl.resolver import is_private_address

if TYPE_CHECKING:
    from typing_extensions import Self

logger = logging.getLogger(__name__)

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def _ip_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host literal stands for, including legacy forms like ``2130706433``."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host):
        try:
            return ipaddress.ip_address(socket.inet_aton(host))
        except (OSError, ValueError):
            return None
    return None


def is_private_host(host: str) -> bool:
    """Whether a URL host is not on the public internet (private, loopback, link-local, ...)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    ip = _ip_of(host)
    return ip is not None and is_private_address(str(ip))


def _same_site(host: str, other: str) -> bool:
    if host == other:
        return True
    if _ip_of(host) is not None or _ip_of(other) is not None:
        return False
    return registered_domain(host) == registered_domain(other)


def refusal_reason(
    origin: str, target: str, trusted_hosts: frozenset[str], *, offsite: bool = True
) -> str | None:
    """Why the crawl must not follow a redirect from ``origin`` to ``target``, or None.

    ``trusted_hosts`` are the crawl's own start hosts and the configured allowed hosts: they may be
    private and count as on-site. With ``offsite=False`` only the scheme and address are checked.
    """
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https"):
        return "redirect_scheme"
    host = (parts.hostname or "").lower()
    if not host:
        return "redirect_scheme"
    if host in trusted_hosts:
        return None
    if is_private_host(host):
        return "private_address"
    origin_host = (urlsplit(origin).hostname or "").lower()
    if offsite and not _same_site(origin_host, host):
        return "redirect_offsite"
    return None


# Spider attributes that hold the URLs a crawl starts from (start pages, sitemaps, feeds).
_SEED_ATTRIBUTES = ("start_urls", "sitemap_urls", "feed_urls")


def _resolver() -> object | None:
    """The DNS resolver installed on the reactor (Scrapy installs ``TWISTED_DNS_RESOLVER`` there)."""
    from twisted.internet import reactor

    return getattr(reactor, "resolver", None)


class _Guard:
    """What both guards share: the settings switch and the crawl's trusted hosts."""

    def __init__(self, crawler: Crawler, allowed_hosts: list[str]) -> None:
        self.crawler = crawler
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.trusted_hosts = self.allowed_hosts
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSCRAWL_REDIRECT_GUARD_ENABLED"):
            raise NotConfigured  # switched off: no warning
        return cls(crawler, crawler.settings.getlist("NEWSCRAWL_REDIRECT_ALLOWED_HOSTS"))

    def spider_opened(self, spider: Spider) -> None:
        seeds = [url for attribute in _SEED_ATTRIBUTES for url in (getattr(spider, attribute, None) or ())]
        start_hosts = {urlsplit(u).hostname for u in seeds}
        self.trusted_hosts = self.allowed_hosts | {h.lower() for h in start_hosts if h}

    def _refuse(self, reason: str, source: str, target: str) -> IgnoreRequest:
        record_outcome(self.crawler, "refused", reason, source, f"redirect to {target}")
        return IgnoreRequest(f"refused redirect {source} -> {target}: {reason}")


class RequestGuardMiddleware(_Guard):
    """Checks every request before anything is sent for it (robots.txt included).

    Placed before Scrapy's robots.txt middleware (priority below 100): a request that follows a
    redirect built elsewhere (meta refresh) is checked like an HTTP redirect (a loop is cut at its
    first repeat, as the redirect guard cuts HTTP redirect loops), and a request for a
    private address that is not the crawl's own start host is refused outright. When the spider
    opens it hands the crawl's trusted hosts to the DNS resolver (which refuses private addresses
    for every other name), or warns that the installed resolver does not check addresses.
    """

    def spider_opened(self, spider: Spider) -> None:
        super().spider_opened(spider)
        resolver = _resolver()
        if resolver is not None and hasattr(resolver, "trust"):
            resolver.trust(self.trusted_hosts)
        else:
            logger.warning(
                "The DNS resolver (TWISTED_DNS_RESOLVER) is not newscrawl.resolver.PrivateAddressResolver: "
                "hostnames that resolve to private addresses are not refused"
            )

    def process_request(self, request: Request) -> None:
        chain = request.meta.get("redirect_urls")
        if chain:
            reason = refusal_reason(chain[0], request.url, self.trusted_hosts)
            if reason is None and urldefrag(request.url)[0] in {urldefrag(u)[0] for u in chain}:
                reason = "redirect_loop"  # a meta refresh back to a page of the chain
            if reason:
                raise self._refuse(reason, chain[-1], request.url)
            return
        host = (urlsplit(request.url).hostname or "").lower()
        if host and host not in self.trusted_hosts and is_private_host(host):
            record_outcome(self.crawler, "refused", "private_address", request.url, "link to a private host")
            raise IgnoreRequest(f"refused {request.url}: private address")


class RedirectGuardMiddleware(_Guard):
    """Checks HTTP redirect targets (``Location``) before Scrapy builds the redirected request.

    Runs just before Scrapy's ``RedirectMiddleware`` on responses (priority above 600), so a
    refused target is never scheduled, let alone requested. Also cuts redirect loops. Settings:
    ``NEWSCRAWL_REDIRECT_GUARD_ENABLED`` (default on) and ``NEWSCRAWL_REDIRECT_ALLOWED_HOSTS``
    (hosts a redirect may lead to besides the start sites).
    """

    def process_response(self, request: Request, response: Response) -> Response:
        if (
            response.status not in _REDIRECT_STATUSES
            or "Location" not in response.headers
            or request.meta.get("dont_redirect")
            or request.meta.get("handle_httpstatus_all")
            or response.status in request.meta.get("handle_httpstatus_list", ())
        ):
            return response
        location = response.headers.get("Location") or b""
        location_str = safe_url_string(location.decode("latin-1"))
        if location_str.startswith("//"):
            location_str = f"{urlsplit(request.url).scheme}:{location_str}"
        target = urljoin(request.url, location_str)
        chain = [*request.meta.get("redirect_urls", []), request.url]
        reason = refusal_reason(chain[0], target, self.trusted_hosts)
        if reason is None and urldefrag(target)[0] in {urldefrag(u)[0] for u in chain}:
            reason = "redirect_loop"
        if reason:
            raise self._refuse(reason, request.url, target)
        return response


class ResolvedAddressGuardMiddleware(_Guard):
    """Turns the resolver's refusal of a private address into a refusal, not a DNS failure.

    `newscrawl.resolver.PrivateAddressResolver` fails the lookup of a name that resolves to a private
    address the crawl does not trust; the download then fails like a DNS error. Placed before the
    retry middleware on exceptions (priority above 550), this records it once as
    ``newscrawl/refused/private_address`` and drops the request (no retries, no "failed/dns").
    """

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, (CannotResolveHostError, DNSLookupError)):
            return
        resolver = _resolver()
        host = urlsplit(request.url).hostname or ""
        refusal = getattr(resolver, "refusal", None)
        address = refusal(host) if refusal is not None else None
        if address is None:
            return
        detail = f"{host} resolves to {address}"
        record_outcome(self.crawler, "refused", "private_address", request.url, detail)
        raise IgnoreRequest(f"refused {request.url}: {host} resolves to the private address {address}")
