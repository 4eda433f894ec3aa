"""Pages of the management review (MR-2): list, meeting, inputs, decisions, approval, minutes PDF.

Who: the QMS managers (head, coordinator, management representative) prepare and write; every other member
of the agency reads reviews that took place (not drafts); the provincial oversight reads none; another
agency's review is a 404. The head alone approves the minutes.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core import editions, lockout
from qms.core.access import MANAGERS, get_scoped_or_404, is_manager, role_required, scoped
from qms.core.history import history_entries
from qms.core.models import Role
from qms.pdf.render import render_template_pdf
from quality.review import services
from quality.review.forms import ApproveForm, CompleteForm, DecisionForm, NoteForm, ReviewForm
from quality.review.inputs import compile_inputs, edition_of
from quality.review.models import CLAUSES, Decision, ManagementReview
from quality.review.present import sections

# Every role of an agency's own staff; the provincial oversight role reads figures only, never reviews.
MEMBERS = tuple(r for r in Role.values if r != Role.OVERSIGHT)


def apply_errors(form, exc):
    """Show a service's ValidationError on the form, on its field where the form has one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error.messages[0])
    else:
        for message in exc.messages:
            form.add_error(None, message)


def get_review(request, pk, *, manage=False):
    """The review of the user's agency (404 otherwise); a draft, or any change, is for the managers (403)."""
    review = get_scoped_or_404(ManagementReview.objects.select_related("agency", "chair", "approved_by", "created_by"),
                               request.user, pk=pk)
    if (manage or review.is_draft) and not is_manager(request.user):
        raise PermissionDenied
    return review


@role_required(*MEMBERS)
def review_list(request):
    reviews = scoped(ManagementReview.objects.select_related("chair"), request.user)
    if not is_manager(request.user):
        reviews = reviews.readable_by_all()
    reviews = reviews.annotate(
        decisions_total=Count("decisions"),
        decisions_open=Count("decisions", filter=Q(decisions__status=Decision.Status.OPEN)),
    ).order_by("-held_on", "-pk")[:200]
    edition = request.user.agency.iso_edition
    return render(request, "quality/review/review_list.html", {
        "reviews": reviews, "can_create": is_manager(request.user),
        "standard": editions.standard_name(edition), "clause": CLAUSES[edition]["review"]})


