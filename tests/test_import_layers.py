"""The data path is one-way in the code too: read from the modules' imports (ast), not from running them.

Layers, lowest first: items/options, dates, discovery and responses (judging a downloaded response);
extract (HTML + URL -> raw fields); sites (site parsers over extract's `Page`); clean (cleaning
stages); article (the library call); workers (the library call in processes). A module may import its
own layer and the ones below, never above, and no layer of the library imports Scrapy or the crawl's
packages (pipelines, spiders, extensions, middlewares, state, distributed, commands). No module takes
part in an import cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newscrawl"

# Library packages (first component under newscrawl) and their layer, lowest first.
LAYERS = {
    "data": 0,
    "items": 0,
    "options": 0,
    "dates": 1,
    "discovery": 2,
    "responses": 2,
    "extract": 3,
    "sites": 4,
    "clean": 4,
    "article": 5,
    "workers": 6,
}
# Whole layers that must not know each other although one sits above the other.
FORBIDDEN = {("clean", "sites"), ("clean", "extract"), ("sites", "clean")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(module: str) -> set[str]:
    """Every newscrawl module (and every top-level package) ``module`` imports, lazy imports included."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("newscrawl"):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if candidate in MODULES else node.module)
            else:
                found.add(node.module)
    return found


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


GRAPH = {m: {i for i in imports_of(m) if i in MODULES} for m in MODULES}


@pytest.mark.parametrize("module", [m for m in MODULES if _package(m) in LAYERS])
def test_library_modules_import_only_their_layer_and_below(module: str) -> None:
    package = _package(module)
    for imported in imports_of(module):
        top = imported.split(".")[0]
        assert top not in ("scrapy", "twisted", "itemadapter"), f"{module} imports {imported}"
        if top != "newscrawl":
            continue
        target = _package(imported)
        assert target in LAYERS, f"{module} (library) imports {imported}, which is not part of the library"
        assert LAYERS[target] <= LAYERS[package], f"{module} imports {imported}, a higher layer"
        assert (package, target) not in FORBIDDEN, f"{module} imports {imported}"


def test_extract_imports_nothing_above_it() -> None:
    for module in (m for m in MODULES if _package(m) == "extract"):
        above = {i for i in imports_of(module) if _package(i) in ("sites", "clean", "article", "workers")}
        assert not above, f"{module} imports {sorted(above)}"


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles of a module graph (depth-first search; a back edge closes a cycle)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == 1:
                cycles.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return cycles


def test_no_module_is_part_of_an_import_cycle() -> None:
    cycles = find_cycles(GRAPH)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_the_checks_read_real_edges_and_would_see_a_cycle() -> None:
    """The rules above are not vacuous: the graph has the library's real edges, and a cycle is found."""
    assert "newscrawl.extract.page" in GRAPH["newscrawl.extract.generic"]
    assert "newscrawl.sites" in GRAPH["newscrawl.article"]
    assert "newscrawl.article" in GRAPH["newscrawl.workers.process"]
    assert "newscrawl.sites.registry" in GRAPH["newscrawl.sites.metro"]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
