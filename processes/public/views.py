"""The citizens' front door: the province's agencies, each agency's published procedures and their current
uncontrolled PDF. Public pages: nothing internal is read here (no drafts, no people, no NCs or audits), and
every query is scoped to what ``Document.objects.published()`` allows.

Query counts are fixed whatever the number of agencies or documents (tests/processes/public pin them).
"""

import io
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from processes.copies import services as copies
from processes.documents import services as documents
from processes.documents.models import Document, Revision
from processes.public import services as front_door
from qms.core import access, downloads, search
from qms.core.models import Agency

S = Revision.Status
PER_PAGE = 25  # a phone screenful or two of cards; also keeps the page within 3x the trivial page at scale


def _listed_agency(code):
    """An active supervised agency by its code (the oversight body and switched-off agencies are not listed)."""
    return Agency.objects.supervised().filter(code=code).first()


def _agency_not_found(request):
    return render(request, "processes/public/agency_not_found.html", status=404)


def published_revisions(agency):
    """The effective revisions of the agency's published documents, in code order, bodies left unread."""
    return (
        Revision.objects.filter(agency=agency, status=S.EFFECTIVE, document__is_public=True,
                                document__withdrawn_at__isnull=True)
        .select_related("document").only("id", "issue_number", "effective_date", "document__id", "document__code",
                                         "document__title", "document__doc_type")
        .order_by("document__code")
    )


# The counts on the front page group every effective revision of the province (10,000 at quality.md's scale:
# ~20 ms on SQLite, 6× the trivial page, measured with bench.run). They change when a revision takes effect or a
# document is published, and a citizen loses nothing if a new count shows a minute late: kept for 60 s per process.
COUNTS_KEY = "public:published_counts"
COUNTS_SECONDS = 60


def _published_counts():
    return dict(
        Revision.objects.filter(status=S.EFFECTIVE, document__is_public=True, document__withdrawn_at__isnull=True)
        .order_by().values("agency_id").annotate(n=Count("id")).values_list("agency_id", "n")
    )


@access.public
def home(request):
    """The agencies of the province that run a QMS, with how many procedures each has published."""
    agencies = list(Agency.objects.supervised().only("code", "name", "parent_name", "address", "kind",
                                                                   "iso_edition", "iso_edition_since").order_by("name"))
    counts = cache.get_or_set(COUNTS_KEY, _published_counts, COUNTS_SECONDS)
    for a in agencies:
        a.published = counts.get(a.pk, 0)
    return render(request, "processes/public/home.html", {"agencies": agencies})


@access.public
def agency(request, code):
    agency = _listed_agency(code)
    if agency is None:
        return _agency_not_found(request)
    documents.ensure_current(agency=agency)  # an issue due today is shown as it is, not as yesterday's
    query = search.parse(request.GET.get("q", ""))
    revisions = search.apply(published_revisions(agency), query, "document__search_folded")
    page = Paginator(revisions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "processes/public/agency.html", {
        "agency": agency, "page": page, "search": query,
        "query": urlencode({"q": query.text}) if query else "",
    })


@access.public
def document_pdf(request, code, pk):
    """The current issue of a published document as an uncontrolled copy, stamped with the time of printing."""
    agency = _listed_agency(code)
    if agency is None:
        return _agency_not_found(request)
    document = Document.objects.published().filter(agency=agency, pk=pk).first()
    if document is None:
        return _unavailable(request, agency, _("Không tìm thấy tài liệu"),
                            _("Cơ quan không công khai tài liệu này, hoặc tài liệu đã bị hủy bỏ."), 404)
    documents.ensure_current(document=document)
    revision = Revision.objects.effective().filter(document=document).defer(*Revision.BODY_FIELDS).first()
    if revision is None:
        return _unavailable(request, agency, _("Tài liệu chưa có lần ban hành hiện hành"),
                            _("Tài liệu này hiện không có lần ban hành nào đang hiệu lực."), 404)
    try:
        download = front_door.download_public_copy(revision=revision)
    except (copies.MasterNotReady, copies.MasterIntegrityError):
        return _unavailable(request, agency, _("Bản PDF chưa sẵn sàng"),
                            _("Bản PDF của tài liệu này đang được chuẩn bị. Vui lòng thử lại sau ít phút."), 503)
    except PermissionDenied:
        raise Http404
    return downloads.file_response(io.BytesIO(download.pdf), filename=download.filename, content_type="application/pdf")


def _unavailable(request, agency, title, text, status):
    return render(request, "processes/public/unavailable.html",
                  {"agency": agency, "title": title, "text": text}, status=status)
