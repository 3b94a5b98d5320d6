"""The shape of desktop/ as a maintainer sees it: modules over 400 lines, functions over 60 lines, import
circles (every import statement counts, function-local ones too), and how screens run operations.

    python tools/code_shape.py [ROOT]          # a report; exit 1 when there is an import circle

Migrations and generated files are left out. An import of ``a.b.c`` counts as an arrow to the deepest module
of ``desktop`` it names; ``from pkg import name`` points at ``pkg.name`` when that is a module, else at
``pkg``. Imports under ``if TYPE_CHECKING:`` are left out: they never run."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODULE_LINES, FUNCTION_LINES = 400, 60
SKIP = ("desktop/migrations/versions/", "desktop/ui/generated/")


def modules(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted((root / "desktop").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if any(rel.startswith(s) for s in SKIP):
            continue
        name = rel[:-3].replace("/", ".")
        found[name.removesuffix(".__init__")] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every import statement, however deep, except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def graph(known: dict[str, Path]) -> dict[str, set[str]]:
    arrows: dict[str, set[str]] = {m: set() for m in known}
    for mod, path in known.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            for target in targets:
                hit = _resolve(target, known) if target.startswith("desktop") else None
                if hit and hit != mod:
                    arrows[mod].add(hit)
    return arrows


def circles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v: str) -> None:
        work = [(v, iter(sorted(arrows[v])))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(arrows[w]))))
                    break
                if w in on:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        component.append(w)
                        if w == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))

    for v in sorted(arrows):
        if v not in index:
            visit(v)
    return sorted(out)


def long_functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > FUNCTION_LINES:
                found.append((node.name, length))
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    known = modules(root)
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in known.items()}
    big = sorted(((n, m) for m, n in sizes.items() if n > MODULE_LINES), reverse=True)
    longs = sorted(((n, f"{m}.{f}") for m, p in known.items() for f, n in long_functions(p)), reverse=True)
    cycles = circles(graph(known))
    ui = [p for m, p in known.items() if m.startswith("desktop.ui")]
    excepts = sum(p.read_text(encoding="utf-8").count("except ServiceError") +
                  p.read_text(encoding="utf-8").count("except (ServiceError") for p in ui)
    uows = sum(p.read_text(encoding="utf-8").count("ctx.uow(") for p in ui)
    print(f"{len(known)} modules, {sum(sizes.values())} lines")
    print(f"modules over {MODULE_LINES} lines: {len(big)}")
    for n, m in big:
        print(f"  {n:5d}  {m}")
    print(f"functions over {FUNCTION_LINES} lines: {len(longs)}")
    for n, f in longs:
        print(f"  {n:5d}  {f}")
    print(f"import circles (function-local imports included): {len(cycles)}")
    for c in cycles:
        print("  " + " <-> ".join(c))
    print(f"UI: `except ServiceError` blocks {excepts}, direct ctx.uow( calls {uows}")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
