"""How `pytest -n 2 --dist loadgroup` groups tests: by xdist_group, notebooks together, else by file."""

import ast
from pathlib import Path

import pytest

pytest.importorskip("xdist", reason="pytest-xdist is not installed: pip install pytest-xdist")

from workbench.testing.xdist_schedule import GROUPS, NOTEBOOKS, scope_of  # noqa: E402

TESTS = Path(__file__).resolve().parents[1]
#: Session fixtures that cost a minute or more to fill, and the group every module using them is in.
SHARED = {"answer_book": "answer_book"}


@pytest.mark.parametrize(("nodeid", "scope"), [
    ("tests/agent/test_rules.py::test_x", "tests/agent/test_rules.py"),
    ("tests/agent/test_rules.py::TestA::test_x[v1]", "tests/agent/test_rules.py"),
    ("tests/agent/test_baseline.py::test_x[v2]", "answer_book"),
    ("tests/agent/test_learned_router.py::test_x", "answer_book"),
    ("tests/agent/test_rules.py::test_x[v2]@grp", "grp"),  # an xdist_group mark, where xdist passes it
    # An "@" inside a parametrize id is not a group.
    ("tests/security/test_isolation.py::test_x[a@b.com]", "tests/security/test_isolation.py"),
    ("tests/security/test_isolation.py::test_x[a@b.com]@grp", "grp"),
    ("notebooks/04_error_analysis.ipynb::", NOTEBOOKS),
    ("notebooks/05_optimize_prompt.ipynb", NOTEBOOKS),
])
def test_each_test_goes_with_its_group_else_the_notebooks_else_its_file(nodeid, scope):
    assert scope_of(nodeid) == scope


def _uses(tree: ast.Module, fixture: str) -> bool:
    return any(fixture in {a.arg for a in node.args.args}
               for node in ast.walk(tree) if isinstance(node, ast.FunctionDef))


def test_every_module_that_reads_a_shared_session_fixture_is_in_its_group():
    # A module that reads the answer book on the other worker would ask every case again there.
    checked = 0
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fixture, group in SHARED.items():
            if _uses(tree, fixture):
                checked += 1
                where = path.relative_to(TESTS.parent).as_posix()
                assert GROUPS.get(where) == group, f"{where} reads {fixture}: add it to GROUPS as {group!r}"
    assert checked >= 2  # test_baseline.py and test_learned_router.py at least
