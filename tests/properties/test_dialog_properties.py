"""Properties of the dialog analysis on generated dialogs, checked against independent oracles.

Dialogs are random graphs: node ids from a small alphabet (so duplicates happen), every type of
section 4 and an unknown one, transitions to existing ids, `end`, `""`, null and dangling ids,
conditions of every known shape and some broken ones, and now and then a malformed node. Each is
wrapped in one of the four JSON input kinds and serialised in several layouts.
"""
from __future__ import annotations

import json
from collections import deque
from json.decoder import scanstring
from typing import Any
from unittest import mock

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.engine import Linter
from analyzer.payload import load, parse, records
from helpers import korelint

IDS = ["intent0", "a", "b", "c", "d", "e"]
TYPES = ["intent", "message", "script", "service", "entity", "dialogAct", "logic", "form", "unknownType"]
DANGLING = ["gone", "END", "Intent0", "a ", "message9"]  # never in IDS
KINDS = ["publish-status", "publish-response", "bot-export", "dialog-export"]

# -- strategies --------------------------------------------------------------------------------
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5),
                    st.sampled_from(["", "x", "yes", "no", "10"]))
ops = st.sampled_from(["eq", "neq", "gt", "gte", "lt", "lte", "cnt", "dne", "exists", "ex", "", "zz", None,
                       3])


def conditions() -> st.SearchStrategy:
    leaf = st.one_of(
        st.builds(lambda k, f, o, v: {k: f, "op": o, "value": v},
                  st.sampled_from(["field", "context"]), st.sampled_from(["age", "session.x", ""]), ops,
                  scalars),
        st.builds(lambda f, k: {k: f}, st.sampled_from(["age", "x"]),
                  st.sampled_from(["field", "context"])),  # no op
        st.builds(lambda a: {"dialogAct": a}, st.sampled_from(["yes", "no", "maybe", 1])),
        st.builds(lambda i: {"intent": i, "op": "", "value": ""}, st.sampled_from(IDS + ["other"])),
        st.sampled_from([{}, "a == 1", 5, None, [], {"op": "eq"}, {"value": 1}]),  # broken shapes
    )
    return st.recursive(leaf, lambda inner: st.builds(
        lambda c, t: {"conjoin": c, "tests": t},
        st.sampled_from(["and", "or", "AND", "xor", 5]),
        st.one_of(st.lists(inner, max_size=3), st.sampled_from(["x", None]))), max_leaves=5)


CONDITIONS = conditions()
# Ids of IDS the dialog lacks are dangling too; IDS twice makes targets in the dialog common.
TARGETS = st.sampled_from(IDS * 3 + ["end", "", None] + DANGLING)
TRANSITIONS = st.one_of(
    st.builds(lambda t: {"default": t}, TARGETS),
    st.builds(lambda c, t: {"if": c, "then": t}, CONDITIONS, TARGETS),
    st.builds(lambda c: {"if": c}, CONDITIONS),  # a branch without `then`: not connected
    st.builds(lambda c, t, d: {"if": c, "then": t, "default": d}, CONDITIONS, TARGETS, TARGETS),
    st.builds(lambda t: {"then": t}, TARGETS),  # neither `if` nor `default`: KL001
    st.just({}),
)


BREAK = [  # what turns a node into a malformed one
    lambda n: n.update(nodeId=7), lambda n: n.update(nodeId=""), lambda n: n.update(nodeId=None),
    lambda n: n.pop("nodeId"), lambda n: n.update(type=1), lambda n: n.pop("type"),
    lambda n: n.update(transitions="end"), lambda n: n.update(transitions={"default": "end"}),
    lambda n: n.update(transitions=["end"]), lambda n: n.update(transitions=[{"default": 3}]),
    lambda n: n.update(transitions=[{"if": {}, "then": ["a"]}]),
]


