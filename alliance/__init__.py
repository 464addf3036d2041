"""Alliance: the platform a university alliance runs on."""

import os

# One BLAS thread, set before numpy is first imported: numpy's products here (search by meaning
# over the stored embeddings) are small and memory-bound, and OpenBLAS's spinning threads starved
# the embedding model's own threads, so that encoding a query took 100 ms instead of 6 at the
# 95th percentile on two cores. An operator may still set it otherwise.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from alliance.celery import app as celery_app

__all__ = ["celery_app"]
