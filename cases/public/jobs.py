"""Daily work: forget old status-page lookups (cases/public/models.py keeps them a day)."""

from cases.public.services import purge_lookups

JOBS = [purge_lookups]
