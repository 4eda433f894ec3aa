"""What printing a slip or exporting the register records: each showing of applicants' details on paper is a
row of PersonalDataAccess (Decree 13/2023: access limited and logged), ``what`` naming the form or export."""

from django.db import transaction
from django.utils import timezone

from cases.files.models import PersonalDataAccess

# ``what`` values written here (the access log page shows them by these labels).
FORM_01, FORM_02, FORM_03, FORM_04 = "form01_pdf", "form02_pdf", "form03_pdf", "form04_pdf"
REGISTER_PDF, REGISTER_XLSX = "register_pdf", "register_xlsx"


@transaction.atomic
def log_printed(*, user, cases, what, now=None):
    """Log that ``user`` printed the applicant details of ``cases`` (files already erased are skipped)."""
    at = now or timezone.now()
    rows = [PersonalDataAccess(case_id=c.pk, agency_id=c.agency_id, user=user, at=at, what=what)
            for c in cases if c.personal_data_erased_at is None]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
