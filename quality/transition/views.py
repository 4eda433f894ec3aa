"""The transition view (issue 18): for the QMS managers of an agency moving from ISO 9001:2008 to 2015, which 2015
records are still missing, which procedures cite 2008 clauses only, and the transition audit's checklist."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from processes.documents.models import Document
from qms.core import clauses
from qms.core.access import MANAGERS, role_required
from quality.transition import services
from quality.transition.progress import REQUIREMENTS, recorded


def _cites_2008_only(document, agency):
    """A procedure written before the move (or while on 2008) whose clauses are 2008's."""
    made_before = agency.iso_edition_since is None or document.created_at.date() < agency.iso_edition_since
    return made_before and any(clauses.normalise(c, clauses.EDITION_2008) for c in clauses.split_codes(document.clauses))


@role_required(*MANAGERS)
def transition(request):
    agency = request.user.agency
    found = recorded([agency.pk])[agency.pk]
    rows = [{"key": key, "clause": clause, "label": label, "url": url, "done": found[key]}
            for key, clause, label, url in REQUIREMENTS]
    procedures = [d for d in Document.objects.filter(agency=agency, doc_type=Document.Type.PROCEDURE,
                                                     withdrawn_at__isnull=True).exclude(clauses="").order_by("code")
                  if _cites_2008_only(d, agency)]
    return render(request, "quality/transition/transition.html", {
        "agency": agency, "rows": rows, "done": sum(r["done"] for r in rows), "procedures": procedures,
        "template": services.transition_template(agency),
    })


@role_required(*MANAGERS)
@require_POST
def transition_checklist(request):
    template = services.make_transition_checklist(agency=request.user.agency, user=request.user)
    messages.success(request, _("Bộ câu hỏi mẫu “%(title)s” đã sẵn sàng.") % {"title": template.title})
    return redirect("quality:transition")
