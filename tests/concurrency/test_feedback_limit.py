"""The citizens' feedback limit holds under parallel posts from one address (it raced on PostgreSQL:
16 parallel posts were all stored with a limit of 5 per hour)."""

import pytest
from django.test import Client
from django.urls import reverse

from audits.feedback.models import Feedback
from tests.concurrency.helpers import run_concurrently
from tests.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)
N = 16


def test_sixteen_parallel_posts_from_one_address_store_only_the_limit(settings):
    settings.QMS_FEEDBACK_PER_HOUR = 5
    world = build_world()
    url = reverse("audits:feedback_form", kwargs={"agency_code": world.agency.code})
    browsers = [Client() for _ in range(N)]

    def post(index):
        return browsers[index].post(url, {
            "name": "Nguyễn Văn A", "contact": "0912345678", "procedure": "", "website": "",
            "content": f"Phản ánh số {index}: hồ sơ trả kết quả trễ hẹn.",
        }, REMOTE_ADDR="203.0.113.5").status_code

    outcome = run_concurrently((post, N))
    outcome.assert_no_errors()
    assert sorted(outcome.results) == [302] * 5 + [429] * (N - 5)
    assert Feedback.objects.count() == 5
    # Another address still gets through: the lock is per address, not global.
    other = Client().post(url, {"name": "", "contact": "", "procedure": "", "website": "",
                                "content": "Người khác phản ánh."}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302
