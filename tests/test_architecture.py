"""The dependency direction you can draw: extract -> graph -> app/CLI, nothing sideways or upward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "extract": {"graph", "explorer", "alliancegraph", "app", "rdflib", "oxrdflib", "pyoxigraph", "streamlit", "pyvis", "networkx"},
    "graph": {"extract", "explorer", "alliancegraph", "app", "spacy", "streamlit", "pyvis"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_nothing_above_or_beside_it(package):
    offenders = {}
    for module in sorted((ROOT / package).rglob("*.py")):
        bad = imported_modules(module) & FORBIDDEN[package]
        if bad:
            offenders[str(module.relative_to(ROOT))] = sorted(bad)
    assert not offenders, f"{package}/ reaches sideways or upward: {offenders}"


def test_the_check_catches_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import rdflib\nfrom graph.store import open_store\n", encoding="utf-8")
    assert {"rdflib", "graph"} <= imported_modules(bad)
