"""A review held while the agency applies TCVN ISO 9001:2015 has the inputs of 9.3.2 besides those of 2008: changes
in the context (from its history), the effectiveness of actions on risks and opportunities, the nonconformities in
what external providers supply, and the coordinator's own assessment of resources. Another agency's records never
count; a review held under 2008, and a snapshot frozen before editions existed, keep the 2008 inputs and labels."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.capa.models import Nonconformity
from qms.core import editions
from quality.context import services as context
from quality.context.models import ContextIssue, InterestedParty
from quality.review import services as svc
from quality.review.inputs import compile_inputs
from quality.review.models import ManagementReview
from quality.review.present import sections
from quality.risks import services as risks
from quality.risks.models import RiskAction
from tests.audits.capa.helpers import open_nc
from tests.quality.review.helpers import draft_review, held_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SINCE = TODAY - datetime.timedelta(days=60)
START, END = TODAY - datetime.timedelta(days=30), TODAY


def _on_2015(world):
    editions.set_edition(agency=world.agency, edition="2015", since=SINCE, reason="QĐ 45/QĐ-UBND",
                         by=world.coordinator)


def _review(world, **kwargs):
    return draft_review(world, held_on=TODAY, start=START, end=END, **kwargs)


def test_changes_in_the_context_are_read_from_its_history_in_the_period(world, monkeypatch):
    _on_2015(world)
    now = timezone.now
    # Recorded three months ago (history is append-only: the clock is moved, not the row): not in this period.
    monkeypatch.setattr(timezone, "now", lambda: now() - datetime.timedelta(days=90))
    context.issue_save(agency=world.agency, user=world.coordinator, kind="internal",
                       description="Thiếu cán bộ có chuyên môn CNTT")
    monkeypatch.setattr(timezone, "now", now)
    issue = context.issue_save(agency=world.agency, user=world.coordinator, kind="external",
                               description="Nghị định về thủ tục hành chính trực tuyến")
    context.issue_save(agency=world.agency, user=world.coordinator, issue=issue, kind="external",
                       description="Nghị định về thủ tục hành chính trực tuyến toàn trình",
                       reason="Nghị định sửa đổi có hiệu lực")
    party = context.party_save(agency=world.agency, user=world.coordinator, name="Doanh nghiệp",
                               requirements="Thủ tục đơn giản")
    context.party_save(agency=world.agency, user=world.coordinator, party=party, name="Doanh nghiệp",
                       requirements="Thủ tục đơn giản", is_active=False, reason="Đã sáp nhập vào nhóm Người dân")
    context.party_save(agency=world.agency, user=world.coordinator, name="Người dân", requirements="Đúng hạn")
    context.issue_save(agency=world.other_agency, user=world.outsider, kind="internal", description="Của cơ quan khác")

    data = compile_inputs(_review(world))
    assert data["edition"] == "2015" and data["version"] == 2
    got = data["context"]
    assert got["issues"] == {"added": 1, "changed": 1, "closed": 0, "reopened": 0}
    assert got["parties"] == {"added": 2, "changed": 0, "closed": 1, "reopened": 0}
    assert got["followed"] == {"internal": 1, "external": 1, "parties": 1}
    events = [(c["kind"], c["event"], c["reason"]) for c in got["changes"]]
    assert ("external", "changed", "Nghị định sửa đổi có hiệu lực") in events
    assert ("party", "closed", "Đã sáp nhập vào nhóm Người dân") in events
    assert len(events) == 5 and all("cơ quan khác" not in c["text"] for c in got["changes"])
    # Followed again later: "reopened".
    context.party_save(agency=world.agency, user=world.coordinator, party=party, name="Doanh nghiệp",
                       requirements="Thủ tục đơn giản", is_active=True, reason="Tách lại")
    assert compile_inputs(_review(world))["context"]["parties"]["reopened"] == 1
    assert ContextIssue.objects.count() == 3 and InterestedParty.objects.count() == 2


def test_effectiveness_of_actions_on_risks_and_opportunities(world):
    _on_2015(world)
    risk = risks.risk_add(agency=world.agency, user=world.coordinator, kind="risk", description="Mất dữ liệu hồ sơ",
                          likelihood=3, impact=5, next_review_on=TODAY)
    chance = risks.risk_add(agency=world.agency, user=world.coordinator, kind="opportunity",
                            description="Liên thông dữ liệu dân cư", likelihood=2, impact=3, next_review_on=TODAY)

    def action(text, on=risk):
        return risks.action_add(risk=on, user=world.coordinator, description=text, owner=world.staff, due_date=TODAY)

    worked, failed, waiting, late = (action("Sao lưu hằng ngày"), action("Mã hóa ổ đĩa"), action("Diễn tập khôi phục"),
                                     action("Kết nối CSDL dân cư", chance))
    for a in (worked, failed, waiting):
        risks.action_done(action=a, user=world.staff)
    risks.action_evaluate(action=worked, user=world.coordinator, effective=True, note="Khôi phục thử thành công")
    risks.action_evaluate(action=failed, user=world.coordinator, effective=False, note="Máy cũ không hỗ trợ")
    RiskAction.objects.filter(pk=late.pk).update(due_date=TODAY - datetime.timedelta(days=3))
    other = risks.risk_add(agency=world.other_agency, user=world.outsider, kind="risk", description="Khác",
                           likelihood=5, impact=5, next_review_on=TODAY)
    risks.action_done(action=risks.action_add(risk=other, user=world.outsider, description="Khác",
                                              owner=world.outsider, due_date=TODAY), user=world.outsider)

    got = compile_inputs(_review(world))["risks"]
    assert (got["done"], got["evaluated_effective"], got["evaluated_not_effective"], got["to_evaluate"]) == (3, 1, 1, 1)
    assert (got["open"], got["overdue"]) == (1, 1)
    assert got["register"] == {"risks": 1, "opportunities": 1, "high": 1, "reviewed": 0}
    by_action = {a["action"]: a for a in got["actions"]}
    assert set(by_action) == {"Sao lưu hằng ngày", "Mã hóa ổ đĩa", "Diễn tập khôi phục"}
    assert by_action["Mã hóa ổ đĩa"]["effective"] is False and by_action["Mã hóa ổ đĩa"]["note"] == "Máy cũ không hỗ trợ"
    assert by_action["Diễn tập khôi phục"]["effective"] is None


def test_external_providers_are_the_ncs_cited_against_8_4_in_the_edition_they_were_recorded_under(world):
    made_under_2008 = timezone.now() - datetime.timedelta(days=90)
    day = START + datetime.timedelta(days=2)
    purchasing = open_nc(world, clause="7.4.1", detected_on=day, description="Phần mềm một cửa lỗi do nhà cung cấp")
    data_analysis = open_nc(world, clause="8.4", detected_on=day, description="Không phân tích dữ liệu")
    Nonconformity.objects.filter(pk__in=[purchasing.pk, data_analysis.pk]).update(created_at=made_under_2008)
    _on_2015(world)
    provided = open_nc(world, clause="8.4.2", detected_on=day, description="Bưu điện trả kết quả chậm")
    open_nc(world, clause="7.4", detected_on=day, description="Trao đổi thông tin nội bộ chậm")  # 2015: 7.4
    open_nc(world, clause="8.4.1", detected_on=START - datetime.timedelta(days=1), description="Trước kỳ")
    Nonconformity.objects.create(agency=world.other_agency, year=TODAY.year, number=1, reference="NC-K-1",
                                 source="staff_report", severity="minor", description="Cơ quan khác", clause="8.4",
                                 detected_on=day)

    got = compile_inputs(_review(world))["providers"]
    assert (got["ncs"], got["open"]) == (2, 2)
    assert {(n["reference"], n["clause"], n["edition"]) for n in got["nonconformities"]} == {
        (purchasing.reference, "7.4.1", "2008"), (provided.reference, "8.4.2", "2015")}


def test_a_2015_review_page_and_minutes_show_the_inputs_of_9_3_2(world, client, tmp_path):
    import subprocess

    _on_2015(world)
    risks.risk_add(agency=world.agency, user=world.coordinator, kind="risk", description="Mất dữ liệu hồ sơ",
                   likelihood=3, impact=5, next_review_on=TODAY)
    context.issue_save(agency=world.agency, user=world.coordinator, kind="external",
                       description="Nghị định về thủ tục hành chính trực tuyến")
    review = _review(world)
    client.force_login(world.coordinator)
    r = client.post(reverse("quality:review_note", kwargs={"pk": review.pk}),
                    {"section": "resources", "text": "Thiếu 1 cán bộ tại bộ phận một cửa; máy quét đủ"})
    assert r.status_code == 302
    svc.review_hold(review=review, user=world.coordinator)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Đầu vào của xem xét (điều 9.3.2)" in page and "(điều 9.3.3)" in page and "5.6.2" not in page
    for heading in ("a) Tình trạng của các hành động từ các cuộc xem xét của lãnh đạo trước đó",
                    "b) Những thay đổi về các vấn đề bên ngoài và nội bộ liên quan đến hệ thống quản lý chất lượng",
                    "c6) Kết quả đánh giá", "c7) Kết quả thực hiện của các nhà cung cấp bên ngoài",
                    "d) Sự thỏa đáng của các nguồn lực",
                    "e) Hiệu lực của các hành động được thực hiện để giải quyết rủi ro và cơ hội (xem 6.1)",
                    "f) Các cơ hội cải tiến"):
        assert heading in page, heading
    assert "Nghị định về thủ tục hành chính trực tuyến" in page
    assert "Thiếu 1 cán bộ tại bộ phận một cửa; máy quét đủ" in page.split('id="input-resources"')[1]
    assert "Cơ quan không có sổ nhà cung cấp" in page.split('id="input-providers"')[1]
    listing = client.get(reverse("quality:review_list")).content.decode()
    assert "TCVN ISO 9001:2015, điều 9.3)" in listing

    response = client.get(reverse("quality:review_minutes_pdf", kwargs={"pk": review.pk}))
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.content)
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "Đầu vào của xem xét (điều 9.3.2)" in text and "d) Sự thỏa đáng của các nguồn lực" in text
    assert "Thiếu 1 cán bộ tại bộ phận một cửa" in text and "Hành động hoàn thành trong kỳ" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "ISO 9001:2015" in info and "9.3" in info


def test_a_review_held_under_2008_keeps_its_inputs_and_labels_after_the_move(world, client):
    review = held_review(world, held_on=SINCE - datetime.timedelta(days=5), start=SINCE - datetime.timedelta(days=100),
                         end=SINCE - datetime.timedelta(days=10))
    assert review.snapshot["edition"] == "2008" and "context" not in review.snapshot
    _on_2015(world)
    client.force_login(world.coordinator)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Đầu vào của xem xét (điều 5.6.2)" in page and "(điều 5.6.3)" in page and "9.3.2" not in page
    assert "g) Các khuyến nghị về cải tiến" in page and "Sự thỏa đáng của các nguồn lực" not in page
    # Its inputs are 2008's: a note on a 2015 input is refused, and nothing is saved.
    r = client.post(reverse("quality:review_note", kwargs={"pk": review.pk}), {"section": "resources", "text": "x"})
    assert r.status_code == 302 and not review.notes.exists()
    assert "Đầu vào không hợp lệ." in [str(m) for m in r.wsgi_request._messages]
    # A meeting after the move is a 2015 one, even in a draft.
    assert compile_inputs(_review(world))["edition"] == "2015"


def test_a_snapshot_frozen_before_editions_presents_the_seven_inputs_of_2008(world):
    _on_2015(world)
    review = held_review(world, held_on=TODAY, start=START, end=END)
    stored = ManagementReview.objects.get(pk=review.pk).snapshot  # as the database gives it back (jsonb orders keys)
    v2 = {key: value for key, value in stored.items() if key not in ("context", "risks", "providers")}
    v1 = {**v2, "version": 1}
    del v1["edition"]
    ManagementReview.objects.filter(pk=review.pk).update(snapshot=v1)
    shown = sections(ManagementReview.objects.get(pk=review.pk).snapshot)
    assert [(s.letter, s.key) for s in shown] == [("a", "audits"), ("b", "feedback"), ("c", "performance"),
                                                   ("d", "actions"), ("e", "follow_up"), ("f", "changes"),
                                                   ("g", "recommendations")]
    assert shown[0].title == "Kết quả các cuộc đánh giá" and shown[4].title.startswith("Các hành động tiếp theo")
    assert repr(sections({**v2, "edition": "2008"})) == repr(shown)
