"""Which review records' history a user may read (the history page): the managers', since drafts and every
edit before the meeting are theirs to see."""

from quality.review.models import Decision, ManagementReview, SectionNote


def scopes(user):
    agency = user.agency
    return {
        "quality.managementreview": (ManagementReview.objects.filter(agency=agency), True),
        "quality.sectionnote": (SectionNote.objects.filter(review__agency=agency), True),
        "quality.decision": (Decision.objects.filter(agency=agency), True),
    }
