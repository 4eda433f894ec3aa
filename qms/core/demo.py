"""Demo agencies, departments and one user per role (PLAT-6).

Idempotent: running it again updates the same rows by their natural keys (agency code,
department code, username) and never duplicates them.

The two agencies are on different editions of ISO 9001 (issue 18): UBND Quận Hoàn Kiếm on 2008, Sở Tư pháp moved
to 2015 in July 2025 by its coordinator, through qms.core.editions.set_edition (once: an agency already on 2015 is
left as it is). The move comes first, so the other subjects' demo data of Sở Tư pháp, made afterwards, cite 2015's
clauses (qms.core.editions.restate) and its context, interested parties and risks are recorded (quality.context,
quality.risks demos).
"""

import datetime

from django.db import transaction

from qms.core import editions
from qms.core.models import Agency, Department, Role, User, UserRole

DEMO_PASSWORD = "qms-demo-2026"

AGENCIES = [
    {
        "code": "ubnd-hoan-kiem",
        "name": "UBND Quận Hoàn Kiếm",
        "parent_name": "UBND THÀNH PHỐ HÀ NỘI",
        "address": "126 Hàng Trống, Hoàn Kiếm, Hà Nội",
        "prefix": "hk",
        "departments": [
            ("vp", "Văn phòng HĐND và UBND quận"),
            ("mot-cua", "Bộ phận tiếp nhận và trả kết quả (một cửa)"),
            ("qldt", "Phòng Quản lý đô thị"),
            ("tu-phap", "Phòng Tư pháp"),
            ("tnmt", "Phòng Tài nguyên và Môi trường"),
            ("noi-vu", "Phòng Nội vụ"),
        ],
    },
    {
        "code": "so-tu-phap",
        "name": "Sở Tư pháp Hà Nội",
        "parent_name": "UBND THÀNH PHỐ HÀ NỘI",
        "address": "221 Trần Phú, Hà Đông, Hà Nội",
        "prefix": "tp",
        # (edition, since, the coordinator's reason): moved through set_edition, in the agency's history.
        "edition": ("2015", datetime.date(2025, 7, 1),
                    "Quyết định số 95/QĐ-STP ngày 20/6/2025 của Giám đốc Sở Tư pháp về việc áp dụng hệ thống quản lý "
                    "chất lượng theo TCVN ISO 9001:2015"),
        "departments": [
            ("vp", "Văn phòng Sở"),
            ("mot-cua", "Bộ phận một cửa"),
            ("hctp", "Phòng Hành chính tư pháp"),
            ("btp", "Phòng Bổ trợ tư pháp"),
            ("kstthc", "Phòng Kiểm soát thủ tục hành chính"),
        ],
    },
    {
        # The provincial oversight body reads every agency's figures (MR-4).
        "code": "so-khcn",
        "name": "Sở Khoa học và Công nghệ Hà Nội",
        "parent_name": "UBND THÀNH PHỐ HÀ NỘI",
        "address": "5 Nguyễn Trọng Tuyển, Ba Đình, Hà Nội",
        "prefix": "khcn",
        "kind": Agency.Kind.OVERSIGHT,
        "departments": [("tdc", "Chi cục Tiêu chuẩn Đo lường Chất lượng")],
    },
]

