"""Benchmark registry of document control (bench/README.md): list pages, search, details, load mix.

Goals are quality.md's: list pages ≤ 12 queries and median ≤ 3× the trivial page; the
accent-insensitive search over the revisions ≤ 5× the trivial page.
"""

from urllib.parse import urlencode

from django.urls import reverse

from bench.mix import Req
from bench.pages import Page


def setup_document(ctx):
    """Pick a typical document of the benchmark user's agency: a procedure with several issues.

    Also used by the copies' pages (processes/copies/bench.py), which open the same revision.
    """
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
    Page("document_detail", "detail", setup=setup_document, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("processes:document_detail", kwargs={"pk": ctx.cache["document_pk"]})),
    Page("revision_detail", "detail", setup=setup_document, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("processes:revision_detail", kwargs={"pk": ctx.cache["revision_pk"]})),
]

MIX = [
    Req("documents_register", 6, _register(), group="list"),
    Req("master_list", 3, lambda ctx: reverse("processes:master_list"), group="list"),
    Req("search_cai_cach", 3, _register(q="cai cach"), group="search"),
    Req("search_duong", 3, _register(q="duong"), group="search"),
    Req("document_detail", 4, lambda ctx: reverse("processes:document_detail", kwargs={"pk": ctx.cache["document_pk"]}),
        setup=setup_document),
    Req("revision_detail", 4, lambda ctx: reverse("processes:revision_detail", kwargs={"pk": ctx.cache["revision_pk"]}),
        setup=setup_document),
    Req("master_list_csv", 2, lambda ctx: reverse("processes:master_list_csv"), group="download"),
]
