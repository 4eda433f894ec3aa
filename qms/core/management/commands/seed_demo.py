import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from qms.core.demo import DEMO_PASSWORD, seed_core
from qms.core.models import Role

# Each app that has demo data exposes demo.seed(agencies, users); called in this order.
DEMO_MODULES = ["processes.demo", "processes.demo_pdf", "audits.demo", "audits.demo_audit"]


class Command(BaseCommand):
    help = "Load demo agencies, users and QMS content. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, quiet=False, **options):
        with transaction.atomic():
            agencies, users = seed_core()
            for module_name in DEMO_MODULES:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                module.seed(agencies, users)
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
