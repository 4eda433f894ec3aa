from django.urls import path

from qms.core import edition_views, views, workday_views
from qms.core.health import views as health

app_name = "core"

urlpatterns = [
    # Where a login lands and "My work" on the front page leads: "/" is the public front door (issue 14).
    path("vao-viec/", views.home, name="home"),
    path("viec-cua-toi/", views.my_work, name="my_work"),
    path("thong-bao/da-doc/", views.notifications_read, name="notifications_read"),
    path("thong-bao/<int:pk>/", views.notification_open, name="notification_open"),
    path("ngon-ngu/", views.set_language, name="set_language"),
    path("tong-quan-tinh/", views.province_overview, name="province_overview"),
    path("tong-quan-tinh/xlsx/", views.province_overview_xlsx, name="province_overview_xlsx"),
    path("lich-lam-viec/", workday_views.workday_calendar, name="workday_calendar"),
    path("lich-lam-viec/<int:pk>/xoa/", workday_views.workday_change_remove, name="workday_change_remove"),
    path("phien-ban-tieu-chuan/", edition_views.iso_edition, name="iso_edition"),
    path("lich-su/<str:model>/<int:pk>/", views.object_history, name="history"),
    # For load balancers and monitoring (qms/core/health): no login, machine-readable answers.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics_view, name="metrics"),
]
