"""The one-stop demo (issue 16 item 10): files of UBND Quận Hoàn Kiếm and Sở Tư pháp Hà Nội in every state, some
late with apology slips (form 04) issued before their appointment passed, one late file opened as a nonconformity.
Built here rather than in ``cases.files.demo`` (which has the helpers) because the late files need this subject's
services. Everything goes through the services (cases.files.services, cases.late.services) with ``now=`` in the
past. Files of an agency are received in date order, so their numbers follow the dates; the last one is received at
the real present, so the newest received file's active step is the desk's (bin/api-check takes it).

Idempotent: nothing is added for an agency that already has files.
"""

from django.db import transaction

from cases.files import services as svc
from cases.files.demo import PREFIXES, Desk
from cases.files.models import Case
from cases.late.services import apology_issue, late_case_open_nc


def apology(d, case, when, days, reason):
    """Form 04 by the coordinator, signed by the head, at ``when`` (before the date promised); the new date
    ``days`` working days after it."""
    case = Case.objects.get(pk=case.pk)
    return apology_issue(case=case, user=d.u["thuky"], new_appointment_at=d.after(case.due_at, days),
                         reason=reason, signed_by=d.u["lanhdao"], now=when)


def _hoan_kiem(d):
    at = d.at
    # Returned on time and rated.
    permit = d.receive("QT-05", "Nguyễn Thị Hồng Nhung", at(28, 8), applicant_id_number="001185004321")
    d.run(permit, at(28, 10), at(19, 15), at(17, 10), at(15, 9), at(15, 14))
    d.deliver(permit, "Giấy phép xây dựng số 125/GPXD", at(14, 9), rating="satisfied",
              comment="Cán bộ hướng dẫn tận tình.")
    # Late: the apology slip before the appointment, the result after it; returned, rated "not satisfied".
    digging = d.receive("QT-09", "Công ty TNHH Xây dựng Thăng Long", at(22, 8), applicant_kind="organisation",
                        address="45 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội")
    d.run(digging, at(22, 11), None)
    apology(d, digging, at(18, 10), 3, "Tuyến đường đang thi công cấp nước, phải phối hợp kiểm tra hiện trường "
                                      "với Công ty Nước sạch Hà Nội.")
    d.run(digging, at(14, 15), at(13, 10), at(13, 15))
    d.deliver(digging, "Giấy phép đào hè phố số 37/GP-UBND", at(12, 9), rating="not_satisfied",
              comment="Trễ hẹn so với giấy biên nhận, phải đi lại nhiều lần.")
    # Late and still being handled: the apology slip, then an NC opened by the coordinator.
    late = d.receive("QT-09", "Lê Minh Tuấn", at(14, 8), address="8 Hàng Buồm, Hoàn Kiếm, Hà Nội")
    d.run(late, at(14, 10), None)
    apology(d, late, at(10, 9), 4, "Chờ ý kiến thỏa thuận của Sở Giao thông vận tải về phương án tổ chức giao "
                                  "thông.")
    # Withdrawn by the applicant after the first hand-over.
    birth = d.receive("QT-07", "Trần Quốc Bảo", at(12, 9))
    d.run(birth, at(12, 11))
    svc.case_withdraw(case=Case.objects.get(pk=birth.pk), user=d.u["canbo"], now=at(8, 14),
                      reason="Đơn xin rút hồ sơ ngày nhận của ông Trần Quốc Bảo (chuyển đăng ký tại nơi khác).")
    # Refused at the desk: not the district's competence.
    svc.case_refuse(user=d.u["canbo"], intake=d.intake("QT-08", "Phạm Văn Khải"), now=at(10, 10),
                    reasons="Ngành nghề đăng ký thuộc diện phải thành lập doanh nghiệp, không đăng ký hộ kinh doanh.",
                    legal_basis="Điều 79 Nghị định 01/2021/NĐ-CP về đăng ký doanh nghiệp.")
    # Certified copy: same day, returned, rated "acceptable".
    copy = d.receive("QT-06", "Phạm Thu Hằng", at(9, 8))
    d.run(copy, at(9, 9), at(9, 10, 30), at(9, 11))
    d.deliver(copy, "03 bản sao chứng thực từ bản chính", at(8, 8), rating="acceptable")
    # In progress, sent back once for information: the hand-overs go forward, back and forward again.
    moving = d.receive("QT-05", "Vũ Đức Thắng", at(6, 8))
    d.run(moving, at(6, 10), None)
    step = Case.objects.get(pk=moving.pk).current_step
    svc.step_return_for_information(step=step, user=d.holder(step), now=at(3, 10),
                                    reason="Bổ sung ý kiến của tổ dân phố về ranh giới thửa đất.")
    d.run(moving, at(2, 9), None)
    # Result ready at the desk, not yet collected.
    household = d.receive("QT-08", "Đỗ Thị Mai", at(4, 9))
    d.run(household, at(4, 11), at(2, 15), at(1, 8, 30))
    svc.case_record_result(case=Case.objects.get(pk=household.pk), user=d.u["canbo"],
                           result_text="Giấy chứng nhận đăng ký hộ kinh doanh số 01A8012345")
    # Supplement requested at the desk (the file's clock stopped).
    svc.case_request_supplement(user=d.u["canbo"], intake=d.intake("QT-05", "Ngô Thanh Hương", missing=1),
                                text="Bổ sung hai bộ bản vẽ thiết kế có chữ ký của chủ đầu tư.", now=at(2, 14))
    # The late file in progress is opened as a nonconformity today, by the coordinator.
    late_case_open_nc(case=Case.objects.get(pk=late.pk), user=d.u["thuky"])
    # Just received: the desk's step waits to be taken.
    d.receive("QT-05", "Hoàng Thị Lan")


