"""The register of risks and opportunities (ISO 9001:2015 6.1; issue 18): scores, actions tracked to done and
evaluated, periodic review with its finding in the history; bad input refused; another agency 404."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from quality.risks import services
from quality.risks.models import Risk, RiskAction

TODAY = timezone.localdate()  # for inputs; dates the services record are compared with the day they ran
LATER = TODAY + datetime.timedelta(days=90)


def _risk(world, **kw):
    data = {"kind": "risk", "description": "Hồ sơ trực tuyến bị thất lạc do lỗi phần mềm", "likelihood": 3,
            "impact": 5, "next_review_on": LATER, "process": "Tiếp nhận hồ sơ"}
    data.update(kw)
    return services.risk_add(agency=world.agency, user=world.coordinator, **data)


def test_urls_are_stable():
    assert reverse("quality:risk_list") == "/chat-luong/rui-ro/"
    assert reverse("quality:risk_action_evaluate", args=[3]) == "/chat-luong/rui-ro/hanh-dong/3/hieu-luc/"


def test_coordinator_records_a_risk_and_the_register_shows_its_score(world, client):
    client.force_login(world.coordinator)
    r = client.post(reverse("quality:risk_list"), {"kind": "risk", "description": "Mất dữ liệu hồ sơ",
                                                   "likelihood": "4", "impact": "4",
                                                   "next_review_on": LATER.isoformat()})
    risk = Risk.objects.get(agency=world.agency)
    assert r.status_code == 302 and r["Location"] == reverse("quality:risk_detail", args=[risk.pk])
    assert risk.score == 16 and risk.level == "high"
    page = client.get(reverse("quality:risk_list")).content.decode()
    table = page.split('data-testid="risk-list"')[1].split("</table>")[0]
    assert "Mất dữ liệu hồ sơ" in table and ">16</span> (4×4)" in table


@pytest.mark.parametrize("data, message", [
    ({"likelihood": "9"}, "Hãy chọn mức từ 1 đến 5."),
    ({"kind": "luck"}, "Hãy chọn rủi ro hay cơ hội."),
    ({"description": " "}, "Hãy mô tả rủi ro, cơ hội."),
    ({"next_review_on": "2000-01-01"}, "Ngày xem xét lại phải từ hôm nay trở đi."),
])
def test_bad_risk_is_refused_with_a_message(world, client, data, message):
    client.force_login(world.coordinator)
    base = {"kind": "risk", "description": "x", "likelihood": "2", "impact": "2", "next_review_on": LATER.isoformat()}
    r = client.post(reverse("quality:risk_list"), {**base, **data})
    assert r.status_code == 400 and message in r.content.decode()
    assert not Risk.objects.exists()


def test_action_is_tracked_to_done_and_evaluated(world, client):
    risk = _risk(world)
    client.force_login(world.coordinator)
    r = client.post(reverse("quality:risk_action_add", args=[risk.pk]), {
        "description": "Sao lưu dữ liệu hằng ngày", "owner": world.staff.pk,
        "due_date": (TODAY + datetime.timedelta(days=10)).isoformat()})
    assert r.status_code == 302
    action = RiskAction.objects.get(risk=risk)
    # Evaluating before it is done is refused.
    r = client.post(reverse("quality:risk_action_evaluate", args=[action.pk]), {"effective": "yes", "note": "Tốt"})
    assert r.status_code == 400 and "Chỉ đánh giá hiệu lực hành động đã hoàn thành." in r.content.decode()
    # The owner records it done.
    client.force_login(world.staff)
    assert client.post(reverse("quality:risk_action_done", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on == timezone.localdate()
    client.force_login(world.coordinator)
    r = client.post(reverse("quality:risk_action_evaluate", args=[action.pk]),
                    {"effective": "yes", "note": "3 tháng không mất hồ sơ nào"})
    assert r.status_code == 302
    action.refresh_from_db()
    assert action.effective is True and action.evaluated_on == timezone.localdate()
    page = client.get(reverse("quality:risk_detail", args=[risk.pk])).content.decode()
    row = page.split('data-testid="risk-actions"')[1].split("</table>")[0]
    assert "Có hiệu lực: 3 tháng không mất hồ sơ nào" in row


def test_periodic_review_records_new_scores_with_the_finding(world, client):
    risk = _risk(world)
    client.force_login(world.coordinator)
    r = client.post(reverse("quality:risk_review", args=[risk.pk]), {
        "likelihood": "2", "impact": "5", "next_review_on": LATER.isoformat(), "reason": "Đã có sao lưu hằng ngày"})
    assert r.status_code == 302
    risk.refresh_from_db()
    assert (risk.score, risk.reviewed_on) == (10, timezone.localdate())
    assert risk.history.first().history_change_reason == "Đã có sao lưu hằng ngày"
    r = client.post(reverse("quality:risk_review", args=[risk.pk]), {
        "likelihood": "2", "impact": "5", "next_review_on": TODAY.isoformat(), "reason": "x"})
    assert r.status_code == 400 and "Ngày xem xét lại phải sau hôm nay." in r.content.decode()


def test_staff_read_others_get_404_and_the_database_holds_the_rules(world, client):
    risk = _risk(world)
    client.force_login(world.staff)
    assert "Hồ sơ trực tuyến bị thất lạc" in client.get(reverse("quality:risk_detail", args=[risk.pk])).content.decode()
    assert client.post(reverse("quality:risk_review", args=[risk.pk]), {}).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("quality:risk_detail", args=[risk.pk])).status_code == 404
    assert "Hồ sơ trực tuyến" not in client.get(reverse("quality:risk_list")).content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(likelihood=6)
