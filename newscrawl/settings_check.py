"""Check the crawl's ``NEWSCRAWL_*`` settings before it starts: every one declared, every value usable.

A ``NEWSCRAWL_*`` setting that `newscrawl.settings` does not declare — given with ``-s`` or by a
settings module (``SCRAPY_SETTINGS_MODULE``) — is refused with the closest
declared name ("did you mean"), since a misspelt setting would otherwise be silently ignored. A
declared one must have a value of its default's type (a whole number, a number, 0/1/True/False), or
one of the values its own check allows (`CHECKS`). ``scrapy crawl`` calls `check_settings` first and
exits with code 2 and the one-line message of `SettingError`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

import newscrawl.settings as project
from newscrawl.arguments import parse_languages, suggestion
from newscrawl.dates import parse_duration, parse_since

PREFIX = "NEWSCRAWL_"


class SettingError(ValueError):
    """A ``NEWSCRAWL_*`` setting that cannot be used; the message is the one line an operator sees."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def declared() -> dict[str, Any]:
    """Every ``NEWSCRAWL_*`` setting settings.py declares, with its default."""
    return {name: value for name, value in vars(project).items() if name.startswith(PREFIX)}


def _one_of(*allowed: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if str(value).strip().lower() in allowed else f"expected one of {', '.join(allowed)}"

    return check


def _duration(value: Any) -> str | None:
    try:
        parse_duration(str(value))
    except ValueError:
        return "expected a duration: seconds, or 90s, 15m, 6h, 3d"
    return None


def _since(value: Any) -> str | None:
    if not str(value).strip():
        return None
    try:
        parse_since(str(value))
    except ValueError:
        return "expected a duration (2d, 6h) or a date (2024-07-01)"
    return None


def _processes(value: Any) -> str | None:
    text = str(value).strip().lower()
    if text == "auto" or (text.isdigit() and int(text) >= 0):
        return None
    return "expected auto or a whole number >= 0"


def _non_negative(value: Any) -> str | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if math.isnan(number) or number < 0:
        return "expected a number >= 0 (seconds)"
    return None


def _whole_non_negative(value: Any) -> str | None:
    text = str(value).strip()
    return None if text.isdigit() else "expected a whole number >= 0"


def _languages(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        value = ",".join(value)
    try:
        parse_languages(str(value))
    except ValueError as exc:
        return str(exc)
    return None


def _redis_url(value: Any) -> str | None:
    text = str(value).strip()
    if not text or text.split("://", 1)[0] in ("redis", "rediss", "unix"):
        return None
    return "expected a redis://, rediss:// or unix:// URL"


# Settings whose values are checked beyond their default's type.
CHECKS: dict[str, Callable[[Any], str | None]] = {
    "NEWSCRAWL_BOILERPLATE": _one_of("drop", "keep"),
    "NEWSCRAWL_EXTRACT_PROCESSES": _processes,
    "NEWSCRAWL_RECHECK_AFTER": _duration,
    "NEWSCRAWL_LANGUAGES": _languages,
    "NEWSCRAWL_SINCE": _since,
    "NEWSCRAWL_MAX_ARTICLES": _whole_non_negative,
    "NEWSCRAWL_STATE_LOCK_WAIT": _non_negative,
    "NEWSCRAWL_PROGRESS_INTERVAL": _non_negative,
    "NEWSCRAWL_EXTRACT_TIMEOUT": _non_negative,
    "NEWSCRAWL_FEED_SYNC_INTERVAL": _non_negative,
    "NEWSCRAWL_REDIS_URL": _redis_url,
}


def _type_problem(settings: BaseSettings, name: str, default: Any) -> str | None:
    """What is wrong with the value's type, judged by the declared default's type (None: fine)."""
    try:
        if isinstance(default, bool):
            settings.getbool(name)
        elif isinstance(default, int):
            settings.getint(name)
        elif isinstance(default, float):
            settings.getfloat(name)
    except (TypeError, ValueError):
        if isinstance(default, bool):
            return "expected 1/0 or True/False"
        return "expected a whole number" if isinstance(default, int) else "expected a number"
    return None


def _where(settings: BaseSettings, name: str) -> str:
    priority = settings.getpriority(name) or 0
    value = settings.get(name)
    if priority >= SETTINGS_PRIORITIES["cmdline"]:
        return f"-s {name}={value}"
    return f"setting {name}={value!r} (in the settings module)"


def check_settings(settings: BaseSettings) -> None:
    """Raise `SettingError` for the first unknown or unusable ``NEWSCRAWL_*`` setting."""
    known = declared()
    for name in sorted(k for k in settings if isinstance(k, str) and k.startswith(PREFIX)):
        if name not in known:
            raise SettingError(f"{_where(settings, name)}: unknown setting{suggestion(name, tuple(known))}")
        problem = _type_problem(settings, name, known[name])
        if problem is None and name in CHECKS:
            problem = CHECKS[name](settings.get(name))
        if problem:
            raise SettingError(f"{_where(settings, name)}: {problem}")
