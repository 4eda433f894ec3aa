from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from qms.core.demo import DEMO_PASSWORD, seed_core
from qms.core.models import Role
from qms.core.subjects import demo_seeders


class Command(BaseCommand):
    help = "Load demo agencies, users and QMS content. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, quiet=False, **options):
        # Seeding walks the real workflows, which notify people; the demo's made-up addresses get no e-mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            agencies, users = seed_core()
            # Each subject with demo data registered its demo.seed(agencies, users), in dependency order.
            for seed in demo_seeders():
                seed(agencies, users)
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Đăng nhập (mật khẩu chung: %s):" % DEMO_PASSWORD))
        for agency in agencies.values():
            self.stdout.write(f"  {agency.name}")
            for user in users.values():
                if user.agency_id == agency.id:
                    roles = ", ".join(str(Role(r).label) for r in sorted(user.role_set))
                    self.stdout.write(f"    {user.username:<18} {user.display_name} ({roles})")
        self.stdout.write("  Quản trị: quantri (trang /quan-tri/)")
