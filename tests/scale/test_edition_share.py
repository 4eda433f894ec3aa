"""seed_scale and ISO 9001:2015 (issue 18): one agency in three applies it from the anchor day, and only those have a
context, interested parties, risks and risk actions, in valid states with their history; everything else the
data set holds was made before the move (2008 records) and is the same whether or not any agency moved."""

from django.db import transaction
from django.db.models import Max

from audits.capa.models import Nonconformity
from audits.internal.models import Finding
from qms.core import clauses, editions
from qms.core.models import Agency
from qms.core.scale.generate import ANCHOR, SHARE_2015, Seeder
from quality.context.models import ContextIssue, InterestedParty
from quality.risks.models import Risk, RiskAction
from tests.scale.test_seed_scale import snapshot


def test_one_agency_in_three_moves_to_2015_and_only_those_record_a_context_and_risks(seed_scale):
    seed_scale(0.004, agencies=4)

    agencies = list(Agency.objects.supervised().order_by("pk"))
    on_2015 = [a for i, a in enumerate(agencies) if i % SHARE_2015 == 0]
    assert [a.code for a in on_2015] == [agencies[0].code, agencies[3].code]
    for agency in agencies:
        moved = agency in on_2015
        assert agency.iso_edition == ("2015" if moved else "2008")
        assert agency.iso_edition_since == (ANCHOR if moved else None)
        assert agency.qms_header.endswith("TCVN ISO 9001:2015" if moved else "TCVN ISO 9001:2008")
        for model in (ContextIssue, InterestedParty, Risk, RiskAction):
            assert model.objects.filter(agency=agency).exists() == moved, (agency.code, model)
    decision = agencies[0].history.filter(history_type="~").get()
    assert decision.iso_edition == "2015" and "TCVN ISO 9001:2015" in decision.history_change_reason

    # Every record the other subjects made predates the move: made under 2008, shown with 2015 equivalents.
    latest = max(Nonconformity.objects.aggregate(m=Max("created_at"))["m"],
                 Finding.objects.aggregate(m=Max("created_at"))["m"])
    assert latest.date() < ANCHOR and editions.edition_on(agencies[0], latest) == clauses.EDITION_2008


def test_the_2015_records_are_in_valid_states_with_their_history(seed_scale):
    seed_scale(0.01, agencies=1)

    agencies = list(Agency.objects.supervised())
    # The 2015 records: both kinds of issue, some no longer followed (changed later, with a reason).
    issues = ContextIssue.objects.filter(agency=agencies[0])
    assert set(issues.values_list("kind", flat=True)) == {"internal", "external"}
    dropped = [*ContextIssue.objects.filter(is_active=False), *InterestedParty.objects.filter(is_active=False)]
    assert dropped
    for row in dropped:
        first, last = row.history.order_by("history_date")
        assert first.is_active and not last.is_active and last.history_date == row.updated_at
    # Risks scored 1–5, some reviewed since (their first scores in the history); actions planned, done, judged.
    reviewed = Risk.objects.filter(reviewed_on__isnull=False).first()
    assert reviewed.history.count() == 2 and reviewed.history.earliest("history_date").reviewed_on is None
    states = set(RiskAction.objects.values_list("status", "effective"))
    assert {("planned", None), ("done", None), ("done", True)} <= states
    for action in RiskAction.objects.filter(evaluated_on__isnull=False)[:20]:
        assert [h.status for h in action.history.order_by("history_date")] == ["planned", "done", "done"]
        assert action.completed_on <= action.evaluated_on < ANCHOR


def test_the_move_leaves_the_other_subjects_rows_as_the_seed_gives_them(seed_scale, monkeypatch):
    with transaction.atomic():
        seed_scale(0.002, agencies=2, seed=5)
        with_move = snapshot()
        assert Risk.objects.exists()
        transaction.set_rollback(True)
    monkeypatch.setattr(Seeder, "edition", lambda self, ctx: None)  # no agency moves
    seed_scale(0.002, agencies=2, seed=5)

    assert not Agency.objects.filter(iso_edition="2015").exists() and not Risk.objects.exists()
    assert snapshot() == with_move
