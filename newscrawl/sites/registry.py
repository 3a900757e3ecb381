"""The registry of site profiles, looked up by domain (filled by the site modules as they load)."""

from __future__ import annotations

from urllib.parse import urlsplit

from newscrawl.sites.base import SiteProfile

PROFILES: dict[str, SiteProfile] = {}


def register(profile: SiteProfile) -> SiteProfile:
    """Add a profile to the registry (called by each site module at import)."""
    known = PROFILES.get(profile.name)
    if known is not None and known is not profile:
        raise ValueError(f"two site profiles are named {profile.name!r}")
    PROFILES[profile.name] = profile
    return profile


def profile_for_url(url: str) -> SiteProfile | None:
    """The profile whose domain matches the URL's host (subdomains included), or None.

    When several match (``bbc.co.uk`` and ``sport.bbc.co.uk``), the longest domain wins.
    """
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    best: tuple[int, SiteProfile] | None = None
    for profile in PROFILES.values():
        for domain in profile.domains:
            if (host == domain or host.endswith("." + domain)) and (best is None or len(domain) > best[0]):
                best = (len(domain), profile)
    return best[1] if best else None
