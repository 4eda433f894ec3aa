"""objectives models (issue 15)."""
