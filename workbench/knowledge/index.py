"""The persistent Chroma index of policy chunks, with incremental ingest and search.

``ingest()`` chunks every document first (so a malformed file stops it before anything is
written), then compares chunk ids and content hashes with what the collection holds: only new
or changed chunks are embedded and written, removed ones are deleted, unchanged ones are left
alone. ``search()`` embeds the query with the same offline model and returns ``Hit``s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from workbench.config import Settings
from workbench.errors import ConfigError, DataError
from workbench.knowledge.chunking import Chunk, chunk_directory
from workbench.knowledge.embeddings import embed

__all__ = ["COLLECTION", "Hit", "IngestReport", "KnowledgeIndex"]

COLLECTION = "policy_chunks"
_BATCH = 64


@dataclass(frozen=True)
class Hit:
    """One search result."""

    text: str
    score: float  # cosine similarity, higher is closer
    document: str
    section: str
    chunk_id: str


@dataclass(frozen=True)
class IngestReport:
    """What an ingest changed."""

    added: int
    updated: int
    removed: int
    unchanged: int

    @property
    def embedded(self) -> int:
        """Chunks that were (re-)embedded."""
        return self.added + self.updated

    def summary(self) -> str:
        """One line for people."""
        return (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged")

    __str__ = summary


class KnowledgeIndex:
    """The policy knowledge base in a persistent Chroma collection (safe to share across threads)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._client = None
        self._collection = None

    @property
    def collection(self):
        """The Chroma collection (opened on first use)."""
        with self._lock:
            if self._collection is None:
                chromadb, ChromaEmbedding = _chroma()
                self._client = _client(self.settings, chromadb)
                self._collection = self._client.get_or_create_collection(
                    COLLECTION, embedding_function=ChromaEmbedding(),
                    configuration={"hnsw": {"space": "cosine"}})
            return self._collection

    def ingest(self, progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """Bring the collection in line with the markdown files, embedding only what changed.

        Args:
            progress: Called with (chunks embedded so far, chunks to embed).

        Raises:
            DataError: A document is malformed or the knowledge base is empty (nothing is written).
        """
        chunks = {c.chunk_id: c for c in chunk_directory(self.settings.knowledge_dir)}
        stored = self.collection.get(include=["metadatas"])
        stored_hash = {i: (m or {}).get("content_hash")
                       for i, m in zip(stored["ids"], stored["metadatas"], strict=True)}
        new = [c for i, c in chunks.items() if i not in stored_hash]
        changed = [c for i, c in chunks.items() if i in stored_hash and stored_hash[i] != c.content_hash]
        removed = [i for i in stored_hash if i not in chunks]

        todo = new + changed
        vectors = []
        for start in range(0, len(todo), _BATCH):  # embed everything before writing anything
            vectors.extend(embed([c.embedding_text for c in todo[start:start + _BATCH]], bulk=True))
            if progress:
                progress(min(start + _BATCH, len(todo)), len(todo))
        if todo:
            self.collection.upsert(
                ids=[c.chunk_id for c in todo], embeddings=[v.tolist() for v in vectors],
                documents=[c.text for c in todo], metadatas=[_metadata(c) for c in todo])
        if removed:
            self.collection.delete(ids=removed)
        if progress and not todo:
            progress(0, 0)
        return IngestReport(len(new), len(changed), len(removed), len(chunks) - len(todo))

    def count(self) -> int:
        """Number of chunks in the collection."""
        return self.collection.count()

    def search(self, query: str, k: int = 4) -> list[Hit]:
        """The ``k`` chunks closest to the query, best first.

        Raises:
            DataError: The query is blank, or the index is empty (run ``workbench kb ingest``).
        """
        if not query or not query.strip():
            raise DataError("The search query is empty; give some words to search the policy for.")
        if k < 1:
            raise DataError(f"k must be at least 1 (got {k}).")
        if self.count() == 0:
            raise DataError(f"The knowledge index at {self.settings.chroma_dir} is empty; "
                            "run `workbench kb ingest` first.")
        found = self.collection.query(query_embeddings=[embed([query.strip()])[0].tolist()], n_results=k,
                                      include=["documents", "metadatas", "distances"])
        return [Hit(text=text, score=round(1.0 - distance, 4), document=meta["document"],
                    section=meta["section"], chunk_id=chunk_id)
                for chunk_id, text, meta, distance in zip(found["ids"][0], found["documents"][0],
                                                          found["metadatas"][0], found["distances"][0], strict=True)]


def _client(settings: Settings, chromadb):
    """A Chroma server through ``HttpClient`` when ``chroma_url`` is set, else the local folder."""
    if settings.chroma_url:
        url = urlsplit(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(f"WORKBENCH_CHROMA_URL={settings.chroma_url!r} is not an http(s) URL; "
                              "use e.g. http://127.0.0.1:8000 (a `chroma run` server).")
        return chromadb.HttpClient(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 80),
                                   ssl=url.scheme == "https",
                                   settings=chromadb.Settings(anonymized_telemetry=False))
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir),
                                     settings=chromadb.Settings(anonymized_telemetry=False))


def _chroma():
    """Import Chroma on first use: it takes ~2 s, and most commands never search the index."""
    import sys

    # jsonschema checks the "iri" format with rfc3987_syntax when installed, which compiles a
    # grammar at import (~1.7 s of Chroma's import). Chroma's schemas use no IRI format, so when
    # nothing has imported it yet, mark it absent: jsonschema skips that one optional checker.
    sys.modules.setdefault("rfc3987_syntax", None)
    import chromadb

    from workbench.knowledge.chroma_embedding import ChromaEmbedding

    return chromadb, ChromaEmbedding


def _metadata(chunk: Chunk) -> dict:
    return {"document": chunk.document, "title": chunk.title, "section": chunk.section,
            "content_hash": chunk.content_hash}
