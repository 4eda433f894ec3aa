from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from qms.core.integrity import install_history_guards


class Command(BaseCommand):
    help = (
        "Make every history table append-only on PostgreSQL (UPDATE/DELETE refused by a trigger). "
        "Runs automatically after migrate; idempotent. No-op on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        if connections[database].vendor != "postgresql":
            self.stdout.write("Cơ sở dữ liệu không phải PostgreSQL: không cần cài. (Not PostgreSQL: nothing to install.)")
            return
        tables = install_history_guards(database)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã bảo vệ {len(tables)} bảng lịch sử (chỉ ghi thêm). History guards installed on {len(tables)} tables."
            )
        )
