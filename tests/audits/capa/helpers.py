"""Bring a nonconformity to a given step through the real services (used by tests and the matrix)."""

from datetime import timedelta

from django.utils import timezone

from audits.capa import services as svc
from audits.capa.models import EffectivenessCheck, Nonconformity

S = Nonconformity.Status
ORDER = [S.OPEN, S.CORRECTION, S.CAUSE_ANALYSED, S.ACTIONS_PLANNED, S.ACTIONS_DONE, S.CLOSED]


def open_nc(world, *, user=None, department="urban", **kwargs):
    kwargs.setdefault("source", Nonconformity.Source.INTERNAL_AUDIT)
    kwargs.setdefault("description", "Hồ sơ cấp phép xây dựng trả muộn 5 ngày so với phiếu hẹn.")
    kwargs.setdefault("clause", "7.5.1")
    kwargs.setdefault("severity", Nonconformity.Severity.MINOR)
    return svc.nc_open(
        agency=world.agency,
        user=user or world.auditor,
        department=world.departments[department] if department else None,
        **kwargs,
    )


def record_correction(nc, user):
    return svc.nc_record_correction(
        nc=nc, user=user, correction="Đã trả kết quả cho người dân và xin lỗi.", disposition="fixed",
        reverification="Kiểm tra lại: giấy phép đúng nội dung.",
    )


def analyse(nc, user, action_needed=True):
    return svc.nc_analyse_cause(
        nc=nc, user=user,
        whys=["Hồ sơ chuyển chậm.", "Chuyển theo tuần.", "Quy trình không quy định thời hạn."],
        cause_category="method", conclusion="Quy trình thiếu thời hạn luân chuyển hồ sơ.",
        action_needed=action_needed, no_action_reason="" if action_needed else "Sự cố đơn lẻ, đã khắc phục.",
    )


def add_actions(nc, world, owners=("author", "staff"), days=10):
    today = timezone.localdate()
    return [
        svc.action_add(nc=nc, user=world.reviewer, owner=world.people[o], due_date=today + timedelta(days=days + i),
                       description=f"Hành động {i + 1}: sửa quy trình QT-05")
        for i, o in enumerate(owners)
    ]


def nc_at(world, status, *, owners=("author", "staff")):
    """A fresh NC of world.agency (department urban, head = world.reviewer) at ``status``."""
    nc = open_nc(world)
    if status == S.OPEN:
        return nc
    nc = record_correction(nc, world.reviewer)
    if status == S.CORRECTION:
        return nc
    nc = analyse(nc, world.reviewer)
    actions = add_actions(nc, world, owners)
    if status == S.CAUSE_ANALYSED:
        return nc
    nc = svc.nc_plan_actions(nc=nc, user=world.reviewer)
    if status == S.ACTIONS_PLANNED:
        return nc
    for action in actions:
        svc.action_complete(action=action, user=action.owner, result="Đã sửa quy trình, ban hành lần 03.",
                            no_evidence_reason="Bản ký QT-05 lần 03 lưu tại Văn phòng.")
    nc.refresh_from_db()
    if status == S.ACTIONS_DONE:
        return nc
    nc = svc.nc_verify(nc=nc, user=world.auditor, result=EffectivenessCheck.Result.EFFECTIVE,
                       notes="20 hồ sơ tháng sau đều đúng hạn.")
    if status == S.CLOSED:
        return nc
    if status == S.REJECTED:
        raise ValueError("use nc_at(OPEN) then nc_reject")
    raise ValueError(status)
