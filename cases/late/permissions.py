"""Who may act on late files.

- The apology slip (form 04): the file's handler (who holds its current step, or the person it is assigned to)
  or the coordinator; it is signed by a head of the agency (Role.HEAD).
- The late-files list, its "open an NC" button and the agency's choice to open them automatically: the
  coordinator (the ISO secretary who runs the NC register).
- A dissatisfied rating turned into feedback or an NC: the desk's clerks and the coordinator.
"""

from qms.core.models import Role, User

COORDINATORS = (Role.COORDINATOR,)
RATING_ROLES = (Role.CLERK, Role.COORDINATOR)


def is_handler(user, case):
    step = case.current_step
    return step is not None and user.pk in (step.taken_by_id, step.assignee_id)


def may_issue_apology(user, case):
    if user.agency_id != case.agency_id or not user.is_active:
        return False
    return user.has_role(*COORDINATORS) or is_handler(user, case)


def may_turn_rating(user, case):
    return user.agency_id == case.agency_id and user.is_active and user.has_role(*RATING_ROLES)


def signers(agency):
    """Who may sign an apology slip: the agency's heads."""
    return User.objects.in_agency(agency).with_role(Role.HEAD).order_by("full_name", "pk")
