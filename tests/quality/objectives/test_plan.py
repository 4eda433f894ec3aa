"""The plan to achieve an objective (TCVN ISO 9001:2015, 6.2.2): asked for when the agency applies 2015 in the
objective's year, optional under 2008 but never half-written, recorded in the history, shown on the objective's
page (cited as 6.2.2) and on the list; bad input gets a message beside its field and saves nothing."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qms.core import editions
from quality.objectives import services as svc
from quality.objectives.models import Objective

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _on_2015(world):
    editions.set_edition(agency=world.agency, edition="2015", since=datetime.date(YEAR, 1, 1), reason="QĐ",
                         by=world.coordinator)


def _objective(world, **changes):
    data = {"year": str(YEAR), "code": "MT-01", "title": "Hồ sơ đúng hạn", "department": world.departments["desk"].pk,
            "indicator": "Tỷ lệ hồ sơ đúng hạn", "unit": "%", "target": "95", "direction": "at_least",
            "frequency": "quarterly", "method": "manual", "answer_days": "15"}
    data.update(changes)
    return data


def _plan(world, **changes):
    data = {"plan_actions": "Rà soát quy trình một cửa; nhắc hạn tự động", "plan_resources": "2 cán bộ, phần mềm một cửa",
            "plan_owner": world.staff.pk, "plan_due": f"{YEAR}-12-15",
            "plan_evaluation": "Tỷ lệ hồ sơ đúng hạn đo hằng quý, báo cáo tại họp xem xét"}
    data.update(changes)
    return data


def _nothing_saved():
    return not Objective.objects.exists() and not Objective.history.exists()


def test_on_2015_an_objective_without_a_plan_is_refused_field_by_field(world, client):
    _on_2015(world)
    client.force_login(world.coordinator)
    response = client.post(reverse("quality:objective_create"), _objective(world))
    assert response.status_code == 200
    body = response.content.decode()
    for message in ("Hãy ghi việc sẽ làm để đạt mục tiêu.", "Hãy ghi nguồn lực cần có.", "Hãy ghi thời hạn hoàn thành.",
                    "Hãy ghi cách đánh giá kết quả."):
        assert message in body
    assert set(response.context["plan_form"].errors) == {"plan_actions", "plan_resources", "plan_due",
                                                          "plan_evaluation"}
    assert _nothing_saved()


def test_on_2015_the_plan_is_saved_with_the_objective_and_shown(world, client):
    _on_2015(world)
    client.force_login(world.coordinator)
    form_page = client.get(reverse("quality:objective_create")).content.decode()
    assert 'data-testid="plan-section"' in form_page and "6.2.2" in form_page
    response = client.post(reverse("quality:objective_create"), {**_objective(world), **_plan(world)})
    objective = Objective.objects.get()
    assert response.status_code == 302
    assert (objective.plan_owner, objective.plan_due) == (world.staff, datetime.date(YEAR, 12, 15))
    assert objective.is_planned and Objective.objects.planned().count() == 1
    page = client.get(objective.get_absolute_url()).content.decode()
    plan = page.split('data-testid="objective-plan"')[1].split("</section>")[0]
    assert 'title="Mục tiêu chất lượng và hoạch định để đạt được mục tiêu">6.2.2</span>' in plan
    assert "Rà soát quy trình một cửa" in plan and "Hoàng Văn Cán Bộ · Bộ phận một cửa" in plan
    assert f"15/12/{YEAR}" in plan
    listed = client.get(reverse("quality:objective_list") + f"?nam={YEAR}").content.decode()
    assert "Đã lập" in listed.split('data-testid="plan-cell"')[1].split("</td>")[0]


def test_planning_an_existing_objective_is_an_edit_with_its_reason_in_the_history(world, client):
    objective = svc.objective_save(agency=world.agency, user=world.coordinator, year=YEAR, title="Hồ sơ đúng hạn",
                                   indicator="Tỷ lệ", target=95)
    _on_2015(world)
    client.force_login(world.coordinator)
    listed = client.get(reverse("quality:objective_list") + f"?nam={YEAR}").content.decode()
    assert "⚠ Chưa lập" in listed.split('data-testid="plan-cell"')[1].split("</td>")[0]
    data = {**_objective(world, code="", title="Hồ sơ đúng hạn", indicator="Tỷ lệ", department=""),
            **_plan(world), "reason": "Lập kế hoạch theo 6.2.2"}
    response = client.post(reverse("quality:objective_edit", args=[objective.pk]), data)
    assert response.status_code == 302
    latest = objective.history.latest()
    assert latest.history_change_reason == "Lập kế hoạch theo 6.2.2" and latest.plan_owner_id == world.staff.pk
    assert latest.prev_record.plan_actions == ""


def test_a_person_of_another_agency_is_refused_and_nothing_is_saved(world, client):
    _on_2015(world)
    client.force_login(world.coordinator)
    response = client.post(reverse("quality:objective_create"),
                           {**_objective(world), **_plan(world, plan_owner=world.outsider.pk)})
    assert response.status_code == 200
    assert response.context["plan_form"].errors == {
        "plan_owner": ["Người chịu trách nhiệm phải là cán bộ của cơ quan."]}
    assert _nothing_saved()
    # The service says the same to a caller that did not go through the form.
    with pytest.raises(Exception) as refused:
        svc.objective_save(agency=world.agency, user=world.coordinator, year=YEAR, title="T", indicator="I",
                           target=95, plan_actions="a", plan_resources="b", plan_owner=world.outsider,
                           plan_due=datetime.date(YEAR, 12, 1), plan_evaluation="c")
    assert refused.value.message_dict["plan_owner"] == ["Người chịu trách nhiệm phải là cán bộ của cơ quan."]
    assert _nothing_saved()


@pytest.mark.parametrize("due, message", [
    ("31/02/2026", "Thời hạn hoàn thành phải là một ngày có thật (ngày/tháng/năm)."),
    ("2026-13-45", "Thời hạn hoàn thành phải là một ngày có thật (ngày/tháng/năm)."),
    ("cuối năm", "Thời hạn hoàn thành phải là một ngày có thật (ngày/tháng/năm)."),
    (f"{YEAR + 5}-06-30", f"Thời hạn hoàn thành phải trong năm {YEAR} của mục tiêu."),
    (f"{YEAR - 1}-12-31", f"Thời hạn hoàn thành phải trong năm {YEAR} của mục tiêu."),
])
def test_a_completion_date_that_is_not_a_day_of_the_objectives_year_is_refused(world, client, due, message):
    _on_2015(world)
    client.force_login(world.coordinator)
    response = client.post(reverse("quality:objective_create"), {**_objective(world), **_plan(world, plan_due=due)})
    assert response.status_code == 200
    assert response.context["plan_form"].errors["plan_due"] == [message]
    assert message in response.content.decode()
    assert _nothing_saved()


def test_nobody_responsible_is_refused(world, client):
    _on_2015(world)
    client.force_login(world.coordinator)
    response = client.post(reverse("quality:objective_create"),
                           {**_objective(world, department=""), **_plan(world, plan_owner="")})
    assert response.context["plan_form"].errors["plan_owner"] == [
        "Hãy chọn người chịu trách nhiệm, hoặc phòng chủ trì của mục tiêu."]
    assert _nothing_saved()
    # The lead department alone answers "who".
    client.post(reverse("quality:objective_create"), {**_objective(world), **_plan(world, plan_owner="")})
    assert Objective.objects.planned().get().plan_owner is None


def test_on_2008_the_plan_is_optional_but_never_half_written(world, client):
    client.force_login(world.coordinator)
    form_page = client.get(reverse("quality:objective_create")).content.decode()
    assert "Không bắt buộc theo TCVN ISO 9001:2008" in form_page
    response = client.post(reverse("quality:objective_create"), _objective(world, title="Nửa kế hoạch") | {
        "plan_actions": "Rà soát quy trình"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kế hoạch thực hiện cần ghi đủ việc sẽ làm, nguồn lực, người chịu trách nhiệm, thời hạn" in body
    assert "Hãy ghi nguồn lực cần có." in body
    assert _nothing_saved()
    response = client.post(reverse("quality:objective_create"), _objective(world))
    assert response.status_code == 302 and not Objective.objects.get().is_planned
    page = client.get(Objective.objects.get().get_absolute_url()).content.decode()
    assert "không bắt buộc theo TCVN ISO 9001:2008" in page and ">5.4.1</span>" in page


def test_an_objective_of_a_year_spent_under_2008_needs_no_plan_in_an_agency_now_on_2015(world):
    _on_2015(world)
    objective = svc.objective_save(agency=world.agency, user=world.coordinator, year=YEAR - 1, title="Năm trước",
                                   indicator="Tỷ lệ", target=90)
    assert not objective.is_planned


def test_the_database_refuses_a_half_written_plan(world):
    objective = svc.objective_save(agency=world.agency, user=world.coordinator, year=YEAR, title="T", indicator="I",
                                   target=90)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.filter(pk=objective.pk).update(plan_actions="Chỉ có việc sẽ làm")
