"""Nonconformities under simultaneous requests, on SQLite and PostgreSQL (quality.md "Concurrency").

tests/audits/capa/test_nc_concurrency.py races the service; here 20 people submit the NC form at the
same instant through the page, and the last two actions of an NC are completed at once.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audits.capa import services as svc
from audits.capa.models import Nonconformity
from tests.concurrency.helpers import is_lock_error, run_concurrently
from tests.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)
N = 20


def test_twenty_staff_submitting_the_nc_form_at_once_get_twenty_unique_references():
    world = build_world()
    browsers = []
    for _ in range(N):
        client = Client()
        client.force_login(world.staff)
        browsers.append(client)
    today = timezone.localdate()
    url = reverse("audits:nc_create")

    def submit(index):
        return browsers[index].post(url, {
            "kind": "nonconformity", "source": "staff_report", "severity": "minor", "clause": "7.5",
            "description": f"Hồ sơ số {index} trả kết quả trễ hạn, chưa có phiếu xin lỗi công dân.",
            "detected_on": today.strftime("%d/%m/%Y"),
        })

    outcome = run_concurrently((submit, N))

    assert [m for m in outcome.messages() if is_lock_error(m)] == []
    outcome.assert_no_errors()
    assert [r.status_code for r in outcome.results] == [302] * N
    refs = list(Nonconformity.objects.filter(agency=world.agency).values_list("reference", flat=True))
    assert len(refs) == N and len(set(refs)) == N
    numbers = sorted(int(re.match(r"NC-\d{4}-(\d+)$", r).group(1)) for r in refs)
    assert numbers == list(range(1, N + 1))


def test_last_two_actions_completed_at_once_advance_the_nc_exactly_once():
    world = build_world()
    today = timezone.localdate()
    nc = svc.nc_open(agency=world.agency, source="staff_report", user=world.coordinator,
                     description="Biểu mẫu cũ còn được sử dụng tại bộ phận một cửa.", department=world.departments["desk"],
                     clause="4.2.3", severity="minor", detected_on=today, kind="nonconformity")
    nc = svc.nc_record_correction(nc=nc, user=world.coordinator, correction="Đã thu hồi biểu mẫu cũ.",
                                  disposition="", correction_on=today) or Nonconformity.objects.get(pk=nc.pk)
    nc = Nonconformity.objects.get(pk=nc.pk)
    svc.nc_analyse_cause(nc=nc, user=world.coordinator, whys=["Chưa thu hồi bản cũ."], cause_category="method",
                         conclusion="Quy trình chưa quy định thu hồi.", action_needed=True)
    nc = Nonconformity.objects.get(pk=nc.pk)
    actions = [svc.action_add(nc=nc, user=world.coordinator, description=f"Hành động {i}", owner=world.staff,
                              due_date=today) for i in range(2)]
    svc.nc_plan_actions(nc=Nonconformity.objects.get(pk=nc.pk), user=world.coordinator)

    def complete(index):
        return svc.action_complete(action=actions[index], user=world.staff, result=f"Đã làm xong {index}.", no_evidence_reason="Biên bản giấy lưu tại Văn phòng.")

    outcome = run_concurrently((complete, 2))

    outcome.assert_no_errors()
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ACTIONS_DONE
    statuses = list(nc.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses.count(Nonconformity.Status.ACTIONS_DONE) == 1, statuses
