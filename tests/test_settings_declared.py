"""Every ``NEWSCRAWL_*`` setting is declared once in settings.py, with a comment, and documented in README.

Read from the code (ast): the names the package reads are the string constants that are exactly a
``NEWSCRAWL_*`` name; the declared ones are settings.py's module-level assignments.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "newscrawl"
SETTINGS = PACKAGE / "settings.py"
NAME = re.compile(r"NEWSCRAWL_[A-Z0-9_]+")
_GETTERS = {"get", "getbool", "getint", "getfloat", "getlist", "getdict", "getdictorlist"}


def _trees() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != SETTINGS
    }


TREES = _trees()


def names_read() -> set[str]:
    """Every NEWSCRAWL_* name the package's code (settings.py aside) spells out as a string."""
    return {
        node.value
        for tree in TREES.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and NAME.fullmatch(node.value)
    }


def names_declared() -> list[str]:
    """settings.py's NEWSCRAWL_* assignments, in order (a name twice is listed twice)."""
    names = []
    for node in ast.parse(SETTINGS.read_text(encoding="utf-8")).body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        names += [t.id for t in targets if isinstance(t, ast.Name) and NAME.fullmatch(t.id)]
    return names


def test_every_setting_read_is_declared_and_every_declared_one_is_read() -> None:
    read, declared = names_read(), set(names_declared())
    assert sorted(read - declared) == [], "read in the code but not declared in settings.py"
    assert sorted(declared - read) == [], "declared in settings.py but read nowhere"


def test_each_setting_is_declared_once_below_a_comment() -> None:
    declared = names_declared()
    assert len(declared) == len(set(declared)), "a setting is declared twice"
    lines = SETTINGS.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if NAME.match(line):
            assert lines[number - 1].startswith("# "), f"settings.py:{number + 1}: {line!r} has no comment"


def test_the_code_reads_settings_without_a_default_of_its_own() -> None:
    """settings.py has the default: a second one in the code could only disagree with it."""
    found = []
    for path, tree in TREES.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _GETTERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and NAME.fullmatch(node.args[0].value)
                and (len(node.args) > 1 or node.keywords)
            ):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} {node.args[0].value}")
    assert found == []


def test_the_readme_settings_tables_name_each_setting() -> None:
    rows = [
        line for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("|")
    ]
    documented = {name for row in rows for name in re.findall(r"`(NEWSCRAWL_[A-Z0-9_]+)`", row)}
    assert sorted(set(names_declared()) - documented) == []


def test_the_checks_see_real_names() -> None:
    assert {"NEWSCRAWL_STATE_DIR", "NEWSCRAWL_PAGECHECK_ENABLED", "NEWSCRAWL_REDIS_TICK"} <= names_read()
    assert "NEWSCRAWL_SUMMARY_ENABLED" in names_declared()
