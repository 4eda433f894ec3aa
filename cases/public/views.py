"""The citizens' status page of a one-stop file (no login): by the code on the receipt, or by the QR code's
key, which alone opens the rating once the result was returned (codes are sequential, keys are not)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.public import services
from cases.public.forms import LookupForm, PublicRateForm
from qms.core.access import public
from qms.core.network import client_ip


def _refused(request, exc):
    return render(request, "cases/public/refused.html", {"message": exc.message}, status=429)


def _not_found(request, code=""):
    return render(request, "cases/public/not_found.html", {"code": code, "form": LookupForm()}, status=404)


@public
def lookup(request):
    form = LookupForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["ma"]
        try:
            case = services.find_by_code(code=code, ip=client_ip(request))
        except services.TooManyLookups as exc:
            return _refused(request, exc)
        if case is None:
            return _not_found(request, code)
        return render(request, "cases/public/status.html", services.status_of(case) | {"by_code": True})
    return render(request, "cases/public/lookup.html", {"form": form})


@public
def status(request, key):
    try:
        case = services.find_by_key(key=key, ip=client_ip(request))
    except services.TooManyLookups as exc:
        return _refused(request, exc)
    if case is None:
        return _not_found(request)
    form = PublicRateForm(request.POST or None)
    context = services.status_of(case)
    if request.method == "POST" and context["can_rate"]:
        if form.is_valid():
            try:
                services.rate(case=case, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"],
                              ip=client_ip(request))
            except services.TooManyLookups as exc:
                return _refused(request, exc)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
                return redirect("case_public:status", key=key)
    return render(request, "cases/public/status.html", context | {"rate_form": form if context["can_rate"] else None})
