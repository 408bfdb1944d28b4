"""The import graph between the apps of satupintu, at app level, with its circles.

Every import counts, also one inside a function (grimp reads the whole syntax tree). Tests and migrations are left
out: a test may reach across apps, and a migration names apps by string. Run `python -m tests.import_graph` for the
text kept in docs/architecture/.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import grimp

PACKAGE = "satupintu"
SKIPPED_PARTS = {"tests", "migrations"}


def _app(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _counted(module: str) -> bool:
    return not SKIPPED_PARTS.intersection(module.split("."))


def app_edges(graph=None) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(importing app, imported app) -> the module pairs behind the edge."""
    graph = graph or grimp.build_graph(PACKAGE, include_external_packages=False, exclude_type_checking_imports=True)
    edges: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for module in sorted(graph.modules):
        if not _counted(module):
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if _app(module) != _app(imported):
                edges[(_app(module), _app(imported))].append((module, imported))
    return dict(edges)


def circles(edges) -> list[list[str]]:
    """Every elementary circle between apps (a imports b ... imports a), each listed once from its smallest app."""
    following = defaultdict(set)
    for a, b in edges:
        following[a].add(b)
    found = []

    def walk(start, node, path):
        for nxt in sorted(following[node]):
            if nxt == start:
                found.append([*path])
            elif nxt > start and nxt not in path:
                walk(start, nxt, [*path, nxt])

    for start in sorted(following):
        walk(start, start, [start])
    return found


def function_level_imports() -> list[tuple[str, int, str]]:
    """Imports of another satupintu app written inside a function: (file, line, imported module)."""
    root = Path(__file__).resolve().parent.parent / PACKAGE
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent)
        module = ".".join(rel.with_suffix("").parts)
        if not _counted(module):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(PACKAGE + "."):
                    if _app(node.module) != _app(module):
                        out.append((str(rel), node.lineno, node.module))
    return sorted(set(out))


def report() -> str:
    edges = app_edges()
    lines = ["# App-level import edges of satupintu (every import, also inside functions; tests and migrations left out)",
             "# importer -> imported   (module pairs behind the edge)"]
    lines += [f"{a} -> {b}   ({len(pairs)})" for (a, b), pairs in sorted(edges.items())]
    found = circles(edges)
    mutual = [c for c in found if len(c) == 2]
    lines += ["", f"# Circles between apps: {len(found)} ({len(mutual)} of two apps)"]
    lines += ["  " + " -> ".join([*c, c[0]]) for c in sorted(found, key=lambda c: (len(c), c))]
    inner = function_level_imports()
    lines += ["", f"# Imports of another app written inside a function: {len(inner)}"]
    lines += ["", "# The module pairs behind edges that take part in a circle"]
    in_circle = {(c[i], c[(i + 1) % len(c)]) for c in found for i in range(len(c))}
    for edge in sorted(in_circle):
        for m, imported in edges[edge]:
            lines.append(f"  {m} -> {imported}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(report(), end="")
