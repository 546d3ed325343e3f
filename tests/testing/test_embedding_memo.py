"""The embedding memo encodes each text once and returns what the real function returns."""

from __future__ import annotations

import numpy as np

from workbench.knowledge import embeddings
from workbench.testing.embedding_memo import RememberedEmbeddings, remembered_embeddings

# Written for this test (not taken from any eval case).
TEXTS = ["Is physiotherapy covered?", "how do I upload a receipt", "What is the hotline number?",
         "Is physiotherapy covered?", "a much longer sentence about a dental claim that was turned down last year"]


def test_each_text_is_encoded_once_and_rows_follow_the_input():
    memo = RememberedEmbeddings()
    first = memo(TEXTS)
    assert first.shape == (len(TEXTS), embeddings.DIMENSIONS) and memo.encoded == 4  # one repeat
    again = memo([TEXTS[2], TEXTS[0], "a new question about optical"])
    assert memo.encoded == 5
    assert np.array_equal(again[0], first[2]) and np.array_equal(again[1], first[0])
    assert memo([]).shape == (0, embeddings.DIMENSIONS)


def test_remembered_vectors_match_a_fresh_call_to_float_rounding():
    memo = RememberedEmbeddings()
    memo(TEXTS[:2])  # remembered from a batch of two, then asked for inside a batch of four
    mixed = memo(TEXTS[1:])
    fresh = embeddings.embed(TEXTS[1:])
    assert np.abs(mixed - fresh).max() < 1e-6
    assert np.abs((mixed @ mixed.T) - (fresh @ fresh.T)).max() < 1e-6  # cosines, as the check compares


def test_the_patch_lasts_for_the_block_only():
    real = embeddings.embed
    with remembered_embeddings() as memo:
        assert embeddings.embed is memo
        embeddings.embed(TEXTS[:1])
    assert embeddings.embed is real and memo.encoded == 1
