"""Document control forms and endpoints under hostile input (quality.md "Bad input").

Objects come from the permission matrix's builder (tests/matrix/processes.py): an effective
document QT-05 with an open draft by the author, QT-06 in review, a change request.
"""

from hypothesis import strategies as st

from processes.models import ChangeRequest, Document, Revision, ReviewComment
from tests.factories import PASSWORD
from tests.fuzz import Target
from tests.fuzz.checks import explains, round_trips
from tests.fuzz.strategies import junk, nasty_date, nasty_number, nasty_text
from tests.matrix.processes import build

N = 15


def obj(name):
    def kwargs(world):
        if name not in world.objects:  # also when only the URL is resolved (test_every_registered_target_resolves)
            build(world)
        return {"pk": world.objects[name].pk}

    return kwargs


def newest(model, **filters):
    return lambda w, data, response: model.objects.filter(**filters).order_by("-pk").first()


def fixed_document(w):
    return {"doc_type": "procedure", "review_interval_months": "12", "department": w.departments["urban"].pk}


TARGETS = [
    Target("processes:register", method="get", max_examples=N,
           fields={"q": nasty_text(), "doc_type": junk(), "department": nasty_number(), "status": junk(),
                   "clause": junk(), "review": junk(), "page": nasty_number()}),
    Target("processes:master_list", method="get", max_examples=N, fields={"q": nasty_text(), "page": nasty_number()}),
    Target("processes:change_request_list", method="get", max_examples=N, fields={"page": nasty_number()}),
    Target("processes:document_create", max_examples=25, fixed=fixed_document,
           fields={"code": nasty_text(60), "title": nasty_text(), "clauses": nasty_text(), "clause_choices": junk(),
                   "review_interval_months": nasty_number(), "external_date": nasty_date()},
           check=round_trips(lambda w, d, r: Document.objects.order_by("-pk").first(), ["title"])),
    Target("processes:document_edit", name="processes:document_edit", build=build, kwargs=obj("document"),
           max_examples=N, fixed=fixed_document,
           fields={"code": nasty_text(60), "title": nasty_text(), "reason": nasty_text(),
                   "owner": nasty_number(), "parent": nasty_number()},
           check=round_trips(lambda w, d, r: Document.objects.get(pk=w.objects["document"].pk), ["title", "code"])),
    Target("processes:revision_edit", build=build, persona="author", kwargs=obj("draft"), max_examples=25,
           fields={"purpose": nasty_text(), "scope": nasty_text(), "procedure_html": nasty_text(),
                   "processing_time_days": nasty_number(), "fee": nasty_text(), "dossier_count": nasty_text(),
                   "steps__description": nasty_text(), "steps__time": nasty_text(), "change_location": nasty_text()},
           check=round_trips(lambda w, d, r: Revision.objects.get(pk=w.objects["draft"].pk),
                             ["purpose", "scope", "fee"])),
    Target("processes:revision_submit", build=build, persona="author", kwargs=obj("draft"), max_examples=N,
           fields={"change_summary": nasty_text(), "change_location": nasty_text(), "reviewers": nasty_number(),
                   "approver": nasty_number()},
           check=explains),
    Target("processes:revision_sign", build=build, persona="reviewer", kwargs=obj("in_review"), max_examples=N,
           fields={"password": st.one_of(nasty_text(), st.just(PASSWORD)), "effective_date": nasty_date()},
           check=explains),
    Target("processes:revision_sign", name="processes:revision_sign (approver)", build=build, persona="head",
           kwargs=obj("in_review"), max_examples=N,
           fields={"password": st.one_of(nasty_text(), st.just(PASSWORD)), "effective_date": nasty_date()}),
    Target("processes:revision_reject", build=build, persona="reviewer", kwargs=obj("in_review"), max_examples=N,
           fields={"comment": nasty_text(), "section": junk()},
           check=round_trips(lambda w, d, r: ReviewComment.objects.filter(is_rejection=True).order_by("-pk").first(),
                             [])),
    Target("processes:revision_comment", build=build, persona="reviewer", kwargs=obj("in_review"), max_examples=N,
           fields={"text": nasty_text(), "section": st.one_of(junk(), st.just("general"))}),
    Target("processes:change_request_create", build=build, persona="staff", kwargs=obj("document"), max_examples=N,
           fields={"reason": nasty_text(), "proposal": nasty_text()},
           check=round_trips(lambda w, d, r: ChangeRequest.objects.order_by("-pk").first(), ["reason", "proposal"])),
    Target("processes:change_request_decide", build=build, kwargs=obj("change_request"), max_examples=N,
           fields={"decision": st.one_of(junk(), st.sampled_from(["accept", "decline"])),
                   "decision_reason": nasty_text()}),
    Target("processes:periodic_review", build=build, kwargs=obj("document"), max_examples=N,
           fields={"outcome": st.one_of(junk(), st.sampled_from(["keep", "revise", "withdraw"])),
                   "notes": nasty_text()}),
    Target("processes:distribution", build=build, kwargs=obj("document"), max_examples=N,
           fields={"department": nasty_number(), "user": nasty_number(), "copies": nasty_number(), "remove": junk()}),
    Target("processes:revision_acknowledge", build=build, persona="staff", kwargs=obj("effective"), max_examples=5,
           fields={"junk": nasty_text()}),
    Target("processes:compare", build=build, method="get", kwargs=obj("document"), max_examples=N,
           fields={"a": nasty_number(), "b": nasty_number()}),
]