# (username suffix, full name, title, department code, roles)
PEOPLE = {
    "ubnd-hoan-kiem": [
        ("thuky", "Nguyễn Thị Hồng Nhung", "Chuyên viên Văn phòng, Thư ký ISO", "vp", [Role.COORDINATOR, Role.STAFF]),
        ("lanhdao", "Phạm Tuấn Long", "Chủ tịch UBND quận", "vp", [Role.HEAD]),
        ("daidien", "Lê Thanh Hà", "Phó Chủ tịch UBND quận", "vp", [Role.MGMT_REP]),
        ("truongphong", "Trần Văn Đức", "Trưởng phòng Quản lý đô thị", "qldt", [Role.REVIEWER, Role.STAFF]),
        ("soanthao", "Đỗ Minh Quân", "Chuyên viên Phòng Quản lý đô thị", "qldt", [Role.AUTHOR, Role.STAFF]),
        ("danhgia", "Vũ Thị Lan Anh", "Chuyên viên Phòng Tư pháp", "tu-phap", [Role.AUDITOR, Role.STAFF]),
        ("canbo", "Hoàng Văn Bình", "Cán bộ Bộ phận một cửa", "mot-cua", [Role.STAFF, Role.CLERK]),
    ],
    "so-tu-phap": [
        ("thuky", "Bùi Thu Trang", "Chuyên viên Văn phòng Sở, Thư ký ISO", "vp", [Role.COORDINATOR, Role.STAFF]),
        ("lanhdao", "Ngô Quang Vinh", "Giám đốc Sở", "vp", [Role.HEAD]),
        ("daidien", "Đặng Thị Mai", "Phó Giám đốc Sở", "vp", [Role.MGMT_REP]),
        ("truongphong", "Phan Văn Hải", "Trưởng phòng Hành chính tư pháp", "hctp", [Role.REVIEWER, Role.STAFF]),
        ("soanthao", "Lý Thị Thu Hương", "Chuyên viên Phòng Hành chính tư pháp", "hctp", [Role.AUTHOR, Role.STAFF]),
        ("danhgia", "Trịnh Công Sơn", "Chuyên viên Phòng Bổ trợ tư pháp", "btp", [Role.AUDITOR, Role.STAFF]),
        ("canbo", "Mai Thị Ngọc", "Cán bộ Bộ phận một cửa", "mot-cua", [Role.STAFF, Role.CLERK]),
    ],
    "so-khcn": [
        ("giamsat", "Tạ Quốc Khánh", "Chuyên viên Chi cục TĐC", "tdc", [Role.OVERSIGHT]),
    ],
}

# Department heads: the reviewer heads their own department; others are headed by the agency head.
HEADS = {"ubnd-hoan-kiem": {"qldt": "truongphong"}, "so-tu-phap": {"hctp": "truongphong"}}


@transaction.atomic
def seed_core(stdout=None):
    """Create or update the demo agencies and people. Returns (agencies by code, users by username)."""
    agencies, users = {}, {}
    for spec in AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "parent_name": spec["parent_name"], "address": spec["address"],
                      "kind": spec.get("kind", Agency.Kind.SUPERVISED)},
        )
        agencies[agency.code] = agency
        departments = {}
        for code, name in spec["departments"]:
            dept, _ = Department.objects.update_or_create(agency=agency, code=code, defaults={"name": name})
            departments[code] = dept
        for suffix, full_name, title, dept_code, roles in PEOPLE[spec["code"]]:
            username = f"{spec['prefix']}.{suffix}"
            user, created = User.objects.update_or_create(
                username=username,
                defaults={
                    "full_name": full_name,
                    "title": title,
                    "agency": agency,
                    "department": departments[dept_code],
                    "email": f"{username}@demo.qms.local",
                    "is_active": True,
                },
            )
            if created or not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            for role in roles:
                UserRole.objects.get_or_create(user=user, role=role)
            users[username] = user
        for dept_code, dept in departments.items():
            head_suffix = HEADS.get(spec["code"], {}).get(dept_code, "lanhdao")
            head = users.get(f"{spec['prefix']}.{head_suffix}")
            if head and dept.head_id != head.id:
                dept.head = head
                dept.save(update_fields=["head"])
        if "edition" in spec and agency.iso_edition != spec["edition"][0]:
            edition, since, reason = spec["edition"]
            editions.set_edition(agency=agency, edition=edition, since=since, reason=reason,
                                 by=users[f"{spec['prefix']}.thuky"])
    admin, created = User.objects.update_or_create(
        username="quantri", defaults={"full_name": "Quản trị hệ thống", "is_staff": True, "is_superuser": True}
    )
    if created or not admin.check_password(DEMO_PASSWORD):
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    users["quantri"] = admin
    return agencies, users
