"""Which file records' history a user may read (the history page): the agency's QMS managers'."""

from cases.files.models import ApologySlip, Case, CaseStep, Handover, OneStopSettings


def scopes(user):
    agency = user.agency
    return {
        "cases.case": (Case.objects.filter(agency=agency), True),
        "cases.casestep": (CaseStep.objects.filter(agency=agency), True),
        "cases.handover": (Handover.objects.filter(agency=agency), True),
        "cases.apologyslip": (ApologySlip.objects.filter(agency=agency), True),
        "cases.onestopsettings": (OneStopSettings.objects.filter(agency=agency), True),
    }
