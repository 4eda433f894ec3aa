"""Daily work: erase applicants' details once the agency's retention period has passed (services.py)."""

from cases.privacy.services import erase_expired

JOBS = [erase_expired]
