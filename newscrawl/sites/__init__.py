"""The registry of site profiles: one module per site, looked up by domain."""

from __future__ import annotations

from urllib.parse import urlsplit

from newscrawl.sites.base import ParserVersion, SiteProfile

__all__ = ["PROFILES", "ParserVersion", "SiteProfile", "profile_for_url", "register"]

PROFILES: dict[str, SiteProfile] = {}


def register(profile: SiteProfile) -> SiteProfile:
    """Add a profile to the registry (called by each site module at import)."""
    PROFILES[profile.name] = profile
    return profile


def profile_for_url(url: str) -> SiteProfile | None:
    """The profile whose domain matches the URL's host (subdomains included), or None."""
    host = (urlsplit(url).hostname or "").lower()
    for profile in PROFILES.values():
        for domain in profile.domains:
            if host == domain or host.endswith("." + domain):
                return profile
    return None


def _load_builtin() -> None:
    from newscrawl.sites import apnews, bbc, cnn, guardian, metro, northbridge, reuters  # noqa: F401


_load_builtin()
