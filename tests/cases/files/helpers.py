"""Building one-stop files through the real services."""

from cases.files import services
from qms.core.models import Role, UserRole
from tests.processes.documents.helpers import effective_revision, make_document

DOSSIER = "- Đơn đề nghị cấp giấy phép xây dựng\n- Bản sao giấy tờ về quyền sử dụng đất\n- Bản vẽ thiết kế"
STEPS = [
    {"step": "B1", "responsibility": "Cán bộ một cửa", "description": "Tiếp nhận, chuyển hồ sơ", "time": "4 giờ",
     "forms": "BM-01"},
    {"step": "B2", "responsibility": "Chuyên viên Phòng Quản lý đô thị", "description": "Thẩm định hồ sơ",
     "time": "10 ngày", "forms": ""},
    {"step": "B3", "responsibility": "Lãnh đạo UBND", "description": "Ký giấy phép", "time": "4,5 ngày", "forms": ""},
]
PAPERS = ["Đơn đề nghị cấp giấy phép xây dựng", "Bản sao giấy tờ về quyền sử dụng đất", "Bản vẽ thiết kế"]


def make_clerk(world):
    UserRole.objects.get_or_create(user=world.staff, role=Role.CLERK)
    world.staff._role_cache = frozenset(world.staff.roles.values_list("role", flat=True))
    return world.staff


def procedure(world, code="QT-GPXD", agency=None, **content):
    document = make_document(world, code=code, agency=agency)
    document.procedure_code = "1.009994"
    document.save()
    data = {"dossier": DOSSIER, "steps": STEPS, "processing_time_days": 15, **content}
    return effective_revision(world, document, **data)


def intake(world, revision, **extra):
    data = {"agency": revision.agency, "revision": revision, "applicant_name": "Nguyễn Văn Ánh",
            "applicant_address": "12 Đường Láng", "applicant_phone": "0912345678", "papers": list(PAPERS), **extra}
    return services.Intake(**data)


def receive(world, revision=None, **extra):
    clerk = make_clerk(world)
    revision = revision or procedure(world)
    return services.case_receive(user=clerk, intake=intake(world, revision, **extra))
