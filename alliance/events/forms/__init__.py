"""Forms of the events domain, one module per entity (events, registrations, letters…)."""
