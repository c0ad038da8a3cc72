"""The package layout: imports point one way between layers, and no two modules import each other.

Every ``import`` in ``convproof/`` (top level, inside functions and under ``TYPE_CHECKING`` alike) is
read with :mod:`ast`; each module belongs to the layer of its top-level package (or module), and
a module may import only its own package or a lower layer:

    errors -> values | letters | files -> geometry | notation | decimals -> symbolic | numeric | theorems
    -> nn -> verify
    -> seeds | testing -> latex -> reports | check -> audit | bench -> cli

Packages on one rank (``symbolic | numeric``) do not import each other.  ``testing``, ``audit`` and
``bench`` are leaves: no other package imports them.  A failure names the offending import.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "convproof"

# Rank of each top-level package/module of convproof; a module imports only lower ranks (or its own
# package).  "" is convproof/__init__.py (re-exports the spec and the error).
RANKS = {
    "errors": 0,
    "values": 1, "letters": 1, "files": 1,
    "geometry": 2, "notation": 2, "decimals": 2,
    "": 3, "symbolic": 3, "numeric": 3, "theorems": 3,
    "nn": 4,
    "verify": 5,
    "seeds": 6, "testing": 6,
    "latex": 7,
    "reports": 8, "check": 8,
    "audit": 9, "bench": 9,
    "cli": 10,
    "__main__": 11,
}
# Public leaves: nothing outside them imports them (testing is the user's API, not the engine's).
LEAVES = {"testing", "audit", "bench", "__main__"}


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    is_pkg = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_pkg else parts), is_pkg


@lru_cache(maxsize=1)
def modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, is_pkg = _module_name(path)
        out[name] = (path, is_pkg)
    return out


def _targets(name: str, is_pkg: bool, node: ast.AST) -> list[str]:
    """Names imported by one ``import`` / ``from ... import`` node, resolved to absolute names."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = name.split(".") if is_pkg else name.split(".")[:-1]
    if node.level:
        stem = ".".join(base[: len(base) - (node.level - 1)] + ([node.module] if node.module else []))
    else:
        stem = node.module or ""
    mods = modules()
    return [f"{stem}.{a.name}" if f"{stem}.{a.name}" in mods else stem for a in node.names]


def _known(target: str) -> str | None:
    """The convproof module ``target`` names (a name inside a module maps to the module)."""
    while target not in modules() and "." in target:
        target = target.rsplit(".", 1)[0]
    return target if target in modules() else None


@lru_cache(maxsize=1)
def edges() -> dict[str, dict[str, int]]:
    """``module -> {imported convproof module: line}`` for every import in every module."""
    out: dict[str, dict[str, int]] = {}
    for name, (path, is_pkg) in modules().items():
        found: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for t in _targets(name, is_pkg, node):
                    mod = _known(t) if t.split(".")[0] == "convproof" else None
                    if mod and mod != name:
                        found.setdefault(mod, node.lineno)
        out[name] = found
    return out


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_package_has_a_layer():
    unknown = sorted({layer(m) for m in modules()} - set(RANKS))
    assert not unknown, f"packages without a layer in tests/test_layout.py RANKS: {unknown}"


def _bad_import(src: str, dst: str) -> str | None:
    a, b = layer(src), layer(dst)
    if a == b:
        return None
    if b in LEAVES:
        return f"{b} is a leaf"
    if RANKS[b] >= RANKS[a]:
        return f"layer {a!r} (rank {RANKS[a]}) may not import layer {b!r} (rank {RANKS[b]})"
    return None


def test_imports_point_down():
    bad = []
    for src, targets in edges().items():
        for dst, line in targets.items():
            why = _bad_import(src, dst)
            if why:
                bad.append(f"{modules()[src][0].relative_to(ROOT)}:{line}: {src} imports {dst} ({why})")
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


def _cycles() -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative enough for ~300)."""
    graph, index, low, stack, on, out = edges(), {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles_between_modules():
    new = []
    for comp in _cycles():
        # A package __init__ re-exporting a submodule that imports a sibling through the package
        # is Python's normal shape; drop the package node and look again.
        inner = {m for m in comp if not any(o.startswith(m + ".") for o in comp)}
        if len(inner) < 2:
            continue
        new.append(" / ".join(f"{s} imports {d} (line {edges()[s][d]})" for s in sorted(inner)
                              for d in edges()[s] if d in inner))
    assert not new, "import cycles between modules:\n" + "\n".join(new)


@pytest.mark.parametrize("src,dst,ok", [("convproof.nn.dense", "convproof.verify", False),
                                        ("convproof.verify.engine", "convproof.nn", True),
                                        ("convproof.reports.base", "convproof.check.parse", False),
                                        ("convproof.cli.build", "convproof.testing", False),
                                        ("convproof.numeric.fast", "convproof.symbolic", False)])
def test_rule_itself(src, dst, ok):
    assert (_bad_import(src, dst) is None) == ok


def test_cycle_rule_itself(monkeypatch):
    graph = {"a.x": {"a.y": 1}, "a.y": {"a.z": 2}, "a.z": {"a.x": 3}, "a.w": {"a.x": 4}}
    monkeypatch.setattr(sys.modules[__name__], "edges", lambda: graph)
    assert _cycles() == [{"a.x", "a.y", "a.z"}]
    del graph["a.z"]["a.x"]
    assert _cycles() == []


def test_help_imports_no_subcommand_layer():
    """``convproof --help`` imports only the command line itself (each subcommand imports its layer when
    it runs); ``convproof report --help`` does import the report command."""
    code = ("import contextlib, io, sys\nfrom convproof.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "    main(sys.argv[1:])\n"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith(('convproof.', 'sympy')))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    loaded = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True, env=env,
                            check=True, timeout=120).stdout.split()
    heavy = [m for m in loaded if m == "sympy" or m.startswith(("convproof.check", "convproof.latex",
                                                               "convproof.reports", "convproof.verify"))]
    assert not heavy, f"convproof --help imports {heavy}"
    loaded = subprocess.run([sys.executable, "-c", code, "report", "--help"], capture_output=True, text=True,
                            env=env, check=True, timeout=120).stdout.split()
    assert "convproof.cli.report" in loaded and "convproof.cli.check" not in loaded


def test_readme_and_architecture_name_every_package():
    """The README's layout table and ARCHITECTURE.md's layer diagram name every package of the code."""
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[1]
    arch = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").split("```")[1]
    assert not sorted(p for p in packages if f"`convproof/{p}`" not in readme), "README layout table"
    assert not sorted(p for p in packages if p not in arch.split()), "ARCHITECTURE.md layer diagram"
    assert not sorted(p for p in packages if p not in RANKS), "tests/test_layout.py RANKS"


def test_pytest_plugin_loads_without_the_testing_engine():
    # pytest loads the plugin in every session where convproof is installed: it must stay light.
    import subprocess
    import sys
    code = ("import sys, convproof.testing.pytest_plugin; "
            "print(sorted(m for m in ('sympy', 'hypothesis', 'convproof.verify', 'convproof.testing.check') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
