from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from qms.core.backup import backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và thư mục tệp (media) kèm mã SHA-256 vào một thư mục mới. "
        "Back up the database and media, with SHA-256 checksums, into a new directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Thư mục mới (hoặc rỗng) để ghi bản sao lưu.")
        parser.add_argument(
            "--method",
            choices=["auto", "native", "json"],
            default="auto",
            help="auto: SQLite backup API / pg_dump, JSON (dumpdata) nếu không có pg_dump.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output, method, database, **options):
        backup(output, using=database, method=method, log=lambda m: self.stdout.write(self.style.SUCCESS(m)))
