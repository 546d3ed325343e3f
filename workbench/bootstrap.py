"""Make sure the generated state exists: the sample claims DB, the knowledge index, the suites.

Used by the demo, the notebooks and the Streamlit app so that each works on a fresh checkout.
Existing state is reused; only what is missing is built (the index ingest is incremental).
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.claims import ClaimsStore, SampleSize, build_database
from workbench.config import Settings
from workbench.knowledge import KnowledgeIndex


def ensure_data(settings: Settings, log: Callable[[str], None] = print) -> None:
    """Build the claims DB if missing, ingest the knowledge base, generate missing suites."""
    if not settings.claims_db.is_file():
        counts = build_database(settings.claims_db, SampleSize())
        log(f"built {settings.claims_db} ({counts['claims']:,} claims)")
    report = KnowledgeIndex(settings).ingest()
    log(f"knowledge index: {report}")
    if not (settings.datasets_dir / "full.jsonl").is_file():
        from workbench.evaluation.generate import build_suites

        with ClaimsStore(settings.claims_db) as store:
            log(f"generated suites: {build_suites(store, settings.datasets_dir)}")
