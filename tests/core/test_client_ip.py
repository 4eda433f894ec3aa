"""One client address for every per-address rule, believed from X-Forwarded-For only behind our proxies.

Behind the documented nginx every citizen came from the proxy's address: one citizen's five
feedbacks blocked the whole province, and one person's wrong passwords locked everyone's login
from that address. Without TRUSTED_PROXIES the header is anyone's to write and is ignored.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from audits.feedback.models import Feedback
from qms.core.network import client_ip, parse_networks
from tests.factories import PASSWORD

PROXY = "10.0.0.2"


def _ip(settings, proxies, remote, forwarded=None):
    settings.TRUSTED_PROXY_NETWORKS = parse_networks(proxies)
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        ([], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxy trusted: the header is ignored
        ([PROXY], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # a citizen writing the header himself
        ([PROXY], PROXY, "198.51.100.1", "198.51.100.1"),  # our proxy saw this client
        ([PROXY], PROXY, "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # a forged hop left of what the proxy saw
        (["10.0.0.0/8"], PROXY, "198.51.100.1, 10.0.0.9", "198.51.100.1"),  # two of our proxies in a row
        ([PROXY], PROXY, "", PROXY),  # no header: the proxy itself
        ([PROXY], PROXY, "not-an-address", PROXY),  # junk is never believed
        ([PROXY], PROXY, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_address_is_read_from_the_header_only_behind_a_trusted_proxy(settings, proxies, remote, forwarded, expected):
    assert _ip(settings, proxies, remote, forwarded) == expected


def test_a_malformed_proxy_list_stops_start_up():
    with pytest.raises(ValueError):
        parse_networks(["10.0.0.0/33"])


def _feedback(client, world, forwarded, text):
    url = reverse("audits:feedback_form", kwargs={"agency_code": world.agency.code})
    payload = {"name": "Nguyễn Văn A", "contact": "0912345678", "procedure": "", "content": text, "website": ""}
    return client.post(url, payload, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_feedback_limit_counts_each_citizen(client, world, settings):
    settings.QMS_FEEDBACK_PER_HOUR = 2
    settings.TRUSTED_PROXY_NETWORKS = parse_networks([PROXY])
    assert [_feedback(client, world, "203.0.113.5", f"Phản ánh {i}").status_code for i in range(3)] == [302, 302, 429]
    assert _feedback(client, world, "198.51.100.7", "Người khác").status_code == 302
    assert Feedback.objects.count() == 3


@pytest.mark.django_db
def test_a_spoofed_header_does_not_reset_the_feedback_limit(client, world, settings):
    settings.QMS_FEEDBACK_PER_HOUR = 2
    settings.TRUSTED_PROXY_NETWORKS = []
    answers = [_feedback(client, world, f"198.51.100.{i}", f"Phản ánh {i}").status_code for i in range(4)]
    assert answers == [302, 302, 429, 429]
    assert Feedback.objects.count() == 2


def _login(client, user, password, forwarded, remote=PROXY):
    return client.post(reverse("login"), {"username": user.username, "password": password},
                       REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_login_lock_holds_per_client(client, world, settings):
    settings.TRUSTED_PROXY_NETWORKS = parse_networks([PROXY])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, world.staff, "sai-mat-khau", "203.0.113.5")
    assert _login(client, world.staff, PASSWORD, "203.0.113.5").status_code == 429  # the guesser is locked
    assert _login(client, world.staff, PASSWORD, "198.51.100.7").status_code == 302  # the owner, elsewhere, is not


@pytest.mark.django_db
def test_a_spoofed_header_does_not_escape_the_login_lock(client, world, settings):
    settings.TRUSTED_PROXY_NETWORKS = []
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, world.staff, "sai-mat-khau", f"198.51.100.{i}", remote="203.0.113.5")
    assert _login(client, world.staff, PASSWORD, "198.51.100.99", remote="203.0.113.5").status_code == 429
