"""How ``pytest -n 2 --dist loadgroup`` splits the suite between workers: by file, and by shared fixture.

pytest-xdist's own ``loadgroup`` sends every test without an ``xdist_group`` mark to any worker
on its own. Here a test without a mark goes with the rest of its file instead (as ``loadfile``
does), because many modules build an expensive module-scoped fixture (the validity ceiling, the
optimizer's suite, the contamination memo) that a split module would build on both workers.
Tests marked ``@pytest.mark.xdist_group("name")`` go with every other test of that name, across
files: ``tests/agent`` marks the modules that read the session's answer book, which would
otherwise be asked twice over (once per worker). The notebooks all work in the repo's ``data/``
folder and its MLflow store (nbmake runs them outside the tests' isolated settings), so they run
one after another on one worker, as in a serial run.

Each worker is its own pytest session (session fixtures, ``tmp_path`` roots and the private
Redis/Chroma/PostgreSQL servers that fixtures start on free ports are per worker), so nothing
else needs to be shared or named per worker.
"""

from __future__ import annotations

from xdist.scheduler import LoadGroupScheduling

__all__ = ["FileAndGroupScheduling", "scope_of"]

#: The work unit that every notebook belongs to.
NOTEBOOKS = "notebooks"


def scope_of(nodeid: str) -> str:
    """The work unit of a collected test: its ``xdist_group``, ``"notebooks"``, or its file.

    Args:
        nodeid: The test's node id as the worker reports it; xdist appends ``@group`` to the id
            of a test marked ``xdist_group``.
    """
    # A parametrize id may itself contain "@": only a suffix after the last "]" names a group.
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.rsplit("@", 1)[-1]
    path = nodeid.split("::", 1)[0]
    return NOTEBOOKS if path.endswith(".ipynb") else path


class FileAndGroupScheduling(LoadGroupScheduling):
    """``loadgroup`` scheduling whose unmarked tests are grouped by file (see the module docstring)."""

    def _split_scope(self, nodeid: str) -> str:
        return scope_of(nodeid)
