"""Benchmark registry of the processes app (bench/README.md): list pages, search, details, load mix.

Goals are quality.md's: list pages ≤ 12 queries and median ≤ 3× the trivial page; the
accent-insensitive search over the revisions ≤ 5× the trivial page.
"""

from urllib.parse import urlencode

from django.urls import reverse

from bench.mix import Req
from bench.pages import Page


def _setup(ctx):
    """Pick a typical document of the benchmark user's agency: a procedure with several issues."""
    from django.db.models import Count

    from processes.documents.models import Document, Revision

    if "document_pk" in ctx.cache:
        return
    doc = (
        Document.objects.for_agency(ctx.agency).filter(doc_type="procedure", withdrawn_at__isnull=True)
        .annotate(n=Count("revisions")).filter(n__gte=3).order_by("id").first()
        or Document.objects.for_agency(ctx.agency).order_by("id").first()
    )
    ctx.cache["document_pk"] = doc.pk
    rev = Revision.objects.filter(document=doc, status=Revision.Status.EFFECTIVE).first() or doc.revisions.first()
    ctx.cache["revision_pk"] = rev.pk


def _copy_setup(ctx):
    """A controlled copy of the agency (its code for the public verification page)."""
    from processes.copies.models import Copy

    if "copy_code" in ctx.cache:
        return
    copy = Copy.objects.for_agency(ctx.agency).controlled().order_by("id").first()
    ctx.cache["copy_code"] = copy.code if copy else "2222222222"


def _register(**params):
    return lambda ctx: reverse("processes:register") + ("?" + urlencode(params) if params else "")


LIST = dict(goal_ratio=3.0, max_queries=12)
SEARCH = dict(goal_ratio=5.0, max_queries=12)

PAGES = [
    Page("documents_register", "list", path=_register(), **LIST),
    Page("documents_register_p50", "list", path=_register(page=50), note="a deep page of the register", **LIST),
    Page("documents_register_filtered", "list", path=_register(doc_type="procedure", status="effective"), **LIST),
    Page("search_cai_cach", "search", path=_register(q="cai cach"), note="accent-less query", **SEARCH),
    Page("search_duong", "search", path=_register(q="duong"), note="accent-less, matches đường", **SEARCH),
    Page("search_duong_accented", "search", path=_register(q="đường"), **SEARCH),
    Page("master_list", "list", path=lambda ctx: reverse("processes:master_list"), **LIST),
    Page("change_requests", "list", path=lambda ctx: reverse("processes:change_request_list"), **LIST),
    Page("document_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("processes:document_detail", kwargs={"pk": ctx.cache["document_pk"]})),
    Page("revision_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("processes:revision_detail", kwargs={"pk": ctx.cache["revision_pk"]})),
    # Copies (PDF-2…4): the agency's distribution register (copies to recall first, then the latest copies
    # issued and downloads), one revision's register, and the public verification of a copy's code.
    Page("copy_register", "list", path=lambda ctx: reverse("processes:copy_register"),
         note="recall list + latest 100 copies and downloads", **LIST),
    Page("copy_register_revision", "list", setup=_setup, note="one revision's copies and last 200 downloads",
         path=lambda ctx: reverse("processes:copy_register_revision", kwargs={"pk": ctx.cache["revision_pk"]}), **LIST),
    Page("verify_copy", "page", setup=_copy_setup, anonymous=True, goal_ratio=3.0, max_queries=12,
         path=lambda ctx: reverse("processes:verify", kwargs={"code": ctx.cache["copy_code"]})),
]

MIX = [
    Req("documents_register", 6, _register(), group="list"),
    Req("master_list", 3, lambda ctx: reverse("processes:master_list"), group="list"),
    Req("search_cai_cach", 3, _register(q="cai cach"), group="search"),
    Req("search_duong", 3, _register(q="duong"), group="search"),
    Req("document_detail", 4, lambda ctx: reverse("processes:document_detail", kwargs={"pk": ctx.cache["document_pk"]}),
        setup=_setup),
    Req("revision_detail", 4, lambda ctx: reverse("processes:revision_detail", kwargs={"pk": ctx.cache["revision_pk"]}),
        setup=_setup),
    Req("master_list_csv", 2, lambda ctx: reverse("processes:master_list_csv"), group="download"),
    # quality.md's memory goal counts PDF downloads: an uncontrolled copy stamped from the stored master.
    Req("copy_download", 5, lambda ctx: reverse("processes:copy_uncontrolled", kwargs={"pk": ctx.cache["revision_pk"]}),
        setup=lambda ctx: _master_ready(ctx), group="download"),
]


def _master_ready(ctx):
    """The typical revision's master PDF rendered and stored (seed_scale records none), once, before the run."""
    from django.db import transaction

    from processes.copies import services as services_pdf
    from processes.copies.models import MasterPDF
    from processes.copies.render import render_master

    _setup(ctx)
    master = MasterPDF.objects.filter(revision_id=ctx.cache["revision_pk"], status=MasterPDF.Status.DONE).first()
    if master is None:
        with transaction.atomic():
            master = services_pdf.queue_master(revision_id=ctx.cache["revision_pk"], force=True)
        master = render_master(master_id=master.pk)  # here, not by a worker: the run needs it now
        assert master.status == MasterPDF.Status.DONE, master.error
