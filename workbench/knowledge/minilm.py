"""A numpy forward pass of the MiniLM sentence encoder (BERT, mean pooling, unit vectors).

It reads the Hugging Face ``model.safetensors`` and ``tokenizer.json`` of a sentence-transformers
model folder and computes what sentence-transformers would: token, position and type
embeddings, ``num_hidden_layers`` post-LayerNorm encoder blocks (multi-head self-attention,
GELU feed-forward), mean pooling over the attention mask and L2 normalisation. Only the model
family the project ships is supported (``model_type: bert``, absolute positions, exact GELU).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["MiniLM"]

# Abramowitz & Stegun 7.1.26: |error| < 1.5e-7, below float32 resolution of the values it feeds.
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_SQRT_HALF = np.float32(0.7071067811865476)


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1: tuple[np.ndarray, np.ndarray]
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2: tuple[np.ndarray, np.ndarray]


class MiniLM:
    """A BERT sentence encoder in numpy; read-only after loading, so safe to call from many threads."""

    def __init__(self, tokenizer, weights: dict[str, np.ndarray], config: dict, max_seq_length: int):
        """Build from a ``tokenizers.Tokenizer``, the safetensors weights and the model config."""
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ValueError(f"MiniLM supports BERT models with exact GELU, not {config.get('model_type')!r}")
        self.tokenizer = tokenizer
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.eps = float(config["layer_norm_eps"])
        self.max_seq_length = max_seq_length
        w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"]
        self.ln0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            att = p + "attention.self."
            self.layers.append(_Layer(
                qkv_w=np.ascontiguousarray(np.concatenate(
                    [w[att + n + ".weight"] for n in ("query", "key", "value")]).T),
                qkv_b=np.concatenate([w[att + n + ".bias"] for n in ("query", "key", "value")]),
                out_w=np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                out_b=w[p + "attention.output.dense.bias"],
                ln1=(w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                up_w=np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                up_b=w[p + "intermediate.dense.bias"],
                down_w=np.ascontiguousarray(w[p + "output.dense.weight"].T),
                down_b=w[p + "output.dense.bias"],
                ln2=(w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
            ))

    @classmethod
    def load(cls, folder: Path | str) -> MiniLM:
        """Load a sentence-transformers model folder (safetensors weights, ``tokenizer.json``)."""
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(folder)
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        st_config = folder / "sentence_bert_config.json"
        max_len = json.loads(st_config.read_text(encoding="utf-8")).get("max_seq_length", 256) \
            if st_config.is_file() else 256
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # sentence-transformers truncates at max_seq_length and pads per batch, not to a fixed width.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=max_len)
        return cls(tokenizer, load_file(str(folder / "model.safetensors")), config, max_len)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length float32 sentence vectors, one row per text, in the input order."""
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")  # similar lengths share a batch
        out = np.empty((len(texts), self.hidden), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.float32)
            for row, i in enumerate(idx):
                ids[row, :len(encodings[i].ids)] = encodings[i].ids
                mask[row, :len(encodings[i].ids)] = 1.0
            out[idx] = self._forward(ids, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, width = ids.shape
        x = self.word[ids] + self.position[:width][None] + self.token_type[0]
        x = self._norm(x, self.ln0)
        # Padded keys get a large negative score, so softmax gives them no weight.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        head = self.hidden // self.heads
        scale = np.float32(1.0 / np.sqrt(head))
        x = x.reshape(batch * width, self.hidden)  # 2-D products: one BLAS call each, not one per row
        for layer in self.layers:
            qkv = (x @ layer.qkv_w + layer.qkv_b).reshape(batch, width, 3, self.heads, head)
            q, k, v = (np.ascontiguousarray(qkv[:, :, j].transpose(0, 2, 1, 3)) for j in range(3))
            # einsum beats numpy's stacked matmul (a BLAS call per (row, head)) for these small blocks.
            scores = np.einsum("bhqd,bhkd->bhqk", q, k) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = np.einsum("bhqk,bhkd->bqhd", scores, v).reshape(batch * width, self.hidden)
            x = self._norm(context @ layer.out_w + layer.out_b + x, layer.ln1)
            x = self._norm(_gelu(x @ layer.up_w + layer.up_b) @ layer.down_w + layer.down_b + x, layer.ln2)
        x = x.reshape(batch, width, self.hidden)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _norm(self, x: np.ndarray, params: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        var = (centred * centred).mean(axis=-1, keepdims=True)
        return centred / np.sqrt(var + np.float32(self.eps)) * params[0] + params[1]


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, in place on ``x``: 0.5 · x · (1 + erf(x / √2))."""
    z = np.abs(x) * _SQRT_HALF
    t = 1.0 / (1.0 + _ERF_P * z)
    poly = _ERF_A[0]
    for a in _ERF_A[1:]:
        poly = poly * t + a
    np.multiply(z, z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    erf = 1.0 - poly * t * z
    np.copysign(erf, x, out=erf)
    erf += 1.0
    x *= erf
    x *= np.float32(0.5)
    return x
