"""The house's shape, read from the source with the standard library's ast: no import cycle between
modules of portal/, layers that point one way, and small modules.

Layers, bottom to top (a module may import its own layer's and lower layers' modules only):

0. base: config, db, extensions, security, template_i18n, template_html, edge, caching, formtoken, ratelimits, backup, lazy, kept — Flask set-up that knows no content
1. content — the contract: declarations, parsing, validation, records, the store
2. indicators, search, syndication, citations, oai — built from content
3. web: i18n, templating, rendering, pictures — request-time helpers shared by the features; they name
   content's languages and records, so they sit above content (and below every feature)
4. views, editor, registration — the features
5. the application factory (portal/__init__.py)
"""
from __future__ import annotations

import ast
from pathlib import Path

PORTAL = Path(__file__).resolve().parent.parent / "portal"
LAYERS = (
    {"config", "db", "extensions", "security", "template_i18n", "template_html", "edge", "caching", "formtoken", "ratelimits", "backup", "lazy", "kept"},
    {"content"},
    {"indicators", "search", "syndication", "citations", "oai"},
    {"i18n", "templating", "rendering", "pictures"},
    {"views", "editor", "registration"},
    {""},
)
MAX_LINES = 300


def modules() -> dict[str, Path]:
    found = {}
    for path in PORTAL.rglob("*.py"):
        parts = ["portal", *path.relative_to(PORTAL).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The portal modules `name` imports anywhere in its file (function-level imports too)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from pkg import module` imports the module
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for level, names in enumerate(LAYERS):
        if top in names:
            return level
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in {__file__}")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_is_read():
    edges = graph()
    assert "portal.content.store" in edges["portal"]  # the factory imports the store
    assert "portal.content.records" in edges["portal.search.documents"]


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    assert cycles(graph()) == []


def test_layers_point_one_way():
    wrong = [f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
             for module, targets in sorted(graph().items()) for target in sorted(targets)
             if layer(target) > layer(module)]
    assert wrong == []


def test_content_never_imports_flask_outside_its_store_and_cli():
    """The parser and the records are pure: the content check and tests use them without an app."""
    allowed = {"store.py", "cli.py"}
    offenders = []
    for path in (PORTAL / "content").rglob("*.py"):
        if path.name in allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n == "flask" or n.startswith("flask.") for n in names):
                offenders.append(path.name)
    assert offenders == []


def test_no_module_over_300_lines():
    long = {str(p.relative_to(PORTAL)): n for p in PORTAL.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
