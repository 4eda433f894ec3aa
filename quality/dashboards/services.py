"""dashboards: the named state changes and queries of this subject (issue 15)."""
