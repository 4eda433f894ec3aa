"""The transition view and the provincial overview's edition column (issue 18)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from audits.internal.models import ChecklistTemplate
from qms.core import editions
from qms.core.overview import province_overview
from quality.context import services as context
from quality.risks import services as risks
from tests.processes.documents.helpers import make_document


def test_transition_lists_missing_records_2008_procedures_and_makes_the_checklist(world, client):
    make_document(world, code="QT-01", title="Kiểm soát tài liệu", clauses="4.2.3, 8.2.2")
    editions.set_edition(agency=world.agency, edition="2015", since=timezone.localdate() + datetime.timedelta(days=1),
                         reason="QĐ", by=world.coordinator)
    context.issue_save(agency=world.agency, user=world.coordinator, kind="external", description="Chuyển đổi số")
    client.force_login(world.coordinator)
    page = client.get(reverse("quality:transition")).content.decode()
    table = page.split('data-testid="transition-requirements"')[1].split("</table>")[0]
    context_row = table.split('data-requirement="context"')[1].split("</tr>")[0]
    risks_row = table.split('data-requirement="risks"')[1].split("</tr>")[0]
    assert "Đã có" in context_row and "Chưa có" in risks_row
    assert "Hồ sơ phiên bản 2015 yêu cầu: 1/5" in page
    procedures = page.split('data-testid="transition-procedures"')[1].split("</table>")[0]
    assert "QT-01" in procedures and "(ISO 9001:2015: 7.5.2, 7.5.3)" in procedures and "(ISO 9001:2015: 9.2)" in procedures
    r = client.post(reverse("quality:transition_checklist"))
    assert r.status_code == 302
    template = ChecklistTemplate.objects.get(agency=world.agency)
    assert "[6.1]" in template.questions and "[9.3.2]" in template.questions
    client.post(reverse("quality:transition_checklist"))
    assert ChecklistTemplate.objects.filter(agency=world.agency).count() == 1  # once


def test_staff_are_refused(world, client):
    client.force_login(world.staff)
    assert client.get(reverse("quality:transition")).status_code == 403
    assert client.post(reverse("quality:transition_checklist")).status_code == 403
    assert not ChecklistTemplate.objects.exists()


def test_provincial_overview_shows_edition_and_progress(world, client):
    editions.set_edition(agency=world.agency, edition="2015", since=datetime.date(2026, 1, 1), reason="QĐ",
                         by=world.coordinator)
    context.party_save(agency=world.agency, user=world.coordinator, name="Người dân", requirements="Đúng hạn")
    risk = risks.risk_add(agency=world.agency, user=world.coordinator, kind="risk", description="Mất hồ sơ",
                          likelihood=2, impact=2, next_review_on=timezone.localdate())
    rows = {row.agency.pk: row for row in province_overview()}
    assert rows[world.agency.pk].iso_edition == "2015" and rows[world.agency.pk].transition == (2, 5)
    assert risk.score == 4
    client.force_login(world.oversight)
    page = client.get(reverse("core:province_overview")).content.decode()
    assert 'data-testid="agency-edition">2015 (' in page
    assert ">2/5</span>" in page


def test_an_objective_of_the_current_year_with_its_plan_counts_as_planning(world):
    from quality.objectives import services as objectives
    from quality.transition.progress import recorded

    today = timezone.localdate()
    plan = dict(plan_actions="Rà soát quy trình", plan_resources="2 cán bộ", plan_evaluation="Đo hằng quý")

    def objective(agency, user, year, title, planned=True):
        extra = dict(plan, plan_owner=user, plan_due=datetime.date(year, 12, 1)) if planned else {}
        return objectives.objective_save(agency=agency, user=user, year=year, title=title, indicator="Tỷ lệ",
                                         target=90, **extra)

    def planned():
        return recorded([world.agency.pk, world.other_agency.pk], today)

    objective(world.agency, world.coordinator, today.year - 1, "Năm trước, có kế hoạch")
    objective(world.agency, world.coordinator, today.year, "Năm nay, chưa có kế hoạch", planned=False)
    objective(world.other_agency, world.outsider, today.year, "Cơ quan khác, có kế hoạch")
    assert planned()[world.agency.pk]["objective_plans"] is False
    assert planned()[world.other_agency.pk]["objective_plans"] is True
    objective(world.agency, world.coordinator, today.year, "Năm nay, có kế hoạch")
    assert planned()[world.agency.pk]["objective_plans"] is True
