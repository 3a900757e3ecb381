"""Discovery on a site whose article URLs have the real shapes the old rule dropped, and the URL shapes
a crawl learns for the next run."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from tests.helpers import crawl_site
from tests.newssite import NewsSite, SiteArticle, SiteServer, serve

pytestmark = pytest.mark.crawl

# Shapes of real article URLs (see the issue and tests/test_discovery_urls.py), with {n} a number.
SHAPES = [
    "/story/30000002187{n}/council-budget-vote",
    "/news/articles/c4ng9e5lw2z{n}",
    "/2024/06/0{n}/us/politics/budget.html",
    "/news/118622{n}1/russia-missile-attack/",
    "/the-harbour-wall-repairs-begin-{n}/",
    "/politik/article41039051{n}/words.html",
    "/kaernten/198523{n}2/words",
    "/articles/AST1F4445T1FUTIL0{n}SM.html",
    "/doc.afp.com.B2LA2G{n}",
    "/words-of-the-day,VGqtss{n}T",
    "/nachrichten/harbour-{n}00.html",  # unknown: fetched as a probe
    "/a/OklJO{n}/words",  # unknown: fetched as a probe
]


@dataclass
class ShapedArticle(SiteArticle):
    """A generated article served at a URL of a given shape."""

    shaped_path: str = ""

    @property
    def path(self) -> str:
        return self.shaped_path


class LinksOnlySite(NewsSite):
    """The generated site without its feeds and sitemaps: articles are found through links only."""

    def renderers(self) -> dict[str, Callable[[str], tuple[str, bytes]]]:
        return {
            path: render
            for path, render in super().renderers().items()
            if not path.endswith((".xml", ".xml.gz")) and "sitemap" not in path
        }


def shaped_site(paths: list[str]) -> NewsSite:
    site = LinksOnlySite(count=len(paths))
    site.articles = [
        ShapedArticle(**{f.name: getattr(a, f.name) for f in fields(SiteArticle)}, shaped_path=path)
        for a, path in zip(site.articles, paths, strict=True)
    ]
    return site


def emitted_paths(result: object, server: SiteServer) -> set[str]:
    return {item["url"].removeprefix(server.base) for item in result.items}  # type: ignore[attr-defined]


def test_every_real_shape_is_found_from_links_alone(tmp_path: Path) -> None:
    paths = [shape.format(n=i % 9 + 1) for i, shape in enumerate(SHAPES)]
    with serve(shaped_site(paths)) as server:
        result = crawl_site(tmp_path, "-a", f"url={server.base}/", "-a", "robots=0")
        assert result.returncode == 0, result.log[-3000:]
        assert emitted_paths(result, server) == set(paths)
        fetched = set(server.paths_requested())
    # tag, about and private pages are never fetched; sections are read as listings
    assert not [p for p in fetched if p.startswith(("/tag/", "/about/", "/private/"))]
    assert result.stats["newscrawl/discovery/probes"] >= 2
    assert result.stats["newscrawl/discovery/link_not_article/tag"] > 0


YOGA = [
    "/yoga/energy-rising-now",
    "/yoga/morning-flow-class",
    "/yoga/evening-calm-hour",
    "/yoga/sun-salute-series",
    "/yoga/warrior-pose-guide",
    "/yoga/deep-rest-week",
]


def test_links_of_a_shape_the_probes_found_to_be_articles_are_fetched_in_the_same_run(tmp_path: Path) -> None:
    budget = {"NEWSCRAWL_DISCOVERY_PROBES": "2", "NEWSCRAWL_DISCOVERY_PROBES_PER_PAGE": "1"}
    with serve(shaped_site(YOGA)) as server:
        result = crawl_site(tmp_path, "-a", f"url={server.base}/", "-a", "robots=0", settings=budget)
        assert result.returncode == 0, result.log[-3000:]
        assert emitted_paths(result, server) == set(YOGA)
    # Two probes were allowed; the other links of that shape were fetched once it had been learnt.
    assert result.stats["newscrawl/discovery/probes"] == 2
    assert result.stats["newscrawl/discovery/learnt_article"] >= 1


def test_a_second_run_fetches_the_shapes_the_first_learnt(tmp_path: Path) -> None:
    state = {"NEWSCRAWL_STATE_DIR": str(tmp_path / "state")}
    no_probes = {"NEWSCRAWL_DISCOVERY_PROBES": "0"}
    with serve(shaped_site(YOGA[:2])) as server:
        first = crawl_site(tmp_path / "one", "-a", f"url={server.base}/", "-a", "robots=0", settings=state)
        assert emitted_paths(first, server) == set(YOGA[:2])
        # The next day the site has four more stories of that shape; no probe may be spent now.
        server.site = shaped_site(YOGA)
        second = crawl_site(
            tmp_path / "two", "-a", f"url={server.base}/", "-a", "robots=0", settings={**state, **no_probes}
        )
        fresh = crawl_site(
            tmp_path / "fresh",
            "-a",
            f"url={server.base}/",
            "-a",
            "robots=0",
            settings={"NEWSCRAWL_STATE_DIR": str(tmp_path / "fresh-state"), **no_probes},
        )
        assert first.returncode == second.returncode == fresh.returncode == 0, second.log[-3000:]
        assert emitted_paths(second, server) == set(YOGA[2:])  # the two old ones: already emitted
        assert emitted_paths(fresh, server) == set()  # without what the first run learnt: none
    assert second.stats["newscrawl/discovery/learnt_article"] >= 4
    with sqlite3.connect(tmp_path / "state" / "url_templates.sqlite3") as db:
        rows = dict(db.execute("SELECT template, articles FROM url_templates").fetchall())
    assert rows["/yoga/{slug}"] >= 2