@st.composite
def dialog_bodies(draw, export: bool = False) -> dict:
    ids = draw(st.lists(st.sampled_from(IDS), max_size=8))
    if ids and draw(st.booleans()):
        ids[0] = "intent0"
    nodes: list[Any] = []
    closed = draw(st.integers(0, 3)) == 0  # mostly defaults between the dialog's own nodes: loops
    for i, nid in enumerate(ids):
        kind = "intent" if i == 0 and draw(st.booleans()) else draw(st.sampled_from(TYPES))
        node: dict[str, Any] = {"nodeId": nid, "type": kind}
        shape = draw(st.integers(0, 9))
        if closed and shape > 1:
            node["transitions"] = draw(st.lists(st.builds(lambda c, t: {"if": c, "then": t}, CONDITIONS,
                                                          st.sampled_from(ids)), max_size=2))
            node["transitions"].append({"default": draw(st.sampled_from(ids + ["end"] * (shape == 9)))})
        elif shape == 0:
            pass  # no transitions: the dialog ends here
        elif shape == 1:
            node["transitions"] = None
        else:
            node["transitions"] = draw(st.lists(TRANSITIONS, max_size=4))
        if draw(st.integers(0, 4)) == 0:
            node["metadata"] = {"left": draw(st.integers(0, 900)), "top": 10, "color": "#fff"}
            node["componentId"] = f"dc-{i}"
        if draw(st.integers(0, 11)) == 0:
            draw(st.sampled_from(BREAK))(node)
        if draw(st.integers(0, 29)) == 0:
            node = draw(st.sampled_from(["message1", 5, None, [node]]))
        nodes.append(node)
    body: dict[str, Any] = {"_id": f"dg-{draw(st.integers(0, 99))}",
                            "name": draw(st.sampled_from(["Book a flight", "Ünïcode — ✈", "", "a/b~c"])),
                            "nodes": nodes}
    if export:
        body["components"] = []
    elif not nodes and draw(st.booleans()):
        del body["nodes"]
    return body


@st.composite
def payloads(draw) -> tuple[str, Any, list[str]]:
    """(kind, payload, JSON Pointer of each dialog in it)."""
    kind = draw(st.sampled_from(KINDS))
    if kind == "dialog-export":
        return kind, draw(dialog_bodies(export=True)), [""]
    bodies = draw(st.lists(dialog_bodies(), min_size=1, max_size=3))
    if kind == "bot-export":
        return kind, {"dialogs": bodies, "dialogComponents": [], "knowledgeTasks": []}, \
            [f"/dialogs/{i}" for i in range(len(bodies))]
    resources: list[dict] = []
    pointers = []
    base = "/statusSummary" if kind == "publish-status" else ""
    if draw(st.booleans()):
        resources.append({"resourceId": "SETTINGS", "resourceType": "SETTINGS", "status": "SUCCESS",
                          "modules": ["general"]})
    for body in bodies:
        pointers.append(f"{base}/{len(resources)}/result")
        resources.append({"resourceId": body["_id"], "resourceType": "dialog", "name": body["name"],
                          "status": "SUCCESS", "result": body})
    if kind == "publish-response":
        return kind, resources, pointers
    return kind, {"_id": "ds-1", "status": "successful", "percentageComplete": 100,
                  "statusSummary": resources}, pointers


LAYOUTS = [
    lambda p: json.dumps(p, indent=2),
    lambda p: json.dumps(p, separators=(",", ":")),
    lambda p: json.dumps(p, indent="\t", ensure_ascii=False),
    lambda p: "\n\n  " + json.dumps(p, indent=5, ensure_ascii=False).replace(": ", " :\n ") + "\n",
]


# -- independent oracles -----------------------------------------------------------------------
def valid_node(n: Any) -> bool:
    if not isinstance(n, dict) or not isinstance(n.get("nodeId"), str) or not n["nodeId"]:
        return False
    if not isinstance(n.get("type"), str):
        return False
    trans = n.get("transitions")
    if trans is None:
        return True
    if not isinstance(trans, list):
        return False
    for t in trans:
        if not isinstance(t, dict):
            return False
        if any(k in t and t[k] is not None and not isinstance(t[k], str) for k in ("default", "then")):
            return False
    return True


def transition_kind(t: dict) -> tuple[str | None, Any]:
    if "if" in t:
        return "branch", t.get("then")
    if "default" in t:
        return "default", t.get("default")
    return None, None


