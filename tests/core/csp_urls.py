"""URLconf for tests/core/test_csp_headers.py: the project's URLs plus a view failing each way.

A module of its own, imported only when a test asks for it, after the test has imported qms.urls
with DEBUG off (qms.urls adds a media pattern when imported with DEBUG on).
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import include, path


@login_not_required
def boom(request):
    raise RuntimeError("lỗi thử nghiệm")


@login_not_required
def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("thu-loi/", boom), path("thu-cam/", forbidden), path("", include("qms.urls"))]
