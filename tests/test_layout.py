"""The package layout holds: dependencies point one way, nothing private is
imported across modules, no module grows past the limit, and the README's
"Layout" section is the map of what is really there.

Imports are read with ``ast`` from every module under src/, function-level
imports included (they still make one module depend on another); imports under
``if TYPE_CHECKING:`` are left out, as they never run.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"
PACKAGE = SRC / "rightsgraph"
MAX_LINES = 450

# exceptions to the rules, each with its reason (none today)
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_LONG: set[str] = set()


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported from
    names: tuple[str, ...]  # the names imported ('from x import a, b'); () for 'import x'
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes under ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for stmt in node.body:
                skip.update(id(n) for n in ast.walk(stmt))
    return skip


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    """Every run-time import of a project module in ``path``, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = _type_checking_nodes(tree)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: list[Import] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "rightsgraph":
                continue
            # 'from . import pages' imports the module rightsgraph.serve.pages
            submodules = [a.name for a in node.names if f"{target}.{a.name}" in known]
            for sub in submodules:
                out.append(Import(name, f"{target}.{sub}", (), node.lineno))
            rest = tuple(a.name for a in node.names if a.name not in submodules)
            if rest:
                out.append(Import(name, target, rest, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "rightsgraph":
                    out.append(Import(name, alias.name, (), node.lineno))
    return out


def all_imports() -> list[Import]:
    mods = modules()
    known = set(mods)
    return [i for name, path in mods.items() for i in imports_of(name, path, known)]


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def dependency_edges(imports: list[Import]) -> dict[str, set[str]]:
    known = set(modules())
    edges: dict[str, set[str]] = {}
    for i in imports:
        if i.target in known and i.target != i.module:
            edges.setdefault(i.module, set()).add(i.target)
    return edges


def test_the_reader_sees_function_level_imports_and_skips_type_checking() -> None:
    """The checks below are only as good as the import reader: it must see an import
    inside a function and must not count one under TYPE_CHECKING."""
    edges = dependency_edges(all_imports())
    # cli/validate.py imports the validation package inside the command function
    assert "rightsgraph.validation" in edges["rightsgraph.cli.validate"]
    # serve/sparql.py names serve.app's Site only for the type checker
    assert "rightsgraph.serve.app" not in edges.get("rightsgraph.serve.sparql", set())
    found = cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert found == [{"a", "b", "c"}]


def test_no_import_cycles() -> None:
    edges = dependency_edges(all_imports())
    for pair in KNOWN_CYCLES:
        a, b = sorted(pair)
        edges.get(a, set()).discard(b)
        edges.get(b, set()).discard(a)
    found = cycles(edges)
    assert not found, "modules that import each other (directly or round a loop): " + "; ".join(
        " <-> ".join(sorted(c)) for c in found
    )


def test_no_private_names_imported_across_modules() -> None:
    offenders = [
        f"{modules()[i.module].relative_to(REPO)}:{i.line}: {name} from {i.target}"
        for i in all_imports()
        if i.target != i.module
        for name in i.names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not offenders, "make these public or move them:\n" + "\n".join(offenders)


def test_no_module_over_the_line_limit() -> None:
    long = {
        str(p.relative_to(REPO)): n
        for p in modules().values()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and str(p.relative_to(REPO)) not in KNOWN_LONG
    }
    assert not long, f"split these along their seams (limit {MAX_LINES} lines): {long}"


def layout_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^### Layout\n(.*?)(?=^##)", text, re.M | re.S)
    assert m, "README.md has no '### Layout' section"
    return m.group(1)


def readme_layout() -> list[str]:
    """The entries (``name/`` or ``name.py``) of the README's Layout table."""
    return re.findall(r"^\| `([\w.]+/?)` \|", layout_section(), re.M)


def test_readme_layout_lists_every_folder_and_top_level_module() -> None:
    entries = readme_layout()
    assert len(entries) == len(set(entries)), f"listed twice: {entries}"
    actual = {
        p.name + "/" if p.is_dir() else p.name
        for p in PACKAGE.iterdir()
        if (p.is_dir() and any(p.glob("*.py"))) or p.suffix == ".py"
    }
    assert set(entries) == actual, (
        f"in src/rightsgraph but not in the README: {sorted(actual - set(entries))}; "
        f"in the README but not in src/rightsgraph: {sorted(set(entries) - actual)}"
    )


@pytest.mark.parametrize("folder", sorted(p.name for p in PACKAGE.iterdir() if p.is_dir()))
def test_readme_layout_names_each_module_of_a_folder(folder: str) -> None:
    """A folder's row says what lives there: each of its modules is named in it."""
    if not any((PACKAGE / folder).glob("*.py")):
        pytest.skip(f"{folder}/ holds no Python modules")
    row = re.search(rf"^\| `{folder}/` \|(.*)$", layout_section(), re.M)
    assert row, f"{folder}/ has no row in the README's Layout table"
    missing = [
        p.stem
        for p in sorted((PACKAGE / folder).glob("*.py"))
        if p.stem != "__init__" and not re.search(rf"\b{p.stem}\b", row.group(1))
    ]
    assert not missing, f"the README's {folder}/ row does not name: {missing}"
