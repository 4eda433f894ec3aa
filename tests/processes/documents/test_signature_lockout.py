"""Re-entering one's password to sign (DOC-5) is guarded like the login (security review issue 12 #3): wrong
signature passwords and wrong login passwords count together (django-axes: AXES_FAILURE_LIMIT within
AXES_COOLOFF_TIME), and while the person is locked nothing is signed, not even with the right password."""

import datetime
import logging
import re

import pytest
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from processes.documents.models import Signature
from tests.factories import PASSWORD
from tests.processes.documents.helpers import make_document, make_draft, submit

pytestmark = pytest.mark.django_db
WRONG = "sai-mat-khau"
LOCKED = "tạm khóa"


@pytest.fixture
def in_review(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    return draft


@pytest.fixture
def reviewer_client(client, world):
    client.force_login(world.reviewer)
    return client


def _sign(client, revision, password):
    return client.post(reverse("processes:revision_sign", kwargs={"pk": revision.pk}), {"password": password})


def _login(user, password):
    # Another browser on the same address: the lock is per user name and address, as for the login page.
    return Client().post(reverse("login"), {"username": user.username, "password": password})


def test_wrong_signature_passwords_lock_signing_then_the_right_one_is_refused(world, in_review, reviewer_client,
                                                                              settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign(reviewer_client, in_review, WRONG)
        assert response.status_code == 200
    response = _sign(reviewer_client, in_review, PASSWORD)
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert not Signature.objects.exists()


def test_the_lock_from_signing_also_locks_the_login(world, in_review, reviewer_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign(reviewer_client, in_review, WRONG)
    assert _login(world.reviewer, PASSWORD).status_code == 429


def test_login_failures_count_towards_the_signature_lock(world, in_review, reviewer_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(world.reviewer, WRONG).status_code == 200
    _sign(reviewer_client, in_review, WRONG)  # the last try of the shared allowance
    response = _sign(reviewer_client, in_review, PASSWORD)
    assert LOCKED in response.content.decode()
    assert not Signature.objects.exists()
    assert _login(world.reviewer, PASSWORD).status_code == 429


def test_signature_failures_count_towards_the_login_lock(world, in_review, reviewer_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign(reviewer_client, in_review, WRONG)
    _login(world.reviewer, WRONG)
    assert _login(world.reviewer, PASSWORD).status_code == 429


def test_sign_page_says_until_when_and_disables_the_button(world, in_review, reviewer_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign(reviewer_client, in_review, WRONG)
    last = max(AccessAttempt.objects.values_list("attempt_time", flat=True))
    until = timezone.localtime(last + get_cool_off())
    body = reviewer_client.get(reverse("processes:revision_sign", kwargs={"pk": in_review.pk})).content.decode()
    assert LOCKED in body and until.strftime("%H:%M %d/%m/%Y") in body
    assert 'data-testid="sign-locked"' in body
    assert re.search(r'<button[^>]*data-testid="sign-button"[^>]* disabled>', body)


def test_after_the_cool_off_signing_works_again(world, in_review, reviewer_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign(reviewer_client, in_review, WRONG)
    assert LOCKED in _sign(reviewer_client, in_review, PASSWORD).content.decode()
    # Time travel: every failure happened one cool-off (and a minute) ago.
    AccessAttempt.objects.update(attempt_time=timezone.now() - get_cool_off() - datetime.timedelta(minutes=1))
    response = _sign(reviewer_client, in_review, PASSWORD)
    assert response.status_code == 302
    assert Signature.objects.filter(user=world.reviewer, revision=in_review).exists()


def test_a_wrong_signature_password_is_logged_with_user_and_revision(world, in_review, reviewer_client, caplog):
    with caplog.at_level(logging.WARNING):
        _sign(reviewer_client, in_review, WRONG)
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "revision" in r.getMessage()]
    assert any(world.reviewer.username in m and str(in_review.pk) in m for m in logged), logged


def test_a_few_wrong_passwords_below_the_limit_still_let_the_right_one_sign(world, in_review, reviewer_client,
                                                                           settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign(reviewer_client, in_review, WRONG)
    assert _sign(reviewer_client, in_review, PASSWORD).status_code == 302
    assert Signature.objects.filter(user=world.reviewer).exists()


def test_the_lock_is_said_in_english_to_english_users(world, in_review, reviewer_client, settings):
    world.reviewer.language = "en"
    world.reviewer.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign(reviewer_client, in_review, WRONG)
    body = reviewer_client.get(reverse("processes:revision_sign", kwargs={"pk": in_review.pk})).content.decode()
    assert "signing and signing in are locked until" in body
