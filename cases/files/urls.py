from django.urls import path

from cases.files import views

urlpatterns = [
    path("ho-so/", views.case_list, name="case_list"),
    path("tiep-nhan/", views.case_receive, name="case_receive"),
    path("ho-so/<int:pk>/", views.case_detail, name="case_detail"),
    path("ho-so/<int:pk>/yeu-cau-bo-sung/", views.case_supplement, name="case_supplement"),
    path("ho-so/<int:pk>/da-bo-sung/", views.case_supplemented, name="case_supplemented"),
    path("ho-so/<int:pk>/tu-choi/", views.case_refuse, name="case_refuse"),
    path("ho-so/<int:pk>/rut/", views.case_withdraw, name="case_withdraw"),
    path("ho-so/<int:pk>/ket-qua/", views.case_result, name="case_result"),
    path("ho-so/<int:pk>/tra-ket-qua/", views.case_return, name="case_return"),
    path("ho-so/<int:pk>/danh-gia/", views.case_rate, name="case_rate"),
    path("buoc/<int:pk>/nhan/", views.step_take, name="step_take"),
    path("buoc/<int:pk>/hoan-thanh/", views.step_complete, name="step_complete"),
    path("buoc/<int:pk>/tra-lai/", views.step_return, name="step_return"),
]
