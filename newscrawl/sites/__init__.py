"""Site profiles: one module per site, registered by domain (`registry`), built on `base`."""

from __future__ import annotations

from newscrawl.sites.base import ParserVersion, SiteProfile
from newscrawl.sites.registry import PROFILES, profile_for_url, register

__all__ = ["PROFILES", "ParserVersion", "SiteProfile", "profile_for_url", "register"]


def _load_builtin() -> None:
    from newscrawl.sites import apnews, bbc, cnn, guardian, metro, northbridge, reuters  # noqa: F401


_load_builtin()
