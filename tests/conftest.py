"""The ``crawl`` marker and the guard that keeps the fast lane (``pytest -m "not crawl"``) honest.

A test that starts a crawl (``scrapy crawl`` in a subprocess, or a crawler in this process), a
server (the mock HTTP server, Redis, Scrapyd) or any other process carries ``@pytest.mark.crawl``
(a whole module: ``pytestmark = pytest.mark.crawl``). Every other test runs under a guard: while
its fixtures are set up, while it runs and while it is torn down, starting a process, binding a
socket, opening a network connection or starting a crawler fails the test with a message naming
the marker. The guard also fails the test when the code under test caught the guard's exception,
so a forgotten marker cannot hide behind an ``except Exception``.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

# urllib3 (imported by requests, which tldextract imports) binds a socket on import to learn whether
# IPv6 works. Imported here, before any guard, so that whichever test imports it first is not blamed.
import urllib3  # noqa: F401

CRAWL = "crawl"


class FastLaneViolation(RuntimeError):
    """A test without the ``crawl`` marker started a process, a server, a connection or a crawl."""


def _message(nodeid: str, what: str) -> str:
    return (
        f"{nodeid} {what} but has no `crawl` marker. Tests that start a crawl, a server or a "
        "process are marked `@pytest.mark.crawl` (or `pytestmark = pytest.mark.crawl` for a whole "
        'module) so that `python -m pytest -m "not crawl"` stays fast; see tests/conftest.py.'
    )


def _inet(sock: socket.socket) -> bool:
    return sock.family in (socket.AF_INET, socket.AF_INET6)


def _guards() -> list[tuple[Any, str, Callable[..., bool] | None, str]]:
    """(owner, attribute, condition on the call's arguments or None for always, what it does)."""
    import multiprocessing.process
    import multiprocessing.util

    from scrapy.crawler import Crawler, CrawlerProcessBase

    guards: list[tuple[Any, str, Callable[..., bool] | None, str]] = [
        (subprocess.Popen, "__init__", None, "starts a subprocess"),
        (multiprocessing.process.BaseProcess, "start", None, "starts a process (multiprocessing)"),
        (multiprocessing.util, "spawnv_passfds", None, "starts a process (multiprocessing)"),
        (socket.socket, "bind", None, "binds a socket (a server)"),
        (socket.socket, "connect", lambda sock, *a, **k: _inet(sock), "opens a network connection"),
        (socket.socket, "connect_ex", lambda sock, *a, **k: _inet(sock), "opens a network connection"),
        (Crawler, "crawl", None, "starts a crawl in this process"),
        (CrawlerProcessBase, "start", None, "starts the Twisted reactor (CrawlerProcess)"),
    ]
    if hasattr(Crawler, "crawl_async"):
        guards.append((Crawler, "crawl_async", None, "starts a crawl in this process"))
    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system"):
        if hasattr(os, name):
            guards.append((os, name, None, "starts a process"))
    return guards


@contextmanager
def _guarded(nodeid: str) -> Iterator[list[str]]:
    """Patch every guarded call to raise `FastLaneViolation`; yields the violations seen."""
    violations: list[str] = []
    patches = pytest.MonkeyPatch()

    def guard(original: Callable[..., Any], condition: Callable[..., bool] | None, what: str) -> Any:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if condition is None or condition(*args, **kwargs):
                message = _message(nodeid, what)
                violations.append(message)
                raise FastLaneViolation(message)
            return original(*args, **kwargs)

        return guarded

    for owner, name, condition, what in _guards():
        patches.setattr(owner, name, guard(getattr(owner, name), condition, what))
    try:
        yield violations
    finally:
        patches.undo()


def _run_guarded(item: pytest.Item) -> Iterator[None]:
    """The body of the three runtest wrappers: unmarked items run with the guards on."""
    if item.get_closest_marker(CRAWL) is not None:
        return (yield)
    with _guarded(item.nodeid) as violations:
        result = yield
    if violations:  # the code under test swallowed the exception: fail anyway
        raise FastLaneViolation(violations[0])
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    return (yield from _run_guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    return (yield from _run_guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    return (yield from _run_guarded(item))


# --- shared fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``redis-server`` for the module's tests (tests carrying the ``crawl`` marker)."""
    from tests.redis_support import redis_server

    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def client(redis_url: str) -> Iterator[Any]:
    """A connection to the module's Redis, emptied for each test."""
    import redis

    connection = redis.Redis.from_url(redis_url)
    connection.flushdb()
    yield connection
    connection.close()
