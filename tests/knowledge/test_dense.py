"""The in-memory matrix of embeddings behind the dense half of search: nearest first, the
search's filters honoured, reloaded when the index changes, removed entries never returned."""

from __future__ import annotations

import numpy as np
import pytest
from django.utils import timezone

from alliance.knowledge import dense
from alliance.knowledge.embeddings import DIMENSIONS
from alliance.knowledge.models import SearchEntry


def unit(*values: float) -> np.ndarray:
    row = np.zeros(DIMENSIONS, np.float32)
    row[: len(values)] = values
    return row / np.linalg.norm(row)


def entry(institution, n: int, vec: np.ndarray | None, kind: str = "achievement") -> SearchEntry:
    return SearchEntry.objects.create(
        kind=kind,
        object_id=n,
        institution=institution,
        fields=" computing ",
        title=f"Entry {n}",
        terms_title="entry",
        terms_body="",
        embedding=None if vec is None else vec.tobytes(),
        updated_at=timezone.now(),
    )


@pytest.fixture(autouse=True)
def _fresh():
    dense.forget()
    yield
    dense.forget()


def test_the_nearest_come_first_and_ties_go_by_id(tsinghua):
    a = entry(tsinghua, 1, unit(1, 0))
    b = entry(tsinghua, 2, unit(0, 1))
    c = entry(tsinghua, 3, unit(1, 1))
    d = entry(tsinghua, 4, unit(1, 1))
    entry(tsinghua, 5, None)  # no embedding: never found by meaning
    found = dense.nearest(SearchEntry.objects.all(), unit(1, 0.9), 4)
    assert found == [c, d, a, b]


def test_the_searchs_filters_are_honoured_even_when_the_nearest_fail_them(tsinghua):
    for n in range(60):  # many near entries of another kind
        entry(tsinghua, n, unit(1, 0.01 * n), kind="expert")
    far = entry(tsinghua, 100, unit(0, 1), kind="challenge")
    found = dense.nearest(SearchEntry.objects.filter(kind="challenge"), unit(1, 0), 5)
    assert found == [far]


def test_the_matrix_is_reloaded_when_the_index_changes(tsinghua):
    a = entry(tsinghua, 1, unit(1, 0))
    first = dense.matrix()
    assert dense.matrix() is first  # unchanged: kept
    b = entry(tsinghua, 2, unit(0, 1))
    assert dense.nearest(SearchEntry.objects.all(), unit(0, 1), 1) == [b]
    SearchEntry.objects.filter(pk=a.pk).update(
        embedding=unit(0, 1, 1).tobytes(), updated_at=timezone.now()
    )
    assert dense.matrix() is not first
    assert len(dense.matrix().ids) == 2


def test_a_removed_entry_is_never_returned(tsinghua):
    a = entry(tsinghua, 1, unit(1, 0))
    b = entry(tsinghua, 2, unit(0.5, 1))
    dense.matrix()
    a.delete()  # the matrix may still hold it; the database no longer does
    assert dense.nearest(SearchEntry.objects.all(), unit(1, 0), 2) == [b]


def test_numpy_runs_one_blas_thread_so_the_embedding_model_keeps_the_cores():
    import ctypes
    import glob
    import os

    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
    if not libs:
        pytest.skip("this numpy is not linked with its bundled OpenBLAS")
    threads = getattr(ctypes.CDLL(libs[0]), "scipy_openblas_get_num_threads64_", None)
    if threads is None:
        pytest.skip("this OpenBLAS does not say how many threads it runs")
    assert threads() == 1