class Oracle:
    """The graph of one dialog by spec section 4, computed without networkx or the analyzer."""

    EXIT = object()

    def __init__(self, body: dict, pointer: str):
        raw_nodes = body.get("nodes") or []
        self.valid = [(i, n) for i, n in enumerate(raw_nodes) if valid_node(n)]
        self.invalid_pointers = [f"{pointer}/nodes/{i}" for i, n in enumerate(raw_nodes) if not valid_node(n)]
        self.ids = {n["nodeId"] for _, n in self.valid}
        # Malformed nodes whose id is text still exist: transitions to them are not dangling,
        # and where they lead is unknown (a possible way out).
        self.unreadable = {n["nodeId"] for n in raw_nodes if not valid_node(n) and isinstance(n, dict)
                           and isinstance(n.get("nodeId"), str) and n["nodeId"]} - self.ids
        self.entry = next((n["nodeId"] for _, n in self.valid if n["type"] == "intent"), None)
        self.first = {}
        for i, n in self.valid:
            self.first.setdefault(n["nodeId"], i)
        self.succ: dict[Any, set] = {nid: set() for nid in self.ids}
        self.succ.update({nid: {self.EXIT} for nid in self.unreadable})
        self.dangling: list[str] = []
        self.kindless: list[str] = []
        for i, n in self.valid:
            nid, has_default = n["nodeId"], False
            for j, t in enumerate(n.get("transitions") or []):
                kind, target = transition_kind(t)
                where = f"{pointer}/nodes/{i}/transitions/{j}"
                if kind is None:
                    self.kindless.append(where)
                    continue
                has_default |= kind == "default"
                if target in self.ids or target in self.unreadable:
                    self.succ[nid].add(target)
                else:
                    self.succ[nid].add(self.EXIT)
                    if target not in (None, "", "end"):
                        self.dangling.append(where)
            if not has_default:
                self.succ[nid].add(self.EXIT)

    def forward(self, start) -> set:
        seen, todo = {start}, deque([start])
        while todo:
            for nxt in self.succ.get(todo.popleft(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    @property
    def reachable(self) -> set:
        return (self.forward(self.entry) - {self.EXIT}) if self.entry is not None else set()

    @property
    def can_exit(self) -> set:
        return {nid for nid in self.ids | self.unreadable if self.EXIT in self.forward(nid)}


def start_offsets(text: str) -> dict[str, int]:
    """JSON Pointer -> offset where the element starts, by a small recursive-descent scanner."""
    out: dict[str, int] = {}
    literal_end = " \t\r\n,]}"

    def skip(i: int) -> int:
        while text[i] in " \t\r\n":
            i += 1
        return i

    def value(i: int, ptr: str) -> int:
        i = skip(i)
        out[ptr] = i
        if text[i] == "{":
            i = skip(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                key, i = scanstring(text, skip(i) + 1)
                i = skip(i)
                assert text[i] == ":"
                i = skip(value(i + 1, ptr + "/" + key.replace("~", "~0").replace("/", "~1")))
                if text[i] == "}":
                    return i + 1
                assert text[i] == ","
                i += 1
        if text[i] == "[":
            i = skip(i + 1)
            if text[i] == "]":
                return i + 1
            index = 0
            while True:
                i = skip(value(i, f"{ptr}/{index}"))
                index += 1
                if text[i] == "]":
                    return i + 1
                assert text[i] == ","
                i += 1
        if text[i] == '"':
            return scanstring(text, i + 1)[1]
        while i < len(text) and text[i] not in literal_end:
            i += 1
        return i

    value(0, "")
    return out


def resolve(doc: Any, pointer: str) -> Any:
    """RFC 6901."""
    if pointer == "":
        return doc
    assert pointer.startswith("/"), pointer
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(doc, list):
            assert token.isdigit() and (token == "0" or not token.startswith("0")), pointer
            doc = doc[int(token)]
        else:
            assert isinstance(doc, dict), pointer
            doc = doc[token]
    return doc


# -- running the analyzer --------------------------------------------------------------------
def analyse(text: str):
    return Linter().analyze(parse(text.encode(), "payload.json")).findings


def findings_of_dialog(found, code: str, dialog_pointer: str) -> list:
    return [f for f in found if f.rule == code and
            (f.pointer == dialog_pointer or f.pointer.startswith(dialog_pointer + "/nodes"))]


# -- properties ------------------------------------------------------------------------------
@given(payloads(), st.sampled_from(range(len(LAYOUTS))))
def test_findings_match_the_oracles(case, layout):
    kind, payload, dialog_pointers = case
    text = LAYOUTS[layout](payload)
    found = analyse(text)
    bodies = [resolve(payload, p) for p in dialog_pointers]
    for body, dptr in zip(bodies, dialog_pointers, strict=True):
        oracle = Oracle(body, dptr)
        # Malformed nodes, and transitions of no kind, are KL001 at their pointers.
        kl001 = sorted(f.pointer for f in findings_of_dialog(found, "KL001", dptr))
        assert kl001 == sorted(oracle.invalid_pointers + oracle.kindless)
        # Every dangling transition is reported once, at its pointer, and nothing else is; except
        # a branch that never fires as designed (KL205, KL203), which keeps only its condition's
        # finding (analyzer/precedence.py; that may be KL206 or KL209, which outrank KL203).
        dangling = [f.pointer for f in findings_of_dialog(found, "KL101", dptr)]
        conditions = {f.pointer for code in ("KL205", "KL206", "KL209", "KL203")
                      for f in findings_of_dialog(found, code, dptr)}
        assert len(dangling) == len(set(dangling)) and set(dangling) <= set(oracle.dangling)
        assert {p for p in oracle.dangling if p not in conditions} <= set(dangling)
        # Every valid node is reachable from the entry or in exactly one unreachable region,
        # whose finding sits on its first node (the root) at that node's first occurrence.
        regions102 = findings_of_dialog(found, "KL102", dptr)
        listed102 = [n for f in regions102 for n in f.nodes]
        reachable = oracle.reachable
        if oracle.entry is None:
            assert regions102 == []
        else:
            assert sorted(listed102) == sorted({n["nodeId"] for _, n in oracle.valid} - reachable)
            for f in regions102:
                assert f.node == f.nodes[0] and f.pointer == f"{dptr}/nodes/{oracle.first[f.node]}"
        # KL103 regions are reachable and never reach an exit; every trapped node leads into one.
        regions = findings_of_dialog(found, "KL103", dptr)
        can_exit = oracle.can_exit
        listed = set()
        for f in regions:
            assert f.nodes and set(f.nodes) <= reachable - can_exit, (f.nodes, can_exit)
            assert f.node == f.nodes[0] and f.pointer == f"{dptr}/nodes/{oracle.first[f.node]}"
            listed |= set(f.nodes)
        for nid in reachable - can_exit:
            assert oracle.forward(nid) & listed, nid


@given(payloads())
def test_pointers_resolve_and_lines_are_where_elements_start(case):
    kind, payload, _ = case
    for layout in LAYOUTS:
        text = layout(payload)
        starts = start_offsets(text)
        doc = json.loads(text)
        for f in analyse(text):
            resolve(doc, f.pointer)
            assert f.pointer in starts, f.pointer
            assert f.line == text.count("\n", 0, starts[f.pointer]) + 1, (f.rule, f.pointer)


@given(payloads())
def test_output_is_the_same_across_runs_and_layouts(workdir, case):
    kind, payload, _ = case
    outputs = []
    for layout in LAYOUTS:
        path = workdir / "payload.json"
        path.write_text(layout(payload), encoding="utf-8")
        first, second = check_json(str(path)), check_json(str(path))
        assert first == second
        report = json.loads(first)
        for f in report["findings"]:
            f.pop("line")
        outputs.append(report)
    assert all(o == outputs[0] for o in outputs[1:])


@given(payloads())
def test_fast_and_tolerant_paths_load_the_same_dialogs(case):
    kind, payload, _ = case
    data = json.dumps(payload, indent=1).encode()
    fast = snapshot(parse(data, "p.json"))
    with mock.patch.object(load._Loader, "fast", False):
        slow = snapshot(parse(data, "p.json"))
    assert fast == slow


def test_the_slow_path_is_really_taken():
    data = json.dumps({"dialogs": [{"nodes": [{"nodeId": "intent0", "type": "intent"}]}]}).encode()
    def decode(data, kind):
        assert kind is not load.Dialog, "fast"
        return records.decode(data, kind)

    with mock.patch.object(load, "decode", decode):
        with mock.patch.object(load._Loader, "fast", False):
            assert len(parse(data, "p.json").dialogs[0].nodes) == 1
        with pytest.raises(AssertionError):
            parse(data, "p.json")


def snapshot(doc) -> dict:
    def node(entry):
        n = entry.node
        return (entry.index, entry.pointer, msgspec.structs.asdict(n),
                [(msgspec.structs.asdict(t), sorted(t.model_fields_set)) for t in n.transitions or []])
    return {
        "kind": doc.kind,
        "dialogs": [(d.index, d.pointer, d.id, d.name, d.has_nodes, d.state, d.approved_languages,
                     d.approval_requested_languages, d.resource_pointer, [node(e) for e in d.nodes])
                    for d in doc.dialogs],
        "malformed": doc.malformed,
        "resources": doc.resources,
        "job": doc.job,
        "taxonomies": [(t.pointer, t.name,
                        [(i, msgspec.structs.asdict(x)) for i, x in t.terms]) for t in doc.taxonomies],
    }


# -- fixtures and helpers ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("properties")


def check_json(path: str) -> str:
    code, out, err = korelint("check", path, "--format", "json", "--fail-on", "never")
    assert code == 0 and err == "", err
    return out


def test_oracles_on_a_known_dialog():
    body = {"nodes": [
        {"nodeId": "intent0", "type": "intent", "transitions": [{"default": "a"}]},
        {"nodeId": "a", "type": "script", "transitions": [{"default": "b"}]},
        {"nodeId": "b", "type": "script", "transitions": [{"if": {"context": "x", "op": "eq"}, "then": "a"},
                                                           {"default": "a"}]},
        {"nodeId": "c", "type": "message", "transitions": [{"default": "gone"}, {"then": "end"}]},
        {"nodeId": 5, "type": "message"},
    ]}
    oracle = Oracle(body, "/d")
    assert oracle.reachable == {"intent0", "a", "b"} and oracle.can_exit == {"c"}
    assert oracle.dangling == ["/d/nodes/3/transitions/0"] and oracle.kindless == ["/d/nodes/3/transitions/1"]
    assert oracle.invalid_pointers == ["/d/nodes/4"]
    text = json.dumps({"x": [1, {"a/b": "s", "~": [True]}]}, indent=2)
    starts = start_offsets(text)
    assert text[starts["/x/1/a~1b"]] == '"' and text[starts["/x/1/~0/0"]] == "t"


@given(payloads())
def test_flow_graph_and_reachability_are_networkx_ones(case):
    """DialogFlow builds its DiGraph from plain dicts and walks its own adjacency for
    `reachable`, `can_exit` and `has_cycle` (issue 17): the same as networkx's add_edges_from,
    descendants, ancestors and is_directed_acyclic_graph on the same edges."""
    import networkx as nx

    from analyzer.flow import EXIT, DialogFlow

    _kind, payload, _ = case
    doc = parse(json.dumps(payload).encode(), "p.json")
    for dialog in doc.each_dialog(keep=True):
        flow = DialogFlow(dialog)
        oracle = nx.DiGraph()
        oracle.add_nodes_from([*flow.first_index, EXIT])
        oracle.add_edges_from(flow._pairs)
        graph = flow.graph
        assert list(graph.nodes) == list(oracle.nodes)
        assert list(graph.edges) == list(oracle.edges)
        assert all(list(graph.pred[n]) == list(oracle.pred[n]) for n in oracle)
        assert all(graph.succ[u][v] is graph.pred[v][u] for u, v in graph.edges)
        assert flow.can_exit == frozenset(nx.ancestors(oracle, EXIT))
        assert flow.has_cycle == (not nx.is_directed_acyclic_graph(oracle))
        if flow.entry is not None:
            assert flow.reachable == frozenset(nx.descendants(oracle, flow.entry) - {EXIT}) | {flow.entry}
        flow.release()
        assert graph.number_of_nodes() == 0
