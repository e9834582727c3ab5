"""The layers stay where the brief puts them: checked on the import statements themselves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: package → packages of ours it may import
ALLOWED = {
    "core": {"core"},
    "storage": {"core", "storage"},
    "service": {"core", "storage", "service"},
    "cli": {"core", "storage", "service", "cli"},
    "ui": {"core", "storage", "service", "ui"},
}
OURS = {"core", "storage", "service", "cli", "ui", "bench", "tools", "tests", "main"}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & OURS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_layer_imports_only_what_lies_below_it(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    wrong = {str(f.relative_to(ROOT)): sorted(imported_packages(f) - ALLOWED[package])
             for f in files if imported_packages(f) - ALLOWED[package]}
    assert wrong == {}


def test_no_qt_sql_driver_or_files_in_core():
    banned_modules = {"PySide6", "sqlite3", "sqlcipher3", "sqlite_utils", "openpyxl", "io"}
    for path in (ROOT / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                   for a in n.names}
        modules |= {n.module.split(".")[0] for n in ast.walk(tree)
                    if isinstance(n, ast.ImportFrom) and n.module}
        assert not modules & banned_modules, f"{path.name} imports {modules & banned_modules}"
        calls = {n.func.id for n in ast.walk(tree)
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert "open" not in calls, f"{path.name} opens a file"


def test_the_rule_fingerprint_covers_every_module_the_rules_import():
    """A program update that changes any code a rule runs must recompute the stored deadlines:
    every core module core.rules and core.local_rules import, directly or not, is in
    storage.fingerprint.RULE_MODULES."""
    import ast

    from storage.fingerprint import RULE_MODULES

    seen: set[str] = set()
    todo = ["core.rules", "core.local_rules"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse((ROOT / (name.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core."):
                todo.append(node.module or "")
    assert seen <= set(RULE_MODULES), sorted(seen - set(RULE_MODULES))
