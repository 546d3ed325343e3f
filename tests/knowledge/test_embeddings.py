"""The numpy MiniLM computes what sentence-transformers computes, and embeddings are unit vectors."""

import threading

import numpy as np
import pytest

from workbench.knowledge import embeddings

TEXTS = ["How much dental balance do I have left?", "x", "Is teeth whitening covered under the dental plan? " * 20,
         "Wellness: gym memberships, fitness classes and sports equipment (MYR 300 per item at most)."]


def test_vectors_are_unit_length_and_in_input_order():
    vectors = embeddings.embed(TEXTS)
    assert vectors.shape == (len(TEXTS), embeddings.DIMENSIONS) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batching sorts by length; each row must still belong to its own text.
    for i, text in enumerate(TEXTS):
        np.testing.assert_allclose(embeddings.embed([text])[0], vectors[i], atol=1e-5)
    assert embeddings.embed([]).shape == (0, embeddings.DIMENSIONS)


def test_related_texts_are_closer_than_unrelated_ones():
    a, b, c = embeddings.embed(["my dental balance", "how much is left for dentist visits", "the weather in Paris"])
    assert a @ b > a @ c + 0.2


def test_concurrent_calls_give_the_same_vectors():
    expected = embeddings.embed(TEXTS)
    results: list[np.ndarray] = []
    threads = [threading.Thread(target=lambda: results.append(embeddings.embed(TEXTS))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == 4
    for got in results:
        np.testing.assert_allclose(got, expected, atol=1e-6)


@pytest.mark.slow
def test_numpy_runtime_matches_sentence_transformers():
    ours = embeddings.embed(TEXTS)
    torch_side = embeddings.embed(TEXTS, bulk=True)
    assert float((ours * torch_side).sum(axis=1).min()) > 0.99999
    np.testing.assert_allclose(ours, torch_side, atol=1e-5)
