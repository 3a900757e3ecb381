"""Helpers for the site-profile tests: token F1 and fixture lookups per profile."""

from __future__ import annotations

import json
import re
from collections import Counter

from newscrawl.fixtures import Fixture, iter_fixtures
from newscrawl.sites import PROFILES, SiteProfile, profile_for_url
from tests.helpers import FIXTURES

_TOKEN = re.compile(r"\w+")


def token_f1(got: str, expected: str) -> float:
    """Bag-of-tokens F1 (tokens are ``\\w+`` runs) of two texts."""
    a, b = Counter(_TOKEN.findall(got)), Counter(_TOKEN.findall(expected))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def article_fixtures() -> list[Fixture]:
    """Every saved HTML page with an expected article, in a stable order."""
    return [f for f in iter_fixtures(FIXTURES) if f.expected and f.content_type.startswith("text/html")]


def fixtures_by_profile() -> dict[str, list[Fixture]]:
    """Article fixtures grouped by the name of the profile their URL selects (every profile listed)."""
    groups: dict[str, list[Fixture]] = {name: [] for name in PROFILES}
    for fixture in article_fixtures():
        profile: SiteProfile | None = profile_for_url(fixture.url)
        if profile is not None:
            groups[profile.name].append(fixture)
    return groups


def profiles_without_fixtures(profiles: dict[str, SiteProfile], fixtures: list[Fixture]) -> list[str]:
    """Names of the registered profiles that no article fixture exercises."""
    used = {p.name for p in (profile_for_url(f.url) for f in fixtures) if p is not None}
    return sorted(name for name in profiles if name not in used)


def sidecar(fixture: Fixture) -> dict:
    """The fixture's whole sidecar JSON (optional keys such as ``parser`` included)."""
    return json.loads(fixture.meta_path.read_text(encoding="utf-8"))
