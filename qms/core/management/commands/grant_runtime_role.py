from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from qms.core.integrity import grant_runtime_role


class Command(BaseCommand):
    help = (
        "Give the application's runtime PostgreSQL role its rights (tables read/write, history tables "
        "read and append only). Run as the tables' owner; runs after migrate when QMS_DB_RUNTIME_ROLE is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default="", help="Role name (default: QMS_DB_RUNTIME_ROLE).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role="", database=DEFAULT_DB_ALIAS, **options):
        role = role or settings.QMS_DB_RUNTIME_ROLE
        if not role:
            raise CommandError("Chưa chỉ định vai trò: --role hoặc QMS_DB_RUNTIME_ROLE. (No role given.)")
        if connections[database].vendor != "postgresql":
            self.stdout.write("Cơ sở dữ liệu không phải PostgreSQL: không cần phân quyền. (Not PostgreSQL.)")
            return
        try:
            tables = grant_runtime_role(role, database)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Đã phân quyền cho {role} trên {len(tables)} bảng. Rights of {role} set on {len(tables)} tables."
        ))
