"""URLs of the annual report. Each section belongs to one views module; keep them apart."""

from django.urls import path  # noqa: F401

app_name = "reports"

# --- data collection, submissions, queries, sign-off (views/collection.py) ---
collection_patterns: list = []

# --- handbook, public statistics (views/statistics.py) ---
statistics_patterns: list = []

# --- editions: build, web edition, PDF, open data (views/editions.py) ---
edition_patterns: list = []

urlpatterns = [*collection_patterns, *statistics_patterns, *edition_patterns]
