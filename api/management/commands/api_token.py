"""Make an API token for a user (or a service account's user) and print it once.

    manage.py api_token coordinator --name "Phần mềm một cửa" --scopes documents:read,nc:read --days 30
    manage.py api_token coordinator --scopes all
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.tokens import services
from api.tokens.models import Scope
from qms.core.models import User


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một người dùng và in mã ra một lần (chỉ dấu băm được lưu)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py api_token")
        parser.add_argument("--scopes", default="documents:read",
                            help="danh sách cách nhau bởi dấu phẩy, hoặc 'all': " + ", ".join(Scope.values))
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, username, name, scopes, days, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"không có người dùng đang hoạt động tên {username}")
        wanted = list(Scope.values) if scopes == "all" else [s.strip() for s in scopes.split(",") if s.strip()]
        try:
            _token, raw = services.create_token(owner=user, created_by=user, name=name, scopes=wanted, days=days)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        except Exception as error:  # PermissionDenied: a user outside any agency
            raise CommandError(f"không tạo được mã cho {username}: {error.__class__.__name__}") from None
        self.stdout.write(raw)
