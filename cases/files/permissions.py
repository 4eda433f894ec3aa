"""Who may do what with one-stop files.

- Every member of the agency (any role but the provincial oversight) opens the register and a file's page, to
  follow the work; the applicant's details (name beyond initials, ID number, address, phone, e-mail) are shown
  only to the people handling files: the desk's clerks, the coordinator, and whoever is or was on one of the
  file's steps (its taker, a member of its department, its assignee). Every showing of them is logged.
- The desk's clerks (Role.CLERK) receive files, request supplements, refuse, return results and record ratings.
- A step is taken by its assignee, else by a member of its department, else by any member of the agency.
- The provincial oversight sees none of it (403); another agency's file is a 404.
"""

from qms.core.models import Role

MEMBERS = tuple(r for r in Role.values if r != Role.OVERSIGHT)
CLERKS = (Role.CLERK,)
# Who sees every file's applicant in lists and search: the desk and the coordinator.
PERSONAL_DATA_ROLES = (Role.CLERK, Role.COORDINATOR)


def sees_all_applicants(user):
    return user.is_authenticated and user.has_role(*PERSONAL_DATA_ROLES)


def may_take(user, step):
    if user.agency_id != step.agency_id or not user.is_active or not user.has_role(*MEMBERS):
        return False
    if step.assignee_id:
        return step.assignee_id == user.pk
    if step.department_id:
        return user.department_id == step.department_id
    return True


def sees_applicant(user, case, steps=None):
    """May ``user`` see this file's applicant? ``steps``: the file's steps when the caller has them."""
    if user.agency_id != case.agency_id:
        return False
    if sees_all_applicants(user):
        return True
    steps = case.steps.all() if steps is None else steps
    return any(s.taken_by_id == user.pk or s.assignee_id == user.pk
               or (s.department_id and s.department_id == user.department_id) for s in steps)
