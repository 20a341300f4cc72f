"""Data: the build from official sources, the versioned store, and the query layer."""
