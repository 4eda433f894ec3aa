"""What the document control pages share: fetching a document or revision the user may see (another
agency's objects answer 404), and a service's ValidationError shown on the form or as messages."""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from processes.documents import permissions as perms
from processes.documents import services
from processes.documents.models import Document, Revision
from qms.core import access


def _messages_from(request, error):
    if hasattr(error, "message_dict"):
        for errors in error.message_dict.values():
            for message in errors:
                messages.error(request, message)
    else:
        for message in error.messages:
            messages.error(request, message)


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _document(request, pk):
    """The one way pages fetch a document by pk: another agency's, or one the user may not see (nothing in force
    yet, withdrawn: permissions.can_view_document), answers 404 like its own page."""
    document = access.get_scoped_or_404(
        Document.objects.select_related("department", "owner", "parent", "agency"), request.user, pk=pk
    )
    if not perms.can_view_document(request.user, document):
        # An issue approved for today may not have been switched on yet: do it, then ask again.
        if not (services.ensure_current(document=document) and perms.can_view_document(request.user, document)):
            raise Http404
    return document


def propose_change(request, pk=None, **_kwargs):
    """The 403 page's next step for someone refused registering or editing a document: the change request
    (DOC-9) of that document when they may see it, else the register, where every document page offers one.
    Never raises: a document they may not see leaves the refusal as it is (no 404 instead, no link to it)."""
    if pk is not None:
        document = Document.objects.filter(pk=pk, agency_id=request.user.agency_id).first()
        if document is not None and document.withdrawn_at is None and perms.can_view_document(request.user, document):
            return (_("Đề nghị sửa đổi/ban hành"), reverse("processes:change_request_create", kwargs={"pk": document.pk}))
    return (_("Đề nghị sửa đổi/ban hành: chọn tài liệu trong danh mục"), reverse("processes:register"))


def _revision(request, pk, *, for_update=False):
    revision = access.get_scoped_or_404(
        Revision.objects.select_related("document", "document__department", "document__agency", "author"),
        request.user, pk=pk,
    )
    if not perms.can_view_revision(request.user, revision):
        raise Http404
    return revision
