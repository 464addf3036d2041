"""Forms of the mobility domain, one module per entity."""
