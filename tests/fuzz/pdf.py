"""PDF copies under hostile input: the controlled-copy issue form, the public verification form and URL."""

from urllib.parse import quote

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_number, nasty_text


def _build(world):
    from tests.matrix.pdf import attach_master
    from tests.processes.documents.helpers import effective_revision, make_document

    revision = effective_revision(world, make_document(world, code="QT-FZ", title="Thử dữ liệu xấu"))
    attach_master(revision)
    world.objects["fuzz_revision"] = revision


def _rev(world):
    revision = world.objects.get("fuzz_revision")  # absent when only resolving the URL
    return {"pk": revision.pk if revision else 1}


TARGETS = [
    Target("processes:copy_issue", name="processes:copy_issue (junk holder/department)", build=_build, kwargs=_rev,
           fields={"holder": nasty_number(), "department": nasty_text()}),
    Target("processes:verify_form", name="processes:verify_form (typed code)", persona=None, method="get",
           fields={"ma": nasty_text()}),
    Target(name="processes:verify (junk code in the URL)", persona=None, method="get", fields={"code": nasty_text()},
           path=lambda w, d: "/tai-lieu/xac-minh/%s/" % (quote(d["code"], safe="") or "x")),
]
