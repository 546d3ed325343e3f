"""The assurance report writer: deterministic order, merge with the previous report, targets."""

import json
import threading
from dataclasses import replace

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


def test_sessions_that_end_together_keep_each_others_rows(tmp_path):
    # Parallel test workers each write the report at the end of their session; every row lands.
    md = tmp_path / "assurance.md"
    logs = []
    for n in range(12):
        log = AssuranceLog(md)
        log.record("1 A", f"check {n:02d}", "tried", 1, 1)
        # Each worker ran other tests: rows of a test that ran again replace only its own old rows.
        log.checks = {k: replace(v, source=f"tests/w.py::test_{n}") for k, v in log.checks.items()}
        logs.append(log)
    start = threading.Barrier(len(logs))

    def write(log):
        start.wait()
        log.write()

    threads = [threading.Thread(target=write, args=(log,)) for log in logs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    rows = json.loads(md.with_suffix(".json").read_text())["checks"]
    assert [r["check"] for r in rows] == [f"check {n:02d}" for n in range(12)]
