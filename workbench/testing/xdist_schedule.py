"""How ``pytest -n 2 --dist loadgroup`` splits the suite between workers: by file, and by shared fixture.

pytest-xdist's own ``loadgroup`` sends every test without an ``xdist_group`` mark to any worker
on its own. Here a test goes with the rest of its file instead (as ``loadfile`` does), because
many modules build an expensive module-scoped fixture (the validity ceiling, the optimizer's
suite, the contamination memo) that a split module would build on both workers.

Files that read one expensive *session* fixture are one unit of work (``GROUPS``): the modules
that read the answer book (``tests/agent/conftest.py``) would otherwise each ask every dev case
again on their own worker. The notebooks all work in the repo's ``data/`` folder and its MLflow
store (nbmake runs them outside the tests' isolated settings), so they run one after another on
one worker, as in a serial run.

The groups are named here by file, not with ``@pytest.mark.xdist_group``: xdist 3.8 passes a
mark to the scheduler by appending ``@group`` to the test's node id, which pytest 9.2's
structured node ids silently ignore (pytest-dev/pytest-xdist#1386), so marked tests were spread
over both workers. A node id that does carry ``@group`` (an xdist or pytest with that fixed) is
still honoured.

Each worker is its own pytest session (session fixtures, ``tmp_path`` roots and the private
Redis/Chroma/PostgreSQL servers that fixtures start on free ports are per worker), so nothing
else needs to be shared or named per worker.
"""

from __future__ import annotations

from xdist.scheduler import LoadGroupScheduling

__all__ = ["GROUPS", "NOTEBOOKS", "FileAndGroupScheduling", "scope_of"]

#: The work unit that every notebook belongs to.
NOTEBOOKS = "notebooks"

#: Test files that share an expensive session fixture -> the unit of work they run in together.
GROUPS = {
    "tests/agent/test_baseline.py": "answer_book",
    "tests/agent/test_learned_router.py": "answer_book",
}


def scope_of(nodeid: str) -> str:
    """The work unit of a collected test: its group, ``"notebooks"``, or its file.

    Args:
        nodeid: The test's node id as the worker reports it (``path::name[params]``, perhaps
            with an ``@group`` suffix from an ``xdist_group`` mark).
    """
    # A parametrize id may itself contain "@": only a suffix after the last "]" names a group.
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.rsplit("@", 1)[-1]
    path = nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        return NOTEBOOKS
    return GROUPS.get(path, path)


class FileAndGroupScheduling(LoadGroupScheduling):
    """``loadgroup`` scheduling by file and ``GROUPS`` (see the module docstring)."""

    def _split_scope(self, nodeid: str) -> str:
        return scope_of(nodeid)
