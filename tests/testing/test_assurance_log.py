"""The assurance report writer: deterministic order, merge with the previous report, targets."""

import json

from workbench.testing.assurance import AssuranceLog


def test_rows_are_sorted_merged_and_rendered_the_same_twice(tmp_path, monkeypatch):
    md = tmp_path / "assurance.md"
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/x.py::test_b (call)")
    first = AssuranceLog(md, "## Static\n\ntext")
    first.record("2 B", "second", "tried", 3, 3, "LLM01")
    first.record("1 A", "first", "tried", 4, 3, "LLM02")
    first.record("3 C", "rate", "tried", 40, 35, target=38, note="12%")
    first.figure("leaks", 0, "how")
    first.write()
    text = md.read_text()
    assert text.index("## 1 A") < text.index("## 2 B") < text.index("## 3 C") < text.index("## Static")
    assert "**1 of 3 rows meet their target.**" in text
    assert "**below target**" in text and "(target ≥ 38)" in text
    assert "LLM01 Prompt Injection" in text and "| leaks | 0 | how |" in text

    # A later session of one other test keeps the rows above; its own rows replace its old ones.
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/y.py::test_c (call)")
    second = AssuranceLog(md, "## Static\n\ntext")
    second.record("2 B", "third", "tried", 1, 1)
    second.write()
    rows = json.loads(md.with_suffix(".json").read_text())["checks"]
    assert [r["check"] for r in rows] == ["first", "second", "third", "rate"]

    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/x.py::test_b (call)")
    third = AssuranceLog(md, "## Static\n\ntext")
    third.record("2 B", "second, renamed", "tried", 3, 3)
    third.write()
    rows = json.loads(md.with_suffix(".json").read_text())["checks"]
    assert [r["check"] for r in rows] == ["second, renamed", "third"]

    before = md.read_bytes()
    AssuranceLog(md, "## Static\n\ntext").write()  # nothing recorded: nothing rewritten
    assert md.read_bytes() == before
