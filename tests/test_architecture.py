"""The shape of the code base: no import cycle in `analyzer/` (imports inside functions
included), no module past 400 lines. The direction of imports between layers is import-linter's
contracts (pyproject.toml), run by `make test`."""
from __future__ import annotations

from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400


def import_graph() -> nx.DiGraph:
    imports = grimp.build_graph("analyzer")
    graph = nx.DiGraph()
    for module in imports.modules:
        graph.add_node(module)
        for imported in imports.find_modules_directly_imported_by(module):
            graph.add_edge(module, imported)
    return graph


def test_no_import_cycle():
    graph = import_graph()
    assert graph.number_of_edges() > 100  # the graph was read
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


def test_a_cycle_would_be_found():
    graph = import_graph()
    graph.add_edge("analyzer.payload.records", "analyzer.flow")  # flow imports payload
    assert any(len(c) > 1 for c in nx.strongly_connected_components(graph))


def test_no_module_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "analyzer").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
