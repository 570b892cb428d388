"""The house's shape (README, "How it is built"): rooms on three floors, arrows only downward, no
circle anywhere (type-only and function-local imports included), no module past 400 lines.

`ROOMS` is the one table of who may import whom; the README's picture is drawn from the same
floors. A room may import its own modules, the rooms listed for it, and nothing else of ours.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400

FOUNDATIONS = ("domain", "base", "store", "bling")
SERVICES = ("counter", "sync", "account_check", "management", "slips", "retaguarda", "runtime")

# room -> rooms it may import. Within a floor the order is the table's: a room names only rooms
# listed before it, so no two rooms can lean on each other.
ROOMS: dict[str, tuple[str, ...]] = {
    # foundations
    "domain": (),
    "base": (),
    "store": ("domain", "base"),
    "bling": ("domain", "base", "store"),
    # beside: the Bling stand-in (demo, tests, benches) knows Bling's wire, nothing of the product
    "sandbox": ("bling",),
    # services
    "counter": FOUNDATIONS,
    "sync": (*FOUNDATIONS, "counter"),
    "account_check": (*FOUNDATIONS, "counter", "sync"),
    "management": (*FOUNDATIONS, "counter", "sync"),
    "slips": (*FOUNDATIONS, "counter"),
    "retaguarda": (*FOUNDATIONS, "counter", "sync", "account_check", "management"),
    "runtime": (*FOUNDATIONS, "counter", "sync", "account_check", "management", "retaguarda", "sandbox"),
    # interfaces
    "cli": (*FOUNDATIONS, *SERVICES, "sandbox"),
    "ui": (*FOUNDATIONS, *SERVICES, "sandbox"),
}
TOP_LEVEL_MODULES = {"pdv_bling", "pdv_bling.__main__"}  # the package itself: version, `python -m`


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in ("pdv_bling", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every module of ours that `module` names, anywhere in its text (under TYPE_CHECKING too)."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != module and not module.startswith(target + "."):
                yield target, node.lineno


def room_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "ui":
        return "ui"
    if module in TOP_LEVEL_MODULES:
        return None
    return parts[1]


def _graph() -> dict[str, set[str]]:
    return {m: {t for t, _ in _imports(m, p)} for m, p in MODULES.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected sets of two or more modules (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
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
                    work.append((child, iter(sorted(graph[child]))))
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


def test_every_module_sits_in_a_known_room() -> None:
    rooms = {room_of(m) for m in MODULES} - {None}
    assert rooms == set(ROOMS), f"rooms not in the table: {rooms - set(ROOMS)}; empty rooms: {set(ROOMS) - rooms}"
    loose = sorted(m for m in MODULES if m.count(".") == 1 and m.startswith("pdv_bling.")
                   and MODULES[m].name != "__init__.py" and m not in TOP_LEVEL_MODULES)
    assert not loose, f"modules outside any room (the top level holds only packages): {loose}"


def test_no_import_circle() -> None:
    circles = _circles(_graph())
    assert not circles, "import circles (type-only included): " + "; ".join(" -> ".join(c) for c in circles)


def test_arrows_only_go_down() -> None:
    wrong = []
    for module, path in MODULES.items():
        source = room_of(module)
        for target, line in _imports(module, path):
            dest = room_of(target)
            if source is None or dest is None or dest == source:
                continue
            if dest not in ROOMS[source]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({source}) imports {target} ({dest})")
    assert not wrong, "arrows from a lower room to a higher one, or across rooms the table keeps apart:\n" + \
        "\n".join(sorted(wrong))


def test_the_room_table_itself_has_no_circle() -> None:
    graph = {room: set(ROOMS[room]) for room in ROOMS}
    assert not _circles(graph)


@pytest.mark.parametrize("circle", [
    {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}},
    {"a.x": {"a.y"}, "a.y": {"a.x"}, "a.z": set()},
])
def test_the_circle_finder_finds_circles(circle: dict[str, set[str]]) -> None:
    assert _circles(circle)
    assert not _circles({"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": set()})


def test_no_module_past_400_lines() -> None:
    big = {}
    for package in ("pdv_bling", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                big[str(path.relative_to(ROOT))] = lines
    assert not big, f"modules over {MAX_LINES} lines (usually two nouns in one file): {big}"


def test_readme_picture_names_every_room() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## How it is built")
    section = readme[start:readme.index("\n## ", start + 1)]
    for room in ROOMS:
        assert f"{room}/" in section, f"the README's picture does not show {room}/"
