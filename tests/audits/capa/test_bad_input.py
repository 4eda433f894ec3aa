"""Generated input on the public feedback form and the NC form: never a 500; what is accepted
round-trips exactly (NFC); what is refused stores nothing."""

import unicodedata

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audits.feedback.models import Feedback
from audits.capa.models import Nonconformity

pytestmark = pytest.mark.django_db

nasty_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from([
        "<script>alert(1)</script>", "'; DROP TABLE audits_feedback; --", "\x00\x00", "\u202eabc", "Hồ sơ",
        "Ho\u0302\u0300 so\u031b", "x" * 6000, "9" * 400, "   ",
    ]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=nasty_text, name=nasty_text, procedure=nasty_text)
def test_public_form_never_errors_and_keeps_what_it_accepts(client, world, content, name, procedure):
    Feedback.objects.all().delete()
    response = client.post(
        reverse("audits:feedback_form", kwargs={"agency_code": world.agency.code}),
        {"content": content, "name": name, "procedure": procedure, "contact": "", "website": ""},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        feedback = Feedback.objects.get()
        expected = unicodedata.normalize("NFC", content).replace("\x00", "").strip()
        assert feedback.content == expected
    else:
        assert not Feedback.objects.exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=nasty_text, clause=nasty_text, detected_on=st.sampled_from(["", "31/02/2026", "01/01/1900", "abc", "15/11/2026"]))
def test_nc_form_never_errors(client, world, description, clause, detected_on):
    client.force_login(world.staff)
    before = Nonconformity.objects.count()
    response = client.post(reverse("audits:nc_create"), {
        "kind": "nonconformity", "source": "staff_report", "severity": "minor",
        "description": description, "clause": clause, "detected_on": detected_on,
    })
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Nonconformity.objects.count() == before
