"""Daily job of quality objectives: record each computed objective's last finished period."""

from django.utils import timezone

from quality.objectives import services as svc


def compute_finished_periods(today=None):
    """Idempotent: a period already recorded is left as it is (unique (objective, period_start))."""
    return svc.compute_last_finished_periods(today=today or timezone.localdate())


JOBS = [compute_finished_periods]
