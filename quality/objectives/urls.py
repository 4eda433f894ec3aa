from django.urls import path

from quality.objectives import views

urlpatterns = [
    path("muc-tieu/", views.objective_list, name="objective_list"),
    path("muc-tieu/them/", views.objective_create, name="objective_create"),
    path("muc-tieu/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("muc-tieu/<int:pk>/sua/", views.objective_edit, name="objective_edit"),
    path("muc-tieu/<int:pk>/ket-qua/", views.measurement_record, name="measurement_record"),
    path("muc-tieu/<int:pk>/tinh/", views.measurement_compute, name="measurement_compute"),
    path("ket-qua/<int:pk>/mo-su-khong-phu-hop/", views.measurement_open_nc, name="measurement_open_nc"),
]
