"""Reads of events, sessions and registrations, shared by pages, the API, exports and the
report. Sections per entity; each function already scoped to what the user may see."""

from __future__ import annotations
