"""Demo data: every status, every kind of finding, templates; running it twice changes nothing."""

from audits.internal import demo as internal_demo
from audits.internal.models import Audit, ChecklistTemplate, Finding
from audits.capa.models import Nonconformity
from qms.core.demo import seed_core


def test_demo_seed_covers_every_state_and_finding_kind_and_is_idempotent(db):
    from processes.documents import demo as processes_demo

    agencies, users = seed_core()
    from audits.capa import demo as nc_demo

    processes_demo.seed(agencies, users)  # the register documents audits take as scope (QT-05, HD-01…)
    nc_demo.seed(agencies, users)  # seed_demo's order: documents, nonconformities, (feedback,) then audits
    internal_demo.seed(agencies, users)
    hk = agencies["ubnd-hoan-kiem"]
    assert set(Audit.objects.filter(agency=hk).values_list("status", flat=True)) == set(Audit.Status.values)
    assert set(Finding.objects.filter(agency=hk).values_list("kind", flat=True)) == set(Finding.Kind.values)
    clauses = set(ChecklistTemplate.objects.filter(agency=hk).values_list("clause", flat=True))
    assert {"4.2.3", "4.2.4", "8.2.2", "8.3", "8.5.2", "7.5"} <= clauses
    assert Audit.objects.filter(agency=agencies["so-tu-phap"]).exists()
    # The demo auditor (Phòng Tư pháp) has the One-Stop Desk audit in progress, never their own department.
    desk = Audit.objects.get(agency=hk, title="Đánh giá Bộ phận một cửa")
    assert desk.status == Audit.Status.IN_PROGRESS and desk.lead_auditor == users["hk.danhgia"]
    assert list(desk.documents.values_list("code", flat=True)) == ["HD-01"]
    assert ChecklistTemplate.objects.get(agency=hk, clause="7.5").document.code == "HD-01"
    assert not Audit.objects.filter(departments__code="tu-phap", lead_auditor=users["hk.danhgia"]).exists()
    # NC findings opened NCs with the audit code as their source reference.
    for f in Finding.objects.filter(kind__in=Finding.NC_KINDS):
        assert f.nonconformity.source_ref == f.audit.code
    # The reported audits wait on their NCs; the closed ones raised none or had them verified.
    for a in Audit.objects.filter(status=Audit.Status.CLOSED):
        assert not Nonconformity.objects.filter(finding__audit=a).not_verified_effective().exists()
    counts = (Audit.objects.count(), Finding.objects.count(), Nonconformity.objects.count(), ChecklistTemplate.objects.count())
    nc_demo.seed(agencies, users)
    internal_demo.seed(agencies, users)
    assert (Audit.objects.count(), Finding.objects.count(), Nonconformity.objects.count(),
            ChecklistTemplate.objects.count()) == counts
