"""Pages of the members domain, one module per entity."""
