"""Province-scale data generator for ``manage.py seed_scale`` (issue 7, quality.md "Scale to measure at")."""