def _tu_phap(d):
    at = d.at
    record = d.receive("QT-TP-01", "Bùi Văn Nam", at(20, 8), applicant_id_number="001090012345")
    d.run(record, at(20, 10), at(14, 15), at(13, 10), at(13, 14))
    d.deliver(record, "Phiếu lý lịch tư pháp số 2315/LLTP", at(12, 9), rating="satisfied", method="post")
    # Late, with the apology slip before the appointment; returned and rated.
    lawyer = d.receive("QT-TP-02", "Luật sư Nguyễn Hữu Phước", at(18, 8))
    d.run(lawyer, at(18, 10), None)
    apology(d, lawyer, at(14, 9), 3, "Chờ Liên đoàn Luật sư Việt Nam xác nhận chứng chỉ hành nghề.")
    d.run(lawyer, at(9, 15), at(8, 10), at(8, 15))
    d.deliver(lawyer, "Giấy đăng ký hành nghề luật sư số 512/TP-ĐKHN", at(7, 9), rating="acceptable")
    svc.case_refuse(user=d.u["canbo"], intake=d.intake("QT-TP-03", "Văn phòng công chứng Hồng Hà",
                                                          applicant_kind="organisation"), now=at(10, 9),
                    reasons="Công chứng viên chưa đủ 02 năm hành nghề theo quy định.",
                    legal_basis="Khoản 1 Điều 22 Luật Công chứng 2014.")
    gone = d.receive("QT-TP-01", "Đinh Thị Thảo", at(9, 8))
    d.run(gone, at(9, 10))
    svc.case_withdraw(case=Case.objects.get(pk=gone.pk), user=d.u["canbo"], now=at(6, 9),
                      reason="Người nộp có đơn rút hồ sơ để nộp trực tuyến trên Cổng dịch vụ công.")
    ready = d.receive("QT-TP-02", "Luật sư Trần Thị Diệu Linh", at(7, 8))
    d.run(ready, at(7, 10), at(3, 15), at(2, 10), at(2, 14))
    svc.case_record_result(case=Case.objects.get(pk=ready.pk), user=d.u["canbo"],
                           result_text="Giấy đăng ký hành nghề luật sư số 530/TP-ĐKHN")
    notary = d.receive("QT-TP-03", "Văn phòng công chứng Nguyễn Trãi", at(5, 8), applicant_kind="organisation")
    d.run(notary, at(5, 10), None)
    svc.case_request_supplement(user=d.u["canbo"], intake=d.intake("QT-TP-01", "Lưu Quang Minh", missing=1),
                                text="Bổ sung bản sao căn cước của người yêu cầu cấp phiếu.", now=at(3, 10))
    d.receive("QT-TP-01", "Cao Thị Hà")


SEEDS = {"ubnd-hoan-kiem": _hoan_kiem, "so-tu-phap": _tu_phap}


@transaction.atomic
def seed(agencies, users):
    for code, build in SEEDS.items():
        agency = agencies.get(code)
        if agency is None or Case.objects.filter(agency=agency).exists():
            continue
        build(Desk(agency, users, PREFIXES[code]))
