"""The data path is one-way in the code too: read from the modules' imports (ast), not from running them.

The library's layers, lowest first: items/options, dates, discovery and responses (judging a
downloaded response); extract (HTML + URL -> raw fields); sites (site parsers over extract's `Page`);
clean (cleaning stages); article (the library call); workers (the library call in processes). A
module may import its own layer and the ones below, never above, and no layer of the library imports
Scrapy or the crawl's packages.

The crawl's layers sit on top of the library (they may import any of it), lowest first: state (plain
storage: no Scrapy, no registries) and the request meta keys; the components (the DNS resolver,
extensions — the state and feed-file owners among them —, middlewares, pipelines); the spider;
distributed mode (which may use everything below it, never the other way round: state knows nothing
of Redis); the add-on and the commands. No module takes part in an import cycle, and no module
keeps per-crawl state in a module-level ``WeakKeyDictionary`` registry: components own it and find
each other through the crawler.
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
    "phrases": 2,
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
# The crawl's packages and modules (first component under newscrawl) and their layer, lowest first.
CRAWL_LAYERS = {
    "state": 0,
    "requestmeta": 0,
    "settings": 0,
    "fixtures": 0,
    "fixture_expectations": 0,
    "outcome": 0,
    "arguments": 0,
    "settings_check": 0,
    "resolver": 1,
    "extensions": 1,
    "logformatter": 1,
    "middlewares": 1,
    "pipelines": 1,
    "spiders": 2,
    "distributed": 3,
    "addon": 4,
    "commands": 4,
    "cli": 4,
}


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


def test_every_module_has_a_layer() -> None:
    unplaced = {m for m in MODULES if _package(m) not in LAYERS and _package(m) not in CRAWL_LAYERS}
    assert unplaced == {"newscrawl"}, f"modules without a layer: {sorted(unplaced - {'newscrawl'})}"


@pytest.mark.parametrize("module", [m for m in MODULES if _package(m) in CRAWL_LAYERS])
def test_crawl_modules_import_only_their_layer_and_below(module: str) -> None:
    package = _package(module)
    for imported in imports_of(module):
        if imported.split(".")[0] != "newscrawl" or _package(imported) not in CRAWL_LAYERS:
            continue  # the library (and the newscrawl package's own face) is below every crawl layer
        target = _package(imported)
        assert CRAWL_LAYERS[target] <= CRAWL_LAYERS[package], f"{module} imports {imported}, a higher layer"


def test_state_is_plain_storage_that_knows_nothing_of_distributed_mode() -> None:
    for module in (m for m in MODULES if _package(m) == "state"):
        imported = imports_of(module)
        assert not {i for i in imported if _package(i) == "distributed"}, f"{module} imports distributed/"
        engine = {i for i in imported if i.split(".")[0] in ("scrapy", "twisted")}
        assert not engine, f"{module} imports {sorted(engine)}"


def test_no_module_keeps_a_weak_key_registry() -> None:
    """Per-crawl state is owned by components (found with crawler.get_extension), not module registries."""
    for module, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        assert "WeakKeyDictionary" not in source, f"{module} keeps a WeakKeyDictionary"
        assert "weakref" not in imports_of(module), f"{module} imports weakref"


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
    assert "newscrawl.responses.charset" in GRAPH["newscrawl.extract.htmlparse"]
    assert "newscrawl.extensions.crawl_state" in GRAPH["newscrawl.middlewares.incremental_filter"]
    assert "newscrawl.distributed.seen_store" in GRAPH["newscrawl.distributed.pipeline"]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
