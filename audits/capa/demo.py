"""Demo nonconformities in every state, with actions (some overdue).

Idempotent: each demo NC carries a natural key in ``source_ref`` ("DEMO-…"); existing ones are
left as they are. Everything goes through the services, so the history reads like real use; only
the dates of a few actions are moved into the past afterwards, to show overdue work. The citizens'
feedback behind DEMO-01 is seeded next, by ``audits/feedback/demo.py``.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from audits.capa import services as svc
from audits.capa.models import Action, EffectivenessCheck, Nonconformity
from qms.core import editions
from qms.core.history import save_tracked
from qms.core.models import Department

S = Nonconformity.Source
AGENCY_PREFIX = {"ubnd-hoan-kiem": "hk", "so-tu-phap": "tp"}
ONE_STOP = {"ubnd-hoan-kiem": "mot-cua", "so-tu-phap": "mot-cua"}
PROFESSIONAL = {"ubnd-hoan-kiem": "qldt", "so-tu-phap": "hctp"}
CITIZEN_NC = "DEMO-01"  # the NC a citizen's complaint gave rise to: audits/feedback/demo.py links the two


def _dept(agency, code):
    return Department.objects.get(agency=agency, code=code)


def _procedure(agency, code):
    """The agency's register entry for a procedure, when the document demo data has one."""
    from processes.documents.models import Document

    return Document.objects.filter(agency=agency, code__iexact=code).first()


def _whys(*answers):
    return list(answers)


@transaction.atomic
def seed(agencies, users):
    today = timezone.localdate()
    for code, prefix in AGENCY_PREFIX.items():
        agency = agencies.get(code)
        if agency is None:
            continue
        u = {suffix: users[f"{prefix}.{suffix}"] for suffix in ("thuky", "lanhdao", "daidien", "truongphong", "soanthao", "danhgia", "canbo")}
        one_stop = _dept(agency, ONE_STOP[code])
        professional = _dept(agency, PROFESSIONAL[code])
        _seed_agency(agency, u, one_stop, professional, today)


def _existing(agency, key):
    return Nonconformity.objects.filter(agency=agency, source_ref=key).first()


def _open(agency, key, user, **kwargs):
    nc = _existing(agency, key)
    if nc is not None:
        return nc, False
    if kwargs.get("clause"):  # written in 2008's numbering; an agency on 2015 cites its own (Sở Tư pháp)
        kwargs["clause"] = editions.restate(kwargs["clause"], editions.edition_on(agency))
    return svc.nc_open(agency=agency, user=user, source_ref=key, **kwargs), True


def _correct(nc, user, text="Đã liên hệ người dân, xử lý ngay hồ sơ bị ảnh hưởng.", disposition="fixed"):
    return svc.nc_record_correction(
        nc=nc, user=user, correction=text, disposition=disposition,
        reverification="Kiểm tra lại hồ sơ sau xử lý: đầy đủ, đúng quy định." if disposition == "fixed" else "",
        concession_by="Phó Chủ tịch phụ trách" if disposition == "concession" else "",
    )


def _cause(nc, user, category="method"):
    return svc.nc_analyse_cause(
        nc=nc, user=user,
        whys=_whys(
            "Hồ sơ được chuyển sang phòng chuyên môn chậm 3 ngày.",
            "Bộ phận một cửa chỉ chuyển hồ sơ vào chiều thứ Sáu hằng tuần.",
            "Quy trình không quy định thời hạn chuyển hồ sơ giữa các bộ phận.",
            "Khi xây dựng quy trình chưa phân tích thời gian từng bước.",
            "Chưa có biểu mẫu theo dõi thời gian luân chuyển hồ sơ.",
        ),
        cause_category=category,
        conclusion="Quy trình thiếu quy định về thời hạn luân chuyển hồ sơ giữa bộ phận một cửa và phòng chuyên môn.",
        action_needed=True,
    )


def _move_due(action, due, escalated_on=None):
    action.due_date = due
    action.escalated_on = escalated_on
    save_tracked(action, reason="Dữ liệu mẫu: lùi hạn để minh họa quá hạn")


