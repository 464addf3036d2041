"""URLs of the annual report. Each section belongs to one views module; keep them apart."""

from django.urls import path

app_name = "reports"

# --- data collection, submissions, queries, sign-off (views/collection.py) ---
from alliance.reports.views import collection as _collection  # noqa: E402

_SUB = "collections/<int:year>/<slug:slug>/"
collection_patterns: list = [
    path("collections/", _collection.collections, name="collections"),
    path("collections/open/", _collection.collection_open, name="collection_open"),
    path("collections/<int:year>/", _collection.collection_overview, name="collection"),
    path(_SUB, _collection.submission_form, name="submission"),
    path(f"{_SUB}autosave/", _collection.submission_autosave, name="submission_autosave"),
    path(f"{_SUB}review/", _collection.review, name="review"),
    path(f"{_SUB}accept/", _collection.accept, name="accept"),
    path(f"{_SUB}sign-off/", _collection.sign_off, name="sign_off"),
    path(f"{_SUB}values/<str:code>/correct/", _collection.correct, name="correct"),
    path("queries/<int:pk>/", _collection.query_thread, name="query"),
]

# --- handbook, public statistics (views/statistics.py) ---
from alliance.reports.views import statistics as _statistics  # noqa: E402

statistics_patterns: list = [
    path("handbook/", _statistics.handbook, name="handbook"),
    path("statistics/", _statistics.statistics, name="statistics"),
]

# --- editions: build, web edition, PDF, open data (views/editions.py) ---
from alliance.reports.views import editions as _editions  # noqa: E402

_ED = "<int:year>/"
edition_patterns: list = [
    path("", _editions.edition_list, name="editions"),
    path(_ED, _editions.edition_page, name="edition"),
    path(f"{_ED}pdf/", _editions.edition_pdf, name="edition_pdf"),
    path(f"{_ED}data/", _editions.edition_data, name="edition_data"),
    path(f"{_ED}data/<str:name>", _editions.edition_data_file, name="edition_data_file"),
    path(f"{_ED}manage/", _editions.edition_manage, name="edition_manage"),
    path(f"{_ED}build/", _editions.edition_build, name="edition_build"),
    path(f"{_ED}progress/", _editions.edition_progress, name="edition_progress"),
    path(f"{_ED}publish/", _editions.edition_publish, name="edition_publish"),
]

urlpatterns = [*collection_patterns, *statistics_patterns, *edition_patterns]
