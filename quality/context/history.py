"""Which context records' history a user may read: every member's, as the context page is theirs to read."""

from quality.context.models import ContextIssue, InterestedParty


def scopes(user):
    agency = user.agency
    return {
        "quality.contextissue": (ContextIssue.objects.filter(agency=agency), False),
        "quality.interestedparty": (InterestedParty.objects.filter(agency=agency), False),
    }
