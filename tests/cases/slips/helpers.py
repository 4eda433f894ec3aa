"""Files in each state for the forms, the status page and the retention job, through the real services."""

import io
import os
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from cases.files import services
from cases.files.models import ApologySlip
from tests.cases.files.helpers import make_clerk, procedure, receive

OUT = Path(os.environ.get("SLIPS_OUT", "/tmp/slips"))


def returned(world, revision=None, **extra):
    """A file taken through every step, its result returned at the desk."""
    case = receive(world, revision=revision, **extra)
    b1, b2, b3 = case.steps.order_by("order")
    services.step_take(step=b1, user=world.staff)
    services.step_complete(step=b1, user=world.staff, note="Đủ hồ sơ")
    services.step_take(step=b2, user=world.author)
    services.step_complete(step=b2, user=world.author, to_user=world.head, note="Đạt yêu cầu")
    services.step_complete(step=b3, user=world.head)
    case.refresh_from_db()
    services.case_record_result(case=case, user=world.staff, result_text="Giấy phép số 12/GPXD")
    services.case_return(case=case, user=world.staff, method="in_person")
    case.refresh_from_db()
    return case


def apology(world, case, reason="Chờ ý kiến thẩm định của Sở Xây dựng về chỉ giới đường đỏ"):
    """An apology slip as the late-files piece's service will write it (form 04 renders from the row)."""
    slip = ApologySlip.objects.create(
        case=case, agency=case.agency, number=1, reason=reason, signed_by=world.head, issued_by=world.staff,
        new_appointment_at=case.appointment_at + timedelta(days=5), issued_at=timezone.now())
    case.new_appointment_at = slip.new_appointment_at
    case.save(update_fields=["new_appointment_at"])
    return slip


def pdf_text(content):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages), [(p.width, p.height) for p in pdf.pages]


def _join_lines(text):
    """A cell's wrapped lines as one: a code wraps after its hyphen (no space), words after a space."""
    out = ""
    for line in text.split("\n"):
        out += line if not out or out.endswith("-") else " " + line
    return out


def pdf_table_rows(content):
    """Every table row of every page, each cell's lines joined (a long code wraps inside its cell)."""
    import pdfplumber

    rows = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows.extend([_join_lines(cell or "") for cell in row] for row in table)
    return rows


def keep(name, content):
    """Keep the PDF to look at (pdftoppm) when the output folder exists."""
    if OUT.is_dir():
        (OUT / name).write_bytes(content)


__all__ = ["make_clerk", "procedure", "receive", "returned", "apology", "pdf_text", "pdf_table_rows", "keep"]
