"""The fast lane's guard (``tests/conftest.py``), run on small test files in an inner pytest session."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("pytester",)

CONFTEST = Path(__file__).with_name("conftest.py").read_text(encoding="utf-8")
INI = """
[pytest]
addopts = --strict-markers -p no:cacheprovider
markers =
    crawl: starts a crawl, a server or a process
"""


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # no entry-point scan per inner run
    pytester.makeconftest(CONFTEST)
    pytester.makeini(INI)
    return pytester


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("import subprocess, sys\n    subprocess.run([sys.executable, '-c', 'pass'])", "starts a subprocess"),
        ("import socket\n    with socket.socket() as s:\n        s.bind(('127.0.0.1', 0))", "binds a socket"),
        (
            "import socket\n    with socket.socket() as s:\n        s.connect(('127.0.0.1', 9))",
            "opens a network connection",
        ),
        ("import multiprocessing\n    multiprocessing.Process(target=print).start()", "starts a process"),
        ("import os\n    os.system('true')", "starts a process"),
    ],
    ids=["subprocess", "bind", "connect", "multiprocessing", "os.system"],
)
def test_an_unmarked_test_that_starts_something_fails_and_names_the_marker(
    inner: pytest.Pytester, body: str, what: str
) -> None:
    inner.makepyfile(test_it=f"def test_it():\n    {body}\n")
    result = inner.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*test_it.py::test_it {what}* but has no `crawl` marker*"])


def test_a_server_fixture_of_an_unmarked_test_fails_at_setup(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_it="""
import socket
import pytest

@pytest.fixture(scope="module")
def server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock

def test_it(server):
    pass
"""
    )
    inner.runpytest().assert_outcomes(errors=1)


def test_a_swallowed_violation_still_fails_the_test(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_it="""
import subprocess, sys

def test_it():
    try:
        subprocess.run([sys.executable, "-c", "pass"])
    except Exception:
        pass
"""
    )
    result = inner.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*FastLaneViolation*starts a subprocess*"])


def test_pure_tests_and_local_ipc_pass(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_it="""
import asyncio, socket

def test_pure():
    assert sum(range(4)) == 6

def test_socketpair_and_an_event_loop():
    a, b = socket.socketpair()
    a.sendall(b"x")
    assert b.recv(1) == b"x"
    a.close(); b.close()
    assert asyncio.run(asyncio.sleep(0, result=1)) == 1
"""
    )
    inner.runpytest().assert_outcomes(passed=2)


def test_the_marker_must_be_spelt_right(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_it="import pytest\n\n@pytest.mark.crawls\ndef test_it():\n    pass\n")
    inner.runpytest().assert_outcomes(errors=1)


@pytest.mark.crawl  # its inner marked test really starts a process
def test_a_marked_test_may_start_processes_and_servers(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_it="""
import socket, subprocess, sys
import pytest

pytestmark = pytest.mark.crawl

def test_it():
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
"""
    )
    inner.runpytest().assert_outcomes(passed=1)
    inner.runpytest("-m", "not crawl").assert_outcomes(deselected=1)
