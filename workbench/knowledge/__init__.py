"""The policy knowledge base: markdown chunking, offline embeddings and the Chroma index."""

from workbench.knowledge.chunking import Chunk, chunk_directory, chunk_file
from workbench.knowledge.index import Hit, IngestReport, KnowledgeIndex

__all__ = ["Chunk", "Hit", "IngestReport", "KnowledgeIndex", "chunk_directory", "chunk_file"]
