"""Permission-matrix rows of the internal audit (8.2.2).

Readers of audits: QMS managers (coordinator, head, management representative), auditors and
department heads (reviewer). Staff and authors see only audits they take part in (none here).
Another agency's objects answer 404; the oversight body sees no agency's audits.
POST rows are built so that no persona changes the shared status (each transition is refused
by its status rule and the page redirects with the message).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from audits.internal import services as svc
from audits.internal.models import AuditProgramme
from tests.matrix import Entry, expect

YEAR = 2026
MANAGERS_OK = {"coordinator": None, "head": None, "mgmt_rep": None}


def build(world):
    programme = AuditProgramme.objects.create(agency=world.agency, year=YEAR, title="Chương trình đánh giá 2026")
    audit = svc.audit_create(
        programme=programme, user=world.coordinator, title="Đánh giá Bộ phận một cửa", planned_month=3,
        start_date=datetime.date(YEAR, 3, 10), end_date=datetime.date(YEAR, 3, 12),
        departments=[world.departments["desk"]], criteria_clauses="4.2.3", lead_auditor=world.auditor,
    )
    svc.audit_start(audit=audit, user=world.auditor)
    template = svc.template_save(agency=world.agency, user=world.auditor, title="Kiểm soát tài liệu", clause="4.2.3",
                                 questions="Tài liệu tại quầy có đúng lần ban hành?")
    item = svc.checklist_apply_template(audit=audit, user=world.auditor, template=template)[0]
    attachment = svc.checklist_attach(item=item, user=world.auditor,
                                      upload=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16))
    world.objects.update(programme=programme, audit=audit, template=template, item=item, attachment=attachment)


BUILD = [build]


def readers(**overrides):
    """Managers, auditor and reviewer 200; staff and author 403; oversight/outsider 404 (another agency)."""
    values = {"anonymous": 302, "staff": 403, "author": 403, "oversight": 404, "outsider": 404}
    values.update(overrides)
    return expect(200, **values)


def only(ok, personas, *, other=403, **overrides):
    values = {"anonymous": 302, "oversight": 404, "outsider": 404, **{p: ok for p in personas}}
    values.update(overrides)
    return expect(other, **values)


MANAGERS = ("coordinator", "head", "mgmt_rep")
LEADS = (*MANAGERS, "auditor")

audit_pk = lambda w: {"pk": w.objects["audit"].pk}  # noqa: E731
programme_pk = lambda w: {"pk": w.objects["programme"].pk}  # noqa: E731

ENTRIES = {
    # Lists of one's own agency: another agency's user sees their own (empty) list.
    "audits:programme_list": Entry(expect=readers(oversight=403, outsider=200)),
    "audits:programme_create": Entry(expect=only(200, MANAGERS, oversight=403, outsider=200)),
    "audits:programme_detail": Entry(kwargs=programme_pk, expect=readers()),
    "audits:programme_coverage": Entry(kwargs=programme_pk, expect=readers()),
    "audits:audit_create": Entry(kwargs=programme_pk, expect=only(200, MANAGERS)),
    "audits:audit_list": Entry(expect=expect(200, anonymous=302)),
    "audits:audit_detail": Entry(kwargs=audit_pk, expect=readers()),
    "audits:audit_edit": Entry(kwargs=audit_pk, expect=only(200, MANAGERS)),
    "audits:audit_assign": Entry(kwargs=audit_pk, expect=only(200, MANAGERS)),
    # The audit is in progress: "start", "reopen" and "close" are refused by their status rule (→ redirect with
    # the message) for those allowed to try, and forbidden to the others.
    "audits:audit_start": Entry(method="post", kwargs=audit_pk, expect=only(302, LEADS)),
    "audits:audit_reopen": Entry(method="post", kwargs=audit_pk, expect=only(302, LEADS)),
    "audits:audit_close": Entry(method="post", kwargs=audit_pk, expect=only(302, LEADS)),
    "audits:checklist": Entry(kwargs=audit_pk, expect=readers()),
    # Empty POSTs: "choose a template" / "type a question" for the lead and managers; 403 for the others.
    "audits:checklist_apply_template": Entry(method="post", kwargs=audit_pk, expect=only(302, LEADS)),
    "audits:checklist_item_add": Entry(method="post", kwargs=audit_pk, expect=only(302, LEADS)),
    # An empty save: "nothing changed" for the lead and managers (→ back to the checklist); 403 for the others.
    "audits:checklist_save": Entry(method="post", kwargs=audit_pk, expect=only(302, LEADS)),
    "audits:checklist_item_edit": Entry(kwargs=lambda w: {"pk": w.objects["item"].pk}, expect=readers()),
    # Evidence and findings are the audit team's own work.
    "audits:checklist_attach": Entry(method="post", kwargs=lambda w: {"pk": w.objects["item"].pk},
                                     expect=only(302, ("auditor",))),
    "audits:checklist_attachment": Entry(kwargs=lambda w: {"pk": w.objects["attachment"].pk}, expect=readers()),
    "audits:finding_add": Entry(kwargs=audit_pk, expect=only(200, ("auditor",))),
    "audits:audit_issue_report": Entry(kwargs=audit_pk, expect=only(200, LEADS)),
    "audits:audit_report": Entry(kwargs=audit_pk, expect=readers()),
    "audits:checklist_template_list": Entry(expect=readers(oversight=403, outsider=200)),
    "audits:checklist_template_create": Entry(expect=only(200, LEADS, oversight=403, outsider=200)),
    "audits:checklist_template_edit": Entry(kwargs=lambda w: {"pk": w.objects["template"].pk},
                                            expect=only(200, LEADS, oversight=403)),
}
