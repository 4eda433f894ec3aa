"""Who may verify effectiveness (NC-6, 8.5.2.f): one rule, used by the form's list and by the service.

The list used to offer every member of the agency, action owners included, and the service then
refused the owner it had just offered.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.capa import services as svc
from audits.capa.forms import ScheduleCheckForm
from audits.capa.models import Nonconformity
from tests.audits.capa.helpers import nc_at

S = Nonconformity.Status
pytestmark = pytest.mark.django_db


def _offered_ids(html):
    select = re.search(r'<select name="verifier".*?</select>', html, re.S).group(0)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


def test_eligible_verifiers_are_active_staff_of_the_agency_who_own_no_live_action(world):
    nc = nc_at(world, S.ACTIONS_DONE, owners=("author", "staff"))
    world.mgmt_rep.is_active = False
    world.mgmt_rep.save()
    eligible = set(svc.eligible_verifiers(nc))
    assert world.author not in eligible and world.staff not in eligible  # they did the actions
    assert world.mgmt_rep not in eligible  # account closed
    assert world.outsider not in eligible and world.oversight not in eligible  # other agencies
    assert {world.auditor, world.coordinator, world.reviewer, world.head} <= eligible


def test_owner_of_a_cancelled_action_is_eligible_again(world):
    nc = nc_at(world, S.CAUSE_ANALYSED, owners=("author", "staff"))
    cancelled = nc.actions.get(owner=world.staff)
    svc.action_cancel(action=cancelled, user=world.reviewer, reason="Trùng với hành động thứ nhất.")
    assert world.staff in set(svc.eligible_verifiers(nc))
    assert world.author not in set(svc.eligible_verifiers(nc))


def test_schedule_form_offers_exactly_the_eligible_people(world):
    nc = nc_at(world, S.ACTIONS_DONE, owners=("author", "staff"))
    form = ScheduleCheckForm(nc=nc)
    assert set(form.fields["verifier"].queryset) == set(svc.eligible_verifiers(nc))


def test_schedule_page_does_not_offer_action_owners(world, login):
    nc = nc_at(world, S.ACTIONS_DONE, owners=("author", "staff"))
    response = login(world.coordinator).get(reverse("audits:nc_schedule_check", kwargs={"pk": nc.pk}))
    assert response.status_code == 200
    offered = _offered_ids(response.content.decode())
    assert world.author.pk not in offered and world.staff.pk not in offered
    assert world.auditor.pk in offered and world.mgmt_rep.pk in offered


def test_posting_an_action_owner_is_refused_and_nothing_changes(world, login):
    nc = nc_at(world, S.ACTIONS_DONE, owners=("author", "staff"))
    before = nc.checks.pending().get()
    response = login(world.coordinator).post(
        reverse("audits:nc_schedule_check", kwargs={"pk": nc.pk}),
        {"verifier": world.author.pk, "scheduled_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["verifier"]
    after = nc.checks.pending().get()
    assert (after.verifier_id, after.scheduled_on) == (before.verifier_id, before.scheduled_on)


def test_service_uses_the_same_rule(world):
    nc = nc_at(world, S.ACTIONS_DONE, owners=("author", "staff"))
    with pytest.raises(ValidationError) as exc:
        svc.check_schedule(nc=nc, user=world.coordinator, verifier=world.author, scheduled_on=timezone.localdate())
    assert "người thực hiện hành động" in exc.value.message_dict["verifier"][0]
    world.mgmt_rep.is_active = False
    world.mgmt_rep.save()
    with pytest.raises(ValidationError) as exc:
        svc.check_schedule(nc=nc, user=world.coordinator, verifier=world.mgmt_rep, scheduled_on=timezone.localdate())
    assert "verifier" in exc.value.message_dict
    for person in svc.eligible_verifiers(nc):
        svc.check_schedule(nc=nc, user=world.coordinator, verifier=person, scheduled_on=timezone.localdate())


def test_automatic_verifier_is_taken_only_when_eligible(world):
    """The finder of the NC (here the auditor) verifies by default, unless they own one of its actions."""
    nc = nc_at(world, S.ACTIONS_DONE, owners=("auditor", "staff"))
    assert nc.checks.pending().get().verifier is None
