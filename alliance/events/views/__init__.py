"""Pages of the events domain, one module per entity."""
