"""The plan to achieve a quality objective (TCVN ISO 9001:2015, 6.2.2; issue 18).

What will be done, the resources, who is responsible (a person of the agency and/or the objective's lead
department), when it will be completed and how the results will be evaluated. A plan is all five or nothing.

Which edition asks for it is read from the objective's year: an agency that applies 2015 by the end of that year
must plan the year's objectives (an agency moving mid-year plans the objectives it set in January too); an
objective of a year spent wholly under 2008 may have a plan, and is not refused for lacking one (2008 asked for
measurable objectives, 5.4.1, not for a plan to reach them).
"""

import datetime
import unicodedata

from django.utils.translation import gettext as _

from qms.core import clauses, editions

PLAN = ("plan_actions", "plan_resources", "plan_owner", "plan_due", "plan_evaluation")
TEXTS = ("plan_actions", "plan_resources", "plan_evaluation")
MISSING = {
    "plan_actions": lambda: _("Hãy ghi việc sẽ làm để đạt mục tiêu."),
    "plan_resources": lambda: _("Hãy ghi nguồn lực cần có."),
    "plan_due": lambda: _("Hãy ghi thời hạn hoàn thành."),
    "plan_evaluation": lambda: _("Hãy ghi cách đánh giá kết quả."),
}


def year_end(year):
    """31 December of ``year``, or None for a year no objective can have (the form refuses it elsewhere)."""
    try:
        return datetime.date(int(year), 12, 31) if 2000 <= int(year) <= 2100 else None
    except (TypeError, ValueError):
        return None


def plan_edition(agency, year):
    """The edition the objectives of ``year`` are planned under."""
    end = year_end(year)
    return editions.edition_on(agency, end) if end else clauses.EDITION_2008


def plan_required(agency, year):
    return plan_edition(agency, year) == clauses.EDITION_2015


def plan_clause(agency, year):
    """The clause a plan is shown under: 6.2.2 for a 2015 year, 5.4.1 (objectives) for a 2008 one."""
    return "6.2.2" if plan_required(agency, year) else "5.4.1"


def _clean(value):
    return unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()


def plan_errors(objective, agency):
    """Field-keyed messages for the plan set on ``objective`` (texts normalised in place); {} when it may be saved."""
    for name in TEXTS:
        setattr(objective, name, _clean(getattr(objective, name)))
    given = [name for name in PLAN if getattr(objective, name if name != "plan_owner" else "plan_owner_id")]
    required = plan_required(agency, objective.year)
    if not given and not required:
        return {}
    errors = {name: message() for name, message in MISSING.items() if name not in given}
    owner = objective.plan_owner if objective.plan_owner_id else None
    if owner is not None and (owner.agency_id != agency.pk or not owner.is_active):
        errors["plan_owner"] = _("Người chịu trách nhiệm phải là cán bộ của cơ quan.")
    elif owner is None and not objective.department_id:
        errors["plan_owner"] = _("Hãy chọn người chịu trách nhiệm, hoặc phòng chủ trì của mục tiêu.")
    end = year_end(objective.year)
    if objective.plan_due and end and objective.plan_due.year != end.year:
        errors["plan_due"] = _("Thời hạn hoàn thành phải trong năm %(year)s của mục tiêu.") % {"year": end.year}
    if errors:
        errors["plan"] = (_("Cơ quan áp dụng TCVN ISO 9001:2015: mục tiêu của năm %(year)s cần có kế hoạch thực hiện "
                            "(điều 6.2.2).") % {"year": objective.year} if required else
                          _("Kế hoạch thực hiện cần ghi đủ việc sẽ làm, nguồn lực, người chịu trách nhiệm, thời hạn "
                            "và cách đánh giá kết quả, hoặc để trống cả."))
    return errors
