from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from qms.core.forms import LoginForm

admin.site.site_header = "QMS – Quản trị hệ thống"
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
    path("tai-lieu/", include("processes.urls")),
    path("danh-gia/", include("audits.urls")),
    path("", include("processes.public.urls")),  # the citizens' front door: "/" and the agencies' public pages
    path("", include("qms.core.urls")),
]

# No route serves MEDIA_ROOT, in any profile: stored files leave only through the download views, which
# check the record's permission and send attachments (qms/core/downloads.py).
