# --- data collection and public statistics (H7) ---
from alliance.reports.models.collection import (
    Collection,
    Correction,
    Entry,
    Query,
    QueryMessage,
    Submission,
)
from alliance.reports.models.editions import Edition  # editions (H8)
from alliance.reports.models.statistics import Country, PublicValue

__all__: list[str] = [
    "Collection",
    "Correction",
    "Country",
    "Edition",
    "Entry",
    "PublicValue",
    "Query",
    "QueryMessage",
    "Submission",
]
