from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from qms.core.forms import LoginForm

admin.site.site_header = _("QMS – Quản trị hệ thống")
admin.site.site_title = "QMS"

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quan-tri/", admin.site.urls),
    # The `djangojs` catalog in the reader's language for static/js (gettext() in scripts); a file, not
    # inline script, so the policy's script-src 'self' holds. Open to all: the login page uses it too.
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("tai-lieu/", include("processes.urls")),
    path("danh-gia/", include("audits.urls")),
    path("chat-luong/", include("quality.urls")),
    # The JSON API for other systems (token auth only) and the token pages; the API's own docs at /api/v1/docs/.
    path("api/v1/", include("api.v1.urls")),
    path("api/", include("api.urls")),
    path("mot-cua/", include("cases.urls")),
    path("", include("cases.public.urls")),  # the one-stop files' status page for citizens (QR on the receipt)
    path("", include("processes.public.urls")),  # the citizens' front door: "/" and the agencies' public pages
    path("", include("qms.core.urls")),
]

# No route serves MEDIA_ROOT, in any profile: stored files leave only through the download views, which
# check the record's permission and send attachments (qms/core/downloads.py).

# A refusal says who may and what to do instead (qms/core/denied.py).
handler403 = "qms.core.denied.permission_denied"
