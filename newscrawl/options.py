"""The one options object of an extraction: what the library call and every cleaning stage receive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

BoilerplateMode = Literal["drop", "keep"]


@dataclass(frozen=True)
class ExtractOptions:
    """Choices that change what an extraction emits (picklable: a crawl sends it to its workers)."""

    boilerplate: BoilerplateMode = "drop"
    # Phrase-list and position verdicts of the boilerplate stage (off: structural flags only).
    boilerplate_phrases: bool = True
    # Site profiles refine the generic engine's fields (off: generic engine only).
    use_profiles: bool = True
    # Detect the story's language: fill in a missing inLanguage, correct one the text contradicts.
    detect_language: bool = True
    # "Now" for rejecting dates in the future when the download time is unknown; a fixed value makes
    # replays reproducible.
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    # Dates before this year are rejected as implausible for a news article.
    min_year: int = 1990
    # Tolerance for pages whose clock runs a little ahead (seconds).
    future_tolerance: float = 36 * 3600

    def __post_init__(self) -> None:
        if self.boilerplate not in ("drop", "keep"):
            raise ValueError(f"boilerplate must be 'drop' or 'keep', not {self.boilerplate!r}")
