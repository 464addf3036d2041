"""Pages of the knowledge domain, one module per entity."""
