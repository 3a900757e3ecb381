"""A DNS resolver that never lets the crawl connect to a private address it was not started on.

The request guard (`newscrawl.middlewares.request_guard`) refuses URLs whose host *is* a private
address (``10.0.0.1``, ``localhost``), but a hostname can *resolve* to one: a same-site link or a
redirect to ``intranet.example.com`` -> ``10.1.2.3``, or to a name pointing at ``127.0.0.2`` or the
cloud metadata address ``169.254.169.254``. `PrivateAddressResolver` is Scrapy's caching resolver
(``TWISTED_DNS_RESOLVER``, set in the project's settings) with one more step: the address a name
resolves to is checked before it is handed to the connection, and a private, loopback, link-local or
otherwise non-public one is refused (the lookup fails). The connection is made to the very address
that was checked — Twisted connects to what the resolver returns — so a name cannot resolve to a
public address for a check and to a private one for the connection (DNS rebinding).

Names the crawl trusts resolve to anything: the hosts the crawl was started on and
``NEWSCRAWL_REDIRECT_ALLOWED_HOSTS`` (the request guard hands them over when the spider opens).
An IP address is no name: it is judged where it is written, by the request guard (a URL's host) or
by the user (``HTTP_PROXY``, a proxy for replaying saved pages), and passes here unchanged.
``NEWSCRAWL_REDIRECT_GUARD_ENABLED`` = False turns the check off. A refused lookup is remembered by
host (`refused`), so the request guard can tell it from a real DNS failure: it counts
``newscrawl/refused/private_address`` and logs one line instead of retrying a "DNS error".

The resolver is made once per process, from the process's settings (Scrapy installs it on the
reactor before any crawler exists): trusted names are the union over the crawls of the process.
"""

from __future__ import annotations

import ipaddress
import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

logger = logging.getLogger(__name__)

# Refused lookups remembered (by host), the oldest forgotten first.
REFUSED_REMEMBERED = 10_000


class PrivateAddressError(DNSLookupError):
    """A name resolved to a private address the crawl must not connect to."""


def is_private_address(address: str) -> bool:
    """Whether an IP address is not on the public internet (private, loopback, link-local, CGNAT,
    reserved, unspecified ...); anything that is not an IP address counts as private."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _host(name: str) -> str:
    return name.lower().rstrip(".")


class PrivateAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing private addresses for names the crawl does not trust."""

    def __init__(
        self,
        reactor: Any,
        cache_size: int,
        timeout: float,
        *,
        enabled: bool = True,
        trusted: Iterable[str] = (),
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.enabled = enabled
        self.trusted: set[str] = {_host(h) for h in trusted}
        self.refused: OrderedDict[str, str] = OrderedDict()  # host -> the private address it gave

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PrivateAddressResolver:
        resolver = super().from_crawler(crawler, reactor)
        settings = crawler.settings
        resolver.enabled = settings.getbool("NEWSCRAWL_REDIRECT_GUARD_ENABLED")
        resolver.trust(settings.getlist("NEWSCRAWL_REDIRECT_ALLOWED_HOSTS"))
        return resolver

    def trust(self, hosts: Iterable[str]) -> None:
        """Let these names resolve to private addresses (the crawl's own start hosts)."""
        self.trusted |= {_host(h) for h in hosts if h}

    def refusal(self, host: str) -> str | None:
        """The private address a lookup of ``host`` was refused for, if it was."""
        return self.refused.get(_host(host))

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        looked_up = self._lookup(name, timeout)
        if self.enabled:
            looked_up.addCallback(self._checked, name)
        return looked_up

    def _lookup(self, name: str, timeout: Sequence[int]) -> Deferred[str]:
        """The plain (cached) lookup."""
        return super().getHostByName(name, timeout)

    def _checked(self, address: str, name: str) -> str:
        host = _host(name)
        if host in self.trusted or not is_private_address(address) or _is_ip_address(host):
            self.refused.pop(host, None)
            return address
        self.refused[host] = address
        self.refused.move_to_end(host)
        while len(self.refused) > REFUSED_REMEMBERED:
            self.refused.popitem(last=False)
        raise PrivateAddressError(f"{name} resolves to {address}, a private address")
