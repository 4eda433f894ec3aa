"""The agency's context (ISO 9001:2015 4.1, 4.2; issue 18): issues and interested parties recorded by the managers,
changed with a reason kept in the history; bad input refused with a message and nothing saved; another agency 404."""

import pytest
from django.urls import reverse

from quality.context import services
from quality.context.models import ContextIssue, InterestedParty

PAGE = "/chat-luong/boi-canh/"


def test_urls_are_stable():
    assert reverse("quality:context") == PAGE
    assert reverse("quality:context_issue_edit", args=[7]) == PAGE + "van-de/7/"
    assert reverse("quality:context_party_edit", args=[7]) == PAGE + "ben-quan-tam/7/"


def test_coordinator_records_issues_and_parties(world, client):
    client.force_login(world.coordinator)
    r = client.post(reverse("quality:context_issue_add"), {
        "kind": "external", "description": "Nghị định về chuyển đổi số thủ tục hành chính",
        "effect": "Phải tiếp nhận hồ sơ trực tuyến", "is_active": "on"})
    assert r.status_code == 302
    for name in ("Người dân", "Doanh nghiệp"):
        assert client.post(reverse("quality:context_party_add"), {
            "name": name, "requirements": "Giải quyết đúng hạn, công khai", "is_active": "on"}).status_code == 302
    page = client.get(PAGE).content.decode()
    issues = page.split('data-testid="context-issues"')[1].split("</table>")[0]
    assert "Vấn đề bên ngoài" in issues and "Phải tiếp nhận hồ sơ trực tuyến" in issues
    parties = page.split('data-testid="interested-parties"')[1].split("</table>")[0]
    assert parties.index("Doanh nghiệp") < parties.index("Người dân")
    issue = ContextIssue.objects.get(agency=world.agency)
    assert issue.history.first().history_change_reason == "Ghi nhận lần đầu"
    assert issue.history.first().history_user == world.coordinator


def test_a_change_needs_a_reason_and_is_in_the_history(world, client):
    party = services.party_save(agency=world.agency, user=world.coordinator, name="Người dân", requirements="Đúng hạn")
    client.force_login(world.coordinator)
    url = reverse("quality:context_party_edit", args=[party.pk])
    r = client.post(url, {"name": "Người dân", "requirements": "Đúng hạn, thái độ tốt", "is_active": "on"})
    assert r.status_code == 400 and "Cần nêu lý do cho thay đổi này." in r.content.decode()
    party.refresh_from_db()
    assert party.requirements == "Đúng hạn"
    r = client.post(url, {"name": "Người dân", "requirements": "Đúng hạn, thái độ tốt", "is_active": "on",
                          "reason": "Kết quả khảo sát hài lòng 2026"})
    assert r.status_code == 302
    party.refresh_from_db()
    assert party.requirements == "Đúng hạn, thái độ tốt"
    history = client.get(reverse("core:history", args=["quality.interestedparty", party.pk])).content.decode()
    assert "Kết quả khảo sát hài lòng 2026" in history


@pytest.mark.parametrize("data, message", [
    ({"kind": "", "description": "x"}, "Hãy chọn vấn đề nội bộ hay bên ngoài."),
    ({"kind": "weather", "description": "x"}, "Hãy chọn vấn đề nội bộ hay bên ngoài."),
    ({"kind": "internal", "description": "   "}, "Hãy mô tả vấn đề."),
])
def test_bad_issue_is_refused_with_a_message(world, client, data, message):
    client.force_login(world.coordinator)
    r = client.post(reverse("quality:context_issue_add"), data)
    assert r.status_code == 400 and message in r.content.decode()
    assert not ContextIssue.objects.exists()


def test_duplicate_party_is_refused_in_english_too(world, client):
    services.party_save(agency=world.agency, user=world.coordinator, name="Người dân", requirements="Đúng hạn")
    client.force_login(world.coordinator)
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    r = client.post(reverse("quality:context_party_add"), {"name": "người dân", "requirements": "x"})
    assert r.status_code == 400
    assert "The agency already has the interested party" in r.content.decode()
    assert InterestedParty.objects.count() == 1


def test_staff_read_but_do_not_change_and_another_agency_gets_404(world, client):
    issue = services.issue_save(agency=world.agency, user=world.coordinator, kind="internal",
                                description="Thiếu công chức một cửa")
    client.force_login(world.staff)
    page = client.get(PAGE).content.decode()
    assert "Thiếu công chức một cửa" in page and 'name="description"' not in page
    assert client.post(reverse("quality:context_issue_add"), {"kind": "internal", "description": "x"}).status_code == 403
    assert client.get(reverse("quality:context_issue_edit", args=[issue.pk])).status_code == 403
    client.force_login(world.outsider)
    assert "Thiếu công chức một cửa" not in client.get(PAGE).content.decode()
    assert client.get(reverse("quality:context_issue_edit", args=[issue.pk])).status_code == 404
    assert client.post(reverse("quality:context_issue_edit", args=[issue.pk]),
                       {"kind": "external", "description": "y", "reason": "z"}).status_code == 404
    issue.refresh_from_db()
    assert issue.kind == "internal"
