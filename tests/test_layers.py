"""Apps depend downwards only, and no module of the project imports itself back (DESIGN.md, "Layout").

Read from the source with `ast`, so an import inside a function counts as much as one at the top of a file.
"""

import ast
import itertools
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top (DESIGN.md: council and the outbox at the bottom; meetings, recommendations above them;
# workinggroups, reports across apps and demo at the top). An app may import its own layer and the layers below
# it, never one above.
LAYERS = [
    "council",
    "figures",
    "meetings",
    "recommendations",
    "programme",
    "workinggroups",
    "search",
    "portal",
    "reports",
    "demo",
]
# Packages of the project outside the apps, included in the search for import circles.
OTHER_PACKAGES = ["config"]

# Upward imports still waiting for their fix, as (importing module, imported module). Each entry is temporary:
# name the issue that removes it. A listed import that no longer exists fails the test, so the list only shrinks.
KNOWN_UPWARD_IMPORTS: frozenset[tuple[str, str]] = frozenset()


def _modules(packages) -> dict[str, Path]:
    """Every module of the given top-level packages, by dotted name (a package by its own name)."""
    modules = {}
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(module: str, source: str, *, is_package: bool = False) -> list[tuple[str, int]]:
    """The dotted names a module's source imports, anywhere in it (functions too), with their line numbers.

    `from a.b import c` gives `a.b.c` (a module or a name in `a.b`); relative imports are made absolute.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            found += [(f"{base}.{alias.name}" if alias.name != "*" else base, node.lineno) for alias in node.names]
    return found


def _layer(name: str) -> int | None:
    top = name.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else None


def upward_imports(modules: dict[str, Path]) -> list[tuple[str, str, int]]:
    """(module, what it imports, line) for every import of a layer above the module's own."""
    found = []
    for module, path in modules.items():
        own = _layer(module)
        for name, line in imports_of(module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py"):
            other = _layer(name)
            if own is not None and other is not None and other > own:
                found.append((module, name, line))
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, dict[str, int]]:
    """module -> {project module it imports: line}; a name imported from a module counts as that module."""
    graph = {module: {} for module in modules}
    for module, path in modules.items():
        for name, line in imports_of(module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py"):
            while name not in modules and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in modules and name != module:
                graph[module].setdefault(name, line)
    return graph


def circles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, without recursion)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = itertools.count()
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = next(counter)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = next(counter)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
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


def test_every_app_of_the_project_has_its_layer_in_the_order_of_installed_apps():
    ours = [app for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()]
    assert {app.split(".")[0] for app in ours} == set(LAYERS), "place every new app in LAYERS (tests/test_layers.py)"
    ranks = [LAYERS.index(app.split(".")[0]) for app in ours]
    assert ranks == sorted(ranks), f"INSTALLED_APPS lists the apps out of their layer order: {ours}"


def test_no_app_imports_an_app_above_it():
    modules = _modules(LAYERS)
    assert {module.split(".")[0] for module in modules} == set(LAYERS)
    found = {(module, name, line) for module, name, line in upward_imports(modules)}
    unexpected = sorted(
        f"{module}:{line} imports {name}" for module, name, line in found if (module, name) not in KNOWN_UPWARD_IMPORTS
    )
    assert not unexpected, (
        "an app imports an app above it (order: " + " < ".join(LAYERS) + "):\n" + "\n".join(unexpected)
    )
    stale = KNOWN_UPWARD_IMPORTS - {(module, name) for module, name, _line in found}
    assert not stale, f"these upward imports are gone: remove them from KNOWN_UPWARD_IMPORTS: {sorted(stale)}"


def test_no_module_of_the_project_imports_itself_back():
    graph = import_graph(_modules(LAYERS + OTHER_PACKAGES))
    found = circles(graph)
    described = [
        " ; ".join(f"{a} -> {b} (line {graph[a][b]})" for a in component for b in graph[a] if b in component)
        for component in found
    ]
    assert not found, "import circles:\n" + "\n".join(described)


# The checks themselves, on made-up modules: they must see what they are meant to see.


def test_an_import_inside_a_function_is_seen():
    source = "import datetime\n\ndef f():\n    from meetings.models import Meeting\n    return Meeting\n"
    assert ("meetings.models.Meeting", 4) in imports_of("council.checks", source)


@pytest.mark.parametrize(
    ("module", "is_package", "source", "expected"),
    [
        ("meetings.services", False, "from . import tasks", "meetings.tasks"),
        ("meetings.services", False, "from .models import Meeting", "meetings.models.Meeting"),
        ("council.outbox", True, "from .claim import claim", "council.outbox.claim.claim"),
        ("council.outbox.claim", False, "from .. import models", "council.models"),
    ],
)
def test_relative_imports_are_made_absolute(module, is_package, source, expected):
    assert [name for name, _line in imports_of(module, source, is_package=is_package)] == [expected]


def test_a_circle_through_three_modules_is_found_and_a_chain_is_not():
    assert circles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c"]]
    assert circles({"a": {"b": 1}, "b": {"c": 1}, "c": {}}) == []