def _seed_agency(agency, u, one_stop, professional, today):
    # 1. Open: a late building-permit dossier reported by a citizen.
    _open(
        agency, CITIZEN_NC, u["thuky"], source=S.CITIZEN_FEEDBACK, department=professional, clause="7.5.1",
        severity="minor", detected_on=today - timedelta(days=2), process_ref="QT-05 Cấp giấy phép xây dựng",
        description="Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ của ông Nguyễn Văn A trả kết quả muộn 5 ngày làm việc so với phiếu hẹn.",
    )

    # 2. Correction recorded.
    nc2, created = _open(
        agency, "DEMO-02", u["danhgia"], source=S.INTERNAL_AUDIT, department=one_stop, clause="4.2.4",
        severity="minor", detected_on=today - timedelta(days=20), process_ref="Sổ theo dõi hồ sơ",
        description="Sổ theo dõi giải quyết hồ sơ tháng 10 không ghi ngày trả kết quả cho 12 hồ sơ.",
    )
    if created:
        _correct(nc2, u["thuky"], "Đã bổ sung ngày trả kết quả cho 12 hồ sơ theo phần mềm một cửa.")

    # 3. Cause analysed, one action drafted.
    nc3, created = _open(
        agency, "DEMO-03", u["truongphong"], source=S.PROCESS_MONITORING, department=professional, clause="8.2.3",
        severity="minor", detected_on=today - timedelta(days=30),
        description="Tỷ lệ hồ sơ giải quyết đúng hạn quý III đạt 91%, thấp hơn mục tiêu chất lượng 95%.",
    )
    if created:
        _correct(nc3, u["truongphong"], "Rà soát toàn bộ hồ sơ đang giải quyết, ưu tiên hồ sơ sắp đến hạn.", disposition="")
        _cause(nc3, u["truongphong"])
        svc.action_add(nc=nc3, user=u["truongphong"], owner=u["soanthao"], due_date=today + timedelta(days=30),
                       description="Sửa đổi QT-05: bổ sung thời hạn chuyển hồ sơ từ bộ phận một cửa trong 1 ngày làm việc.")

    # 4. Actions planned, one overdue (already escalated to the head) and one due soon.
    nc4, created = _open(
        agency, "DEMO-04", u["danhgia"], source=S.INTERNAL_AUDIT, department=professional, clause="4.2.3",
        severity="major", detected_on=today - timedelta(days=45), process_ref="QT-05 Cấp giấy phép xây dựng",
        description="Bộ phận chuyên môn đang sử dụng QT-05 lần ban hành 01 đã hết hiệu lực (lần ban hành hiện hành là 02).",
    )
    if created:
        document = _procedure(agency, "QT-05")
        if document is not None:
            svc.nc_update(nc=nc4, user=u["thuky"], document=document)
        _correct(nc4, u["truongphong"], "Thu hồi 3 bản QT-05 lần ban hành 01, cấp bản kiểm soát lần ban hành 02.", disposition="use_prevented")
        _cause(nc4, u["truongphong"], category="method")
        a1 = svc.action_add(nc=nc4, user=u["truongphong"], owner=u["soanthao"], due_date=today,
                            description="Rà soát toàn bộ tài liệu đang dùng tại phòng, thu hồi bản hết hiệu lực.")
        svc.action_add(nc=nc4, user=u["truongphong"], owner=u["thuky"], due_date=today + timedelta(days=2),
                       description="Bổ sung bước thu hồi bản cũ vào thủ tục kiểm soát tài liệu.")
        svc.nc_plan_actions(nc=nc4, user=u["truongphong"])
        _move_due(Action.objects.get(pk=a1.pk), today - timedelta(days=12), escalated_on=today - timedelta(days=4))

    # 5. Actions done, effectiveness check waiting for the auditor.
    nc5, created = _open(
        agency, "DEMO-05", u["danhgia"], source=S.INTERNAL_AUDIT, department=one_stop, clause="7.2.3",
        severity="minor", detected_on=today - timedelta(days=60),
        description="Không lưu phiếu góp ý của người dân nhận qua hòm thư góp ý tháng 8, tháng 9.",
    )
    if created:
        _correct(nc5, u["thuky"], "Tìm lại và lưu các phiếu góp ý còn giữ được vào hồ sơ.", disposition="")
        _cause(nc5, u["thuky"], category="people")
        action = svc.action_add(nc=nc5, user=u["thuky"], owner=u["canbo"], due_date=today + timedelta(days=5),
                                description="Lập sổ tiếp nhận phiếu góp ý, mở hòm thư hằng tuần có biên bản.")
        svc.nc_plan_actions(nc=nc5, user=u["thuky"])
        svc.action_complete(action=action, user=u["canbo"], result="Đã lập sổ, mở hòm thư thứ Hai hằng tuần, có biên bản kèm theo.",
                            no_evidence_reason="Sổ tiếp nhận và biên bản mở hòm thư là bản giấy, lưu tại bộ phận một cửa.")

    # 6. Closed: the whole path, verified by the auditor.
    nc6, created = _open(
        agency, "DEMO-06", u["danhgia"], source=S.EXTERNAL_AUDIT, department=one_stop, clause="6.2.2",
        severity="minor", detected_on=today - timedelta(days=90),
        description="Cán bộ mới của bộ phận một cửa chưa được đào tạo về quy trình tiếp nhận hồ sơ đất đai.",
    )
    if created:
        _correct(nc6, u["thuky"], "Bố trí cán bộ có kinh nghiệm kèm cặp cán bộ mới.", disposition="")
        _cause(nc6, u["thuky"], category="people")
        action = svc.action_add(nc=nc6, user=u["thuky"], owner=u["canbo"], due_date=today + timedelta(days=3),
                                description="Tổ chức lớp đào tạo quy trình tiếp nhận hồ sơ đất đai cho cán bộ mới.")
        svc.nc_plan_actions(nc=nc6, user=u["thuky"])
        svc.action_complete(action=action, user=u["canbo"], result="Đã đào tạo 2 buổi, có danh sách ký và bài kiểm tra.",
                            no_evidence_reason="Danh sách ký và bài kiểm tra là bản giấy, lưu tại Văn phòng.")
        svc.nc_verify(nc=nc6, user=u["danhgia"], result=EffectivenessCheck.Result.EFFECTIVE,
                      notes="Phỏng vấn 2 cán bộ mới: nắm vững quy trình; 20 hồ sơ tháng gần nhất tiếp nhận đúng.")

    # 7. Rejected as unfounded.
    nc7, created = _open(
        agency, "DEMO-07", u["canbo"], source=S.STAFF_REPORT, department=one_stop,
        severity="minor", detected_on=today - timedelta(days=15),
        description="Máy lấy số thứ tự tự động báo lỗi, người dân phải chờ lâu.",
    )
    if created:
        svc.nc_reject(nc=nc7, user=u["thuky"], reason="Sự cố thiết bị đã được bảo hành sửa trong ngày, không phải sự không phù hợp của hệ thống quản lý chất lượng.")

    # 8. A potential nonconformity (preventive action), actions planned.
    nc8, created = _open(
        agency, "DEMO-08", u["daidien"], source=S.MANAGEMENT_REVIEW, department=professional, clause="8.5.3",
        kind=Nonconformity.Kind.POTENTIAL, severity="minor", detected_on=today - timedelta(days=10),
        description="Số hồ sơ cấp phép xây dựng dự kiến tăng 40% trong quý tới; nguy cơ trả kết quả muộn.",
    )
    if created:
        svc.nc_analyse_cause(
            nc=nc8, user=u["daidien"],
            whys=["Lượng hồ sơ tăng theo mùa xây dựng.", "Phòng chỉ có 2 cán bộ thẩm định."],
            cause_category="people", conclusion="Nguồn lực thẩm định không đủ khi hồ sơ tăng cao.", action_needed=True,
        )
        svc.action_add(nc=nc8, user=u["daidien"], owner=u["truongphong"], kind=Action.Kind.PREVENTIVE,
                       due_date=today + timedelta(days=20),
                       description="Điều động thêm 1 cán bộ hỗ trợ thẩm định trong quý I.")
        svc.nc_plan_actions(nc=nc8, user=u["daidien"])

