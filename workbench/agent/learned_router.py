"""The offline baseline's learned intent fallback: MiniLM embeddings -> logistic regression.

The hand-written cascade (``baseline.py`` with ``cues``, ``entities``, ``rules``, ``limits``)
decides most intents. A prompt version may also carry ``baseline.learned_router``: dev questions
labelled with their intents, a regularisation ``C``, a probability ``threshold`` and the
``switch`` directions (``cascade intent->learned intent``) where the learned intent replaces the
cascade's. ``LearnedRouter`` is a multinomial logistic regression over the project's offline
MiniLM embeddings of those questions (as the baseline reads them, ``entities.canonical``).

Fitting is deterministic (lbfgs from zeros; no random state) and takes seconds; the fitted
weights are cached under ``<cache_dir>/learned_router/<hash>.npz``, keyed by a hash of the
training rows and ``C``, so an agent starts without refitting. A prompt version's own fit is
shipped beside it (``prompts/<name>/learned_router/<hash>.npz``, written by
``scripts/rebuild_routing.py --learned-router``) and read before any cache, so no process fits
at start-up; ``tests/agent/test_learned_router.py`` checks the shipped weights equal a fresh fit.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workbench.knowledge.embeddings import embed

__all__ = ["LearnedRouter", "LearnedSwitch", "fit_router", "training_hash"]


@dataclass(frozen=True)
class LearnedRouter:
    """A fitted multinomial logistic regression over question embeddings."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, embedding dim)
    intercept: np.ndarray  # (classes,)

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities for embedded questions (rows of ``vectors``)."""
        logits = vectors @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, question: str) -> tuple[str, float]:
        """The most probable intent of one question and its probability."""
        p = self.proba(embed([question]))[0]
        best = int(p.argmax())
        return self.classes[best], float(p[best])

    def save(self, path: Path) -> None:
        """Write the weights atomically (temp file, then rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, classes=np.array(self.classes), coef=self.coef, intercept=self.intercept)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LearnedRouter:
        """Read weights written by ``save``."""
        with np.load(path, allow_pickle=False) as data:
            return cls(tuple(str(c) for c in data["classes"]), data["coef"], data["intercept"])


def training_hash(questions: Sequence[str], intents: Sequence[str], C: float) -> str:
    """sha256 (16 hex digits) of the training rows and ``C``: the cache key of a fit."""
    payload = json.dumps([list(questions), list(intents), float(C)], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def fit_vectors(vectors: np.ndarray, intents: Sequence[str], C: float) -> LearnedRouter:
    """Fit the regression on already embedded questions (the leave-one-batch-out loop uses it)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=3000).fit(vectors, np.asarray(intents))
    return LearnedRouter(tuple(str(c) for c in model.classes_), model.coef_.astype(np.float32),
                         model.intercept_.astype(np.float32))


def fit_router(questions: Sequence[str], intents: Sequence[str], C: float,
               cache_dir: Path | None = None, prepare: Callable[[str], str] | None = None,
               shipped_dir: Path | None = None) -> LearnedRouter:
    """Fit (or load the cached fit of) a router on questions labelled with intents.

    Args:
        questions: Training questions.
        intents: Their intents.
        C: Inverse L2 regularisation strength.
        cache_dir: Where fitted weights are cached; ``None``: always fit.
        prepare: Applied to each question before it is embedded (the baseline passes
            ``entities.canonical``); only on a cache miss, so a cached start-up skips it.
        shipped_dir: Read-only weights shipped with the prompt version, looked up first.
    """
    name = f"{training_hash(questions, intents, C)}.npz"
    if shipped_dir is not None and (Path(shipped_dir) / name).is_file():
        return LearnedRouter.load(Path(shipped_dir) / name)
    path = None
    if cache_dir is not None:
        path = Path(cache_dir) / "learned_router" / name
        if path.is_file():
            return LearnedRouter.load(path)
    texts = [prepare(q) for q in questions] if prepare else list(questions)
    router = fit_vectors(embed(texts), intents, C)
    if path is not None:
        router.save(path)
    return router


class LearnedSwitch:
    """Where the learned intent replaces the cascade's: allowed directions above a threshold."""

    _cache: dict[str, LearnedSwitch] = {}
    _lock = threading.Lock()

    def __init__(self, router: LearnedRouter, directions: Sequence[tuple[str, str]], threshold: float):
        self.router, self.threshold = router, threshold
        self.directions = frozenset(directions)

    @classmethod
    def for_prompt(cls, prompt, cache_dir: Path | None = None,
                   shipped_dir: Path | None = None) -> LearnedSwitch | None:
        """The prompt version's switch (one per prompt content), or ``None`` if it has none."""
        part = prompt.baseline.learned_router
        if part is None:
            return None
        with cls._lock:
            if prompt.content_hash not in cls._cache:
                from workbench.agent.entities import canonical

                router = fit_router([e.q for e in part.examples], [e.intent for e in part.examples],
                                    part.C, cache_dir, prepare=canonical, shipped_dir=shipped_dir)
                cls._cache[prompt.content_hash] = cls(router, part.directions(), part.threshold)
            return cls._cache[prompt.content_hash]

    def decide(self, question: str, cascade_intent: str) -> str:
        """The learned intent where the direction is allowed and confident enough, else the cascade's."""
        if not any(src == cascade_intent for src, _ in self.directions):
            return cascade_intent  # no embedding needed
        learned, p = self.router.predict(question)
        if (cascade_intent, learned) in self.directions and p >= self.threshold:
            return learned
        return cascade_intent