@role_required(*MANAGERS, action=_("lập cuộc họp xem xét của lãnh đạo"))
def review_create(request):
    agency = request.user.agency
    today = timezone.localdate()
    initial = {"held_on": today, "period_start": today.replace(month=1, day=1), "period_end": today,
               "chair": request.user.pk}
    form = ReviewForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(agency=agency, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lập cuộc họp. Đầu vào được tổng hợp tự động cho kỳ xem xét."))
            return redirect(review)
    return render(request, "quality/review/review_form.html", {"form": form, "review": None})


@role_required(*MANAGERS)
def review_edit(request, pk):
    review = get_review(request, pk, manage=True)
    if review.is_approved:
        messages.error(request, _("Biên bản đã được phê duyệt; không sửa được nữa."))
        return redirect(review)
    initial = {"held_on": review.held_on, "period_start": review.period_start, "period_end": review.period_end,
               "chair": review.chair_id, "participants": list(review.participants.values_list("pk", flat=True)),
               "guests": review.guests}
    form = ReviewForm(request.POST or None, agency=review.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(review=review, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(review)
    return render(request, "quality/review/review_form.html", {"form": form, "review": review})


def _context(request, review):
    data = review.snapshot if review.snapshot is not None else compile_inputs(review)
    edition = edition_of(review, data)
    notes = list(review.notes.all())
    decisions = list(review.decisions.select_related("owner").order_by("pk"))
    today = timezone.localdate()
    for d in decisions:
        d.overdue = d.is_overdue(today)
        d.can_complete = d.status == Decision.Status.OPEN and services.can_complete(request.user, d)
    return {
        "review": review,
        "data": data,
        "sections": sections(data, notes),
        "participants": list(review.participants.select_related("department").order_by("full_name")),
        "guests": [g for g in review.guests.splitlines() if g.strip()],
        "decisions": decisions,
        "kinds": Decision.Kind,
        "today": today,
        "edition": edition,
        "clauses": CLAUSES[edition],
    }


@role_required(*MEMBERS)
def review_detail(request, pk):
    review = get_review(request, pk)
    context = _context(request, review)
    manager = is_manager(request.user)
    editable = manager and not review.is_approved
    context.update({
        "can_edit": editable,
        "can_hold": manager and review.is_draft,
        "can_approve": review.status == ManagementReview.Status.HELD and request.user.has_role(Role.HEAD),
                "history": history_entries(review, limit=50) if manager else [],
    })
    return render(request, "quality/review/review_detail.html", context)


@require_POST
@role_required(*MANAGERS)
def review_hold(request, pk):
    review = get_review(request, pk, manage=True)
    try:
        services.review_hold(review=review, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ghi nhận cuộc họp; đầu vào của kỳ xem xét đã được chốt."))
    return redirect(review)


@require_POST
@role_required(*MANAGERS)
def review_note(request, pk):
    review = get_review(request, pk, manage=True)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        services.section_annotate(review=review, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(review)
    messages.success(request, _("Đã lưu nhận xét."))
    return redirect(review.get_absolute_url() + f"#input-{form.cleaned_data['section']}")


@role_required(*MANAGERS)
def decision_add(request, pk):
    review = get_review(request, pk, manage=True)
    if review.is_approved:
        messages.error(request, _("Biên bản đã được phê duyệt; không thêm được quyết định."))
        return redirect(review)
    form = DecisionForm(request.POST or None, agency=review.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_add(review=review, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm quyết định và báo cho người thực hiện."))
            return redirect(review.get_absolute_url() + "#decisions")
    return render(request, "quality/review/decision_form.html", {
        "form": form, "review": review, "clause": CLAUSES[edition_of(review)]["outputs"]})


@role_required(*MEMBERS)
def decision_complete(request, pk):
    decision = get_object_or_404(
        scoped(Decision.objects.select_related("review", "review__agency", "owner"), request.user), pk=pk)
    if not services.can_complete(request.user, decision) or decision.review.is_draft:
        raise PermissionDenied
    if decision.status != Decision.Status.OPEN:
        messages.error(request, _("Quyết định này đã hoàn thành."))
        return redirect(decision.get_absolute_url())
    form = CompleteForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_complete(decision=decision, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận hoàn thành quyết định."))
            return redirect(decision.get_absolute_url())
    return render(request, "quality/review/decision_complete.html", {"form": form, "decision": decision})


@role_required(Role.HEAD, action=_("phê duyệt biên bản xem xét của lãnh đạo"))
def review_approve(request, pk):
    review = get_review(request, pk, manage=True)
    if review.status != ManagementReview.Status.HELD:
        messages.error(request, _("Chỉ phê duyệt được biên bản của cuộc họp đã họp và chưa phê duyệt."))
        return redirect(review)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_approve(review=review, user=request.user, password=form.cleaned_data["password"],
                                    request=request)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã phê duyệt biên bản."))
            return redirect(review)
    return render(request, "quality/review/review_approve.html",
                  {"form": form, "review": review, "locked": lockout.lock_message(request, request.user)})


@role_required(*MEMBERS)
def review_minutes_pdf(request, pk):
    """The minutes, rendered per request from the frozen inputs (a draft's from live figures, marked draft)."""
    review = get_review(request, pk)
    context = _context(request, review)
    context["printed_at"] = timezone.localtime()
    title = _("Biên bản họp xem xét của lãnh đạo")
    pdf = render_template_pdf("pdf/review_minutes.html", {**context, "title": title}, metadata={
        "title": f"{title} {review.held_on:%d/%m/%Y}", "author": review.agency.name, "subject": title,
        "keywords": [f"ISO 9001:{context['edition']}", context["clauses"]["review"]],
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bien-ban-xem-xet-{review.held_on:%Y-%m-%d}.pdf"'
    return response
