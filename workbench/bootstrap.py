"""Make sure the generated state exists: the sample claims DB, the knowledge index, the suites.

Used by the demo, the notebooks and the Streamlit app so that each works on a fresh checkout.
Existing state is reused; only what is missing is built (the index ingest is incremental).
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.claims import ClaimsStore, SampleSize, build_database
from workbench.config import Settings
from workbench.knowledge import KnowledgeIndex


def ensure_data(settings: Settings, log: Callable[[str], None] = print, rebuild: bool = False,
                build_progress: Callable[[int], None] | None = None,
                ingest_progress: Callable[[int, int], None] | None = None) -> None:
    """Build the claims DB if missing (or asked to), ingest the knowledge base, generate missing suites.

    Args:
        settings: Where everything lives.
        log: Receives one line per step.
        rebuild: Rebuild the claims DB even when it exists.
        build_progress: Called with the number of claims just generated.
        ingest_progress: Called with (chunks embedded, chunks to embed).
    """
    if rebuild or not settings.claims_db.is_file():
        counts = build_database(settings.claims_db, SampleSize(), progress=build_progress)
        log(f"built {settings.claims_db} ({counts['claims']:,} claims)")
    index = KnowledgeIndex(settings)
    report = index.ingest(progress=ingest_progress)
    log(f"knowledge index: {index.count()} chunks ({report})")
    if not (settings.datasets_dir / "full.jsonl").is_file():
        from workbench.evaluation.datasets.generate import build_suites

        with ClaimsStore(settings.claims_db) as store:
            log(f"generated suites: {build_suites(store, settings.datasets_dir)}")
