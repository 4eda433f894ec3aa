"""Lookups of the citizens' status page, counted per sender to limit them (as citizens' feedback counts its
submissions, audits/feedback/services.py): file codes are sequential, so an unbounded lookup would let anyone
walk the register. Only a keyed hash of the address is kept, and only for a day (cases/public/jobs.py)."""

from django.db import models
from django.utils import timezone


class StatusLookup(models.Model):
    ip_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)
    found = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["ip_hash", "at"], name="caselookup_ip_at")]

    def __str__(self):
        return f"{self.ip_hash[:8]} · {self.at:%Y-%m-%d %H:%M}"
