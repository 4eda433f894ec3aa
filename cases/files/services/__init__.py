"""One-stop files: the named state changes (issue 16). Intake at the desk in ``intake``, handling in ``handling``;
callers import from here."""

from cases.files.services.handling import (  # noqa: F401
    case_rate,
    case_record_result,
    case_return,
    step_complete,
    step_return_for_information,
    step_take,
)
from cases.files.services.intake import (  # noqa: F401
    Intake,
    allocate_code,
    appointment,
    case_receive,
    case_refuse,
    case_request_supplement,
    case_supplements_received,
    case_withdraw,
    dossier_papers,
    effective_procedures,
    papers_of,
)
