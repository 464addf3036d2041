"""URLs of the events domain. Each section belongs to one views module; keep them apart."""

from django.urls import path

app_name = "events"

# --- events: calendar, event pages, timetable, iCal feeds (views/events.py) ---
event_patterns: list = []

# --- registrations: register, my registration, offers, organiser lists, quotas, codes
#     (views/registrations.py) ---
registration_patterns: list = []

# --- letters, badges, check-in, certificates (views/documents.py) ---
document_patterns: list = []

# --- exports (views/exports.py) ---
export_patterns: list = []

urlpatterns = [*event_patterns, *registration_patterns, *document_patterns, *export_patterns]
_ = path  # each section adds path(...) entries
