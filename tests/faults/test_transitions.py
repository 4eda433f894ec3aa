"""A database error in the middle of a transition leaves nothing half-done (quality.md "Faults").

The error is injected after the transition's first write(s): the tracked save that would come
next raises ``DatabaseError`` (what a full disk or a dropped connection gives). State, history
and the rows written before the failure must all be as they were.
"""

import pytest
from django.db import DatabaseError

from audits.capa.services import effectiveness
from audits.capa.models import EffectivenessCheck, Nonconformity
from processes.documents import services
from processes.documents.services import revisions
from processes.documents.models import Revision, Signature
from qms.core.history import save_tracked
from tests.audits.capa.helpers import nc_at
from tests.factories import PASSWORD
from tests.processes.documents.helpers import make_document, make_draft, submit

pytestmark = pytest.mark.django_db(transaction=True)  # real commits and rollbacks, as in production


def failing_after(n_ok):
    """A save_tracked that works n_ok times, then raises like a database that went away."""
    calls = {"n": 0}

    def fake(obj, **kwargs):
        calls["n"] += 1
        if calls["n"] > n_ok:
            raise DatabaseError("disk I/O error (injected)")
        return save_tracked(obj, **kwargs)

    fake.calls = calls
    return fake


def history_counts(*models):
    return {m._meta.label: m.history.count() for m in models}


def test_approval_failing_after_the_signature_is_written_leaves_the_revision_in_review(world, monkeypatch):
    document = make_document(world)
    draft = make_draft(world, document)
    submit(world, draft)
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    before = history_counts(Revision, Signature)
    signatures = Signature.objects.filter(revision=draft).count()
    # The approver's Signature row is created first; the revision's tracked save then fails.
    monkeypatch.setattr(revisions, "save_tracked", failing_after(0))

    with pytest.raises(DatabaseError):
        services.revision_approve(revision=draft, user=world.head, password=PASSWORD)

    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW
    assert draft.approved_at is None and draft.effective_date is None
    assert Signature.objects.filter(revision=draft).count() == signatures
    assert not Signature.objects.filter(revision=draft, meaning="approved").exists()
    assert history_counts(Revision, Signature) == before
    # And the same approval succeeds once the database is back.
    monkeypatch.undo()
    services.revision_approve(revision=draft, user=world.head, password=PASSWORD)
    draft.refresh_from_db()
    assert draft.status == Revision.Status.EFFECTIVE


def test_effectiveness_check_failing_while_closing_leaves_nc_and_check_unchanged(world, monkeypatch):
    nc = nc_at(world, Nonconformity.Status.ACTIONS_DONE)
    check = nc.checks.get(result=EffectivenessCheck.Result.PENDING)
    before = history_counts(Nonconformity, EffectivenessCheck)
    # nc_verify writes the check, then the NC as verified, then nc_close saves it closed: fail there.
    fake = failing_after(2)
    monkeypatch.setattr(effectiveness, "save_tracked", fake)

    with pytest.raises(DatabaseError):
        effectiveness.nc_verify(nc=nc, user=world.auditor, result="effective", notes="Không tái diễn sau 3 tháng.")

    assert fake.calls["n"] == 3  # the failure really came after two writes
    nc.refresh_from_db()
    check.refresh_from_db()
    assert nc.status == Nonconformity.Status.ACTIONS_DONE and nc.closed_at is None
    assert check.result == EffectivenessCheck.Result.PENDING and check.verified_at is None
    assert history_counts(Nonconformity, EffectivenessCheck) == before


def test_nc_close_failing_leaves_the_nc_verified(world, monkeypatch):
    nc = nc_at(world, Nonconformity.Status.ACTIONS_DONE)
    # Verify without closing: the close itself is what fails next.
    monkeypatch.setattr(effectiveness, "nc_close", lambda **kw: kw["nc"])
    effectiveness.nc_verify(nc=nc, user=world.auditor, result="effective", notes="Đã kiểm tra 20 hồ sơ.")
    monkeypatch.undo()
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.VERIFIED
    before = history_counts(Nonconformity)
    monkeypatch.setattr(effectiveness, "save_tracked", failing_after(0))

    with pytest.raises(DatabaseError):
        effectiveness.nc_close(nc=nc, user=world.mgmt_rep)

    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.VERIFIED and nc.closed_by_id is None
    assert history_counts(Nonconformity) == before
