"""Demo one-stop files for UBND Quận Hoàn Kiếm, under its effective QT-05 (building permits): one returned and
rated, one with the urban department, one awaiting supplements, one just received. A first set for the pages;
late files with apology slips come with the late-file handling.

Idempotent: nothing is added once the agency has files. Everything goes through ``cases.files.services``.
"""

from django.db import transaction

from cases.files import services as svc
from cases.files.models import Case
from processes.documents.models import Revision

AGENCY, PREFIX = "ubnd-hoan-kiem", "hk"
APPLICANTS = ["Nguyễn Thị Hồng Nhung", "Trần Quốc Bảo", "Lê Minh Tuấn", "Phạm Thu Hằng"]


@transaction.atomic
def seed(agencies, users):
    agency = agencies.get(AGENCY)
    if agency is None or Case.objects.filter(agency=agency).exists():
        return
    revision = (Revision.objects.filter(agency=agency, status=Revision.Status.EFFECTIVE, document__code="QT-05")
                .select_related("document").first())
    if revision is None or not revision.processing_time_days:
        return
    u = {s: users[f"{PREFIX}.{s}"] for s in ("canbo", "soanthao", "lanhdao")}
    papers = svc.dossier_papers(revision)

    def intake(name, ticked=None):
        return svc.Intake(agency=agency, revision=revision, applicant_name=name, applicant_address="Phố Hàng Bạc",
                          applicant_phone="0904000111", papers=papers if ticked is None else ticked)

    done = svc.case_receive(user=u["canbo"], intake=intake(APPLICANTS[0]))
    for step in done.steps.order_by("order"):
        holder = u["soanthao"] if step.department_id else u["canbo"]
        svc.step_take(step=step, user=holder)
        svc.step_complete(step=step, user=holder, note="Đã xử lý xong.")
    svc.case_record_result(case=done, user=u["canbo"], result_text="Giấy phép xây dựng số 125/GPXD")
    svc.case_return(case=done, user=u["canbo"], method="in_person")
    svc.case_rate(case=done, rating="satisfied", comment="Cán bộ hướng dẫn tận tình.")
    moving = svc.case_receive(user=u["canbo"], intake=intake(APPLICANTS[1]))
    first = moving.steps.order_by("order").first()
    svc.step_take(step=first, user=u["canbo"])
    svc.step_complete(step=first, user=u["canbo"], note="Hồ sơ đủ, chuyển phòng chuyên môn.")
    svc.case_request_supplement(user=u["canbo"], intake=intake(APPLICANTS[2], papers[:1]),
                                text="Bổ sung bản vẽ thiết kế có chữ ký của chủ đầu tư.")
    svc.case_receive(user=u["canbo"], intake=intake(APPLICANTS[3]))
