"""review models (issue 15)."""
