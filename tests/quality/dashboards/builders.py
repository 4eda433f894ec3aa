"""Records for the dashboard tests, built directly (the figures read them; the services that make them are tested
in their own subjects)."""

import datetime
from zoneinfo import ZoneInfo

from audits.capa.models import Action, Nonconformity
from audits.feedback.models import Feedback
from audits.internal.models import Audit, AuditProgramme
from processes.documents.models import Acknowledgement, Document, Revision

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, hh=0, mm=0, ss=0):
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=HCM)


def document(agency, code, *, status=Revision.Status.EFFECTIVE, doc_type=Document.Type.PROCEDURE, author,
             next_review_due=None, withdrawn=False):
    doc = Document.objects.create(agency=agency, code=code, title=f"Quy trình {code}", doc_type=doc_type,
                                  next_review_due=next_review_due,
                                  withdrawn_at=local(2026, 1, 2) if withdrawn else None)
    revision = Revision.objects.create(document=doc, agency=agency, issue_number=1, title=doc.title, status=status,
                                       author=author,
                                       effective_date=datetime.date(2026, 1, 5) if status == "effective" else None)
    return doc, revision


def ack(revision, user, *, done, asked=True):
    return Acknowledgement.objects.create(revision=revision, agency=revision.agency, user=user,
                                          requested_at=local(2026, 1, 5) if asked else None,
                                          acknowledged_at=local(2026, 1, 6) if done else None)


def nc(agency, number, detected_on, *, source="staff_report", clause="", status="open"):
    return Nonconformity.objects.create(
        agency=agency, year=detected_on.year, number=number, reference=f"NC-{detected_on.year}-{number:03d}",
        source=source, clause=clause, description="Hồ sơ trả chậm", detected_on=detected_on, status=status,
        severity="minor", rejection_reason="Không có cơ sở" if status == "rejected" else "",
    )


def action(nc_, owner, due_date, status="planned"):
    return Action.objects.create(agency=nc_.agency, nc=nc_, description="Rà soát", owner=owner, due_date=due_date,
                                 status=status, completed_on=due_date if status == "done" else None)


def audit(agency, programme, number, status, lead=None, end_date=None):
    started = status != "planned"
    end_date = end_date or datetime.date(programme.year, 3, 10)
    return Audit.objects.create(agency=agency, programme=programme, number=number, code=f"ĐG-{programme.year}-{number:02d}",
                                title=f"Đánh giá {number}", planned_month=min(number, 12), status=status,
                                lead_auditor=lead if started else None,
                                start_date=end_date - datetime.timedelta(days=1) if started else None,
                                end_date=end_date if started else None)


def programme(agency, year):
    return AuditProgramme.objects.create(agency=agency, year=year, title=f"Chương trình {year}")


def feedback(agency, created_at, *, answered_after=None, status=None):
    item = Feedback.objects.create(agency=agency, content="Hồ sơ trả chậm")
    fields = {"created_at": created_at}
    if answered_after is not None:
        fields.update(status=Feedback.Status.ANSWERED, answer="Đã trả lời", answered_at=created_at + answered_after)
    elif status:
        fields.update(status=status, dismissed_reason="Trùng lặp")
    Feedback.objects.filter(pk=item.pk).update(**fields)  # created_at is auto_now_add: set the moment afterwards
    return item
