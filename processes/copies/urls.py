"""URLs of the PDF work (copies, register, verification), joined in processes/urls.py (namespace "processes")."""

from django.urls import path

from processes.copies import views

urlpatterns = [
    path("ban-hanh/<int:pk>/ban-goc-pdf/", views.master_status, name="master_status"),
    path("ban-hanh/<int:pk>/ban-goc-pdf/tao-lai/", views.master_retry, name="master_retry"),
    path("ban-hanh/<int:pk>/ban-khong-kiem-soat.pdf", views.copy_uncontrolled, name="copy_uncontrolled"),
    path("ban-hanh/<int:pk>/ban-het-hieu-luc.pdf", views.copy_obsolete, name="copy_obsolete"),
    path("ban-hanh/<int:pk>/cap-ban-kiem-soat/", views.copy_issue, name="copy_issue"),
    path("ban-hanh/<int:pk>/so-phan-phoi/", views.copy_register_revision, name="copy_register_revision"),
    path("ban-kiem-soat/<int:pk>.pdf", views.copy_controlled, name="copy_controlled"),
    path("ban-kiem-soat/<int:pk>/nop-lai/", views.copy_recall_task, name="copy_recall_task"),
    path("ban-kiem-soat/<int:pk>/thu-hoi/", views.copy_recall, name="copy_recall"),
    path("so-phan-phoi/", views.copy_register, name="copy_register"),
    path("danh-muc-hien-hanh.pdf", views.master_list_pdf, name="master_list_pdf"),
    path("xac-minh/", views.verify_form, name="verify_form"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
]
