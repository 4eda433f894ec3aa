from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from qms.core.backup import restore


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và tệp từ một bản sao lưu sau khi kiểm tra mã SHA-256. "
        "Restore the database and media from a backup after verifying its checksums. Stop the app first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="Thư mục bản sao lưu (có manifest.json).")
        parser.add_argument(
            "--force", action="store_true", help="Ghi đè cơ sở dữ liệu và thư mục tệp đang có dữ liệu."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, input, force, database, **options):
        restore(input, using=database, force=force, log=lambda m: self.stdout.write(self.style.SUCCESS(m)))
