"""Hostnames that resolve to private addresses are never fetched (issue #17, item 3).

`is_private_host` sees IP literals only: a same-site link or a redirect to a *name* that resolves to
127.0.0.2 or 169.254.169.254 was fetched and its page emitted. The crawl's resolver checks the address
each connection is made to; only the start hosts and the allowed hosts may be private.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.resolver import PrivateAddressError, PrivateAddressResolver, is_private_address
from tests import pagebuilder as pb
from tests.fault_support import DNS_SETTING
from tests.faultsite import article_html, english_story, home_html
from tests.helpers import run_crawl
from tests.mockserver import MockServer, Response, redirect

PREFIX = "/news/2026/11/20/"
NAMES = {
    "news.test": "127.0.0.1",
    "intranet.news.test": "127.0.0.2",
    "archive.news.test": "127.0.0.2",
    "metadata.news.test": "169.254.169.254",
}


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.2", True),
        ("169.254.169.254", True),
        ("10.1.2.3", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("::1", True),
        ("::ffff:192.168.1.1", True),
        ("fd00::1", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
    ],
)
def test_private_addresses(address: str, private: bool) -> None:
    assert is_private_address(address) is private


def test_the_resolver_refuses_private_answers_except_for_trusted_names() -> None:
    resolver = PrivateAddressResolver(None, 0, 5.0, trusted=["start.test"])
    assert resolver._checked("93.184.216.34", "public.test") == "93.184.216.34"
    assert resolver._checked("127.0.0.1", "Start.Test.") == "127.0.0.1"
    with pytest.raises(PrivateAddressError):
        resolver._checked("169.254.169.254", "metadata.test")
    assert resolver.refusal("METADATA.test") == "169.254.169.254"
    assert resolver._checked("93.184.216.34", "metadata.test")  # a later public answer is fine again
    assert resolver.refusal("metadata.test") is None


def _story(slug: str) -> Response:
    return Response(article_html(english_story(slug, slug.replace("-", " ").capitalize())).encode())


@pytest.mark.crawl
def test_links_and_redirects_to_names_resolving_to_private_addresses_are_refused(tmp_path: Path) -> None:
    robots = Response(pb.robots_txt().encode(), content_type="text/plain")
    with MockServer() as site, MockServer(host="127.0.0.2") as intranet:
        inside = f"http://intranet.news.test:{intranet.port}{PREFIX}"
        archive = f"http://archive.news.test:{intranet.port}{PREFIX}archive-story-about-the-old-harbour-wall"
        metadata = "http://metadata.news.test/news/2026/11/20/metadata-story-about-the-instance-credentials"
        links = [
            (f"{PREFIX}public-story-about-the-new-ferry-timetable", "A story"),
            (f"{inside}intranet-story-about-the-staff-canteen-menu", "Intranet"),
            (f"{PREFIX}moved-story-about-the-quay-that-redirects-inside", "Moved"),
            (metadata, "Metadata"),
            (archive, "Archive"),
        ]
        site.routes.update(
            {
                "/": Response(home_html(links).encode()),
                "/robots.txt": robots,
                f"{PREFIX}public-story-about-the-new-ferry-timetable": _story(
                    "public-story-about-the-new-ferry-timetable"
                ),
                f"{PREFIX}moved-story-about-the-quay-that-redirects-inside": redirect(
                    f"{inside}secret-story-about-the-payroll-figures"
                ),
            }
        )
        intranet.routes.update(
            {
                "/robots.txt": robots,
                **{
                    PREFIX + slug: _story(slug)
                    for slug in (
                        "intranet-story-about-the-staff-canteen-menu",
                        "secret-story-about-the-payroll-figures",
                        "archive-story-about-the-old-harbour-wall",
                    )
                },
            }
        )
        result = run_crawl(
            tmp_path,
            "-a",
            f"url=http://news.test:{site.port}/",
            settings={
                "TWISTED_DNS_RESOLVER": "tests.fault_support.FakeDNSResolver",
                DNS_SETTING: json.dumps(NAMES),
                "NEWSCRAWL_REDIRECT_ALLOWED_HOSTS": "archive.news.test",
                "AUTOTHROTTLE_ENABLED": "False",
                "DOWNLOAD_DELAY": "0",
                "DOWNLOAD_TIMEOUT": "5",
            },
            timeout=120,
        )
        intranet_hits = set(intranet.paths_requested())
    assert result.returncode == 0, result.log[-3000:]
    emitted = sorted(item["url"] for item in result.items)
    assert emitted == sorted([f"http://news.test:{site.port}{links[0][0]}", archive]), result.log[-3000:]
    # Nothing but the allowed host was fetched from the private address.
    assert set(intranet_hits) <= {"/robots.txt", f"{PREFIX}archive-story-about-the-old-harbour-wall"}
    refused = [line for line in result.log.splitlines() if ": private_address (" in line]
    for url in (
        f"{inside}intranet-story-about-the-staff-canteen-menu",
        f"{inside}secret-story-about-the-payroll-figures",
        metadata,
    ):
        assert any(f"Refused {url}: private_address" in line for line in refused), url
    assert result.stats["newscrawl/refused/private_address"] >= 3
    assert not any(key.startswith("newscrawl/failed/") for key in result.stats), result.stats
    assert not any(key.startswith("newscrawl/retried/") for key in result.stats), result.stats
