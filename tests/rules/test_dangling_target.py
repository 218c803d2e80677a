from helpers import branch, cond, default, dialog, findings, lint, node, publish_status


def test_default_to_missing_node_is_reported_on_its_transition():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", default("message9"))))
    assert findings(payload, "dangling-target") == {("dangling-target", "script1")}
    (f,) = [f for f in lint(payload) if f.name == "dangling-target"]
    assert f.pointer == "/statusSummary/0/result/nodes/1/transitions/0"
    assert f.rule == "KL101" and f.severity.value == "error" and f.line is not None


def test_one_finding_per_dangling_transition():
    payload = publish_status(dialog(node("intent0", "intent",
                                         branch(cond("a"), "gone1"), branch(cond("b"), "gone2"),
                                         default("end"))))
    found = [f for f in lint(payload) if f.name == "dangling-target"]
    assert [f.pointer.rsplit("/", 1)[1] for f in found] == ["0", "1"]


def test_end_empty_and_existing_targets_are_not_dangling():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "message1"),
                                         branch(cond("b"), "end"), default("")),
                                    node("message1")))
    assert findings(payload, "dangling-target") == set()


def test_a_branch_and_the_default_to_one_missing_node_have_distinct_fingerprints(tmp_path):
    """Baseline the default transition to a missing node, then add a branch to the same node:
    the branch is the new finding (they shared a fingerprint, and the baseline hid the branch)."""
    from analyzer import baseline
    before = lint(publish_status(dialog(node("intent0", "intent", default("message9")))))
    path = tmp_path / "bl.json"
    baseline.write(str(path), before)
    after = lint(publish_status(dialog(node("intent0", "intent", branch(cond("x"), "message9"),
                                            default("message9")))))
    new, hidden = baseline.apply(after, baseline.read(str(path)))
    assert hidden == 1 and [f.pointer for f in new] == ["/statusSummary/0/result/nodes/0/transitions/0"]
