"""The Chroma embedding function backed by the packaged MiniLM model (never downloads).

Kept apart from ``index`` so that importing the index does not import Chroma.
"""

from __future__ import annotations

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from workbench.knowledge.embeddings import embed

__all__ = ["ChromaEmbedding"]


@register_embedding_function
class ChromaEmbedding(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the packaged MiniLM model (never downloads)."""

    def __init__(self) -> None:
        """Nothing to configure: the model is fixed by the installed package."""

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's signature
        """Embed documents (unit vectors)."""
        return list(embed(list(input)))

    @staticmethod
    def name() -> str:
        """Name under which Chroma records the function with the collection."""
        return "workbench-minilm"

    def get_config(self) -> dict:
        """Serialisable configuration (none)."""
        return {}

    @staticmethod
    def build_from_config(config: dict) -> ChromaEmbedding:
        """Rebuild from a stored configuration."""
        return ChromaEmbedding()

    def default_space(self) -> str:
        """Distances are cosine; scores are 1 - distance."""
        return "cosine"
