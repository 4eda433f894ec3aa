"""Benchmark registry of the copies (bench/README.md): distribution registers, verification, PDF downloads.

Listed after processes/documents/bench.py in bench/common.py's APP_MODULES; the pages of one revision
open the typical revision that documents' bench picks (setup_document).
"""

from django.urls import reverse

from bench.mix import Req
from bench.pages import Page
from processes.documents.bench import LIST, setup_document


def _copy_setup(ctx):
    """A controlled copy of the agency (its code for the public verification page)."""
    from processes.copies.models import Copy

    if "copy_code" in ctx.cache:
        return
    copy = Copy.objects.for_agency(ctx.agency).controlled().order_by("id").first()
    ctx.cache["copy_code"] = copy.code if copy else "2222222222"


PAGES = [
    # Copies (PDF-2…4): the agency's distribution register (copies to recall first, then the latest copies
    # issued and downloads), one revision's register, and the public verification of a copy's code.
    Page("copy_register", "list", path=lambda ctx: reverse("processes:copy_register"),
         note="recall list + latest 100 copies and downloads", **LIST),
    Page("copy_register_revision", "list", setup=setup_document, note="one revision's copies and last 200 downloads",
         path=lambda ctx: reverse("processes:copy_register_revision", kwargs={"pk": ctx.cache["revision_pk"]}), **LIST),
    Page("verify_copy", "page", setup=_copy_setup, anonymous=True, goal_ratio=3.0, max_queries=12,
         path=lambda ctx: reverse("processes:verify", kwargs={"code": ctx.cache["copy_code"]})),
]

MIX = [
    # quality.md's memory goal counts PDF downloads: an uncontrolled copy stamped from the stored master.
    Req("copy_download", 5, lambda ctx: reverse("processes:copy_uncontrolled", kwargs={"pk": ctx.cache["revision_pk"]}),
        setup=lambda ctx: _master_ready(ctx), group="download"),
]


def _master_ready(ctx):
    """The typical revision's master PDF rendered and stored (seed_scale records none), once, before the run."""
    from django.db import transaction

    from processes.copies import services
    from processes.copies.models import MasterPDF
    from processes.copies.render import render_master

    setup_document(ctx)
    master = MasterPDF.objects.filter(revision_id=ctx.cache["revision_pk"], status=MasterPDF.Status.DONE).first()
    if master is None:
        with transaction.atomic():
            master = services.queue_master(revision_id=ctx.cache["revision_pk"], force=True)
        master = render_master(master_id=master.pk)  # here, not by a worker: the run needs it now
        assert master.status == MasterPDF.Status.DONE, master.error
