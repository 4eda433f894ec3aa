"""seed_scale runs the generators the subjects registered, in their explicit order, and takes another app's."""

from audits.capa import scale as capa
from audits.feedback import scale as feedback
from audits.internal import scale as internal
from cases.figures import scale as figures
from cases.files import scale as cases
from processes.copies import scale as copies
from processes.copies.models import Copy
from processes.documents import scale as documents
from qms.core import subjects
from quality.context import scale as context
from quality.objectives import scale as objectives
from quality.reports import scale as reports
from quality.review import scale as review
from quality.risks import scale as risks


def test_the_subjects_steps_run_in_the_order_the_data_set_was_designed_in():
    # The audit plan comes before the NCs (its findings decide where the first NCs came from) and the
    # findings after them (to link to them), whatever order the apps registered in.
    assert subjects.scale_steps() == [documents.generate, internal.plan, capa.generate, feedback.generate,
                                      internal.findings, copies.generate, objectives.generate,
                                      context.generate, risks.generate, review.generate, reports.generate,
                                      cases.generate, figures.rebuild]


def test_another_app_adds_a_step_that_runs_after_them_with_their_context(seed_scale, monkeypatch):
    monkeypatch.setattr(subjects, "_scale_steps", list(subjects._scale_steps))  # restored after the test
    seen = []

    def extra(seeder, ctx):
        keys = sorted(k for k in ("documents", "revisions", "audits", "nonconformities") if ctx.get(k))
        seen.append((ctx["agency"].code, keys, Copy.objects.filter(agency=ctx["agency"]).exists()))

    subjects.register_scale((1000, extra))
    subjects.register_scale((1000, extra))  # registering twice (ready() run again) adds it once

    seed_scale(0.001, agencies=2)

    # Once per agency, last: the subjects' data (copies included) are made and in its context.
    assert [code for code, _keys, _copied in seen] == ["ubnd-ba-dinh", "ubnd-dong-da"]
    assert all(keys == ["audits", "documents", "nonconformities", "revisions"] for _code, keys, _copied in seen)
    assert all(copied for _code, _keys, copied in seen)
