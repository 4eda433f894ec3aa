"""URLs of the PDF work (copies, register, verification), added to processes.urls (namespace "processes")."""

from django.urls import path

from processes import views_pdf

urlpatterns = [
    path("ban-hanh/<int:pk>/ban-goc-pdf/", views_pdf.master_status, name="master_status"),
    path("ban-hanh/<int:pk>/ban-goc-pdf/tao-lai/", views_pdf.master_retry, name="master_retry"),
    path("ban-hanh/<int:pk>/ban-khong-kiem-soat.pdf", views_pdf.copy_uncontrolled, name="copy_uncontrolled"),
    path("ban-hanh/<int:pk>/ban-het-hieu-luc.pdf", views_pdf.copy_obsolete, name="copy_obsolete"),
    path("ban-hanh/<int:pk>/cap-ban-kiem-soat/", views_pdf.copy_issue, name="copy_issue"),
    path("ban-hanh/<int:pk>/so-phan-phoi/", views_pdf.copy_register_revision, name="copy_register_revision"),
    path("ban-kiem-soat/<int:pk>.pdf", views_pdf.copy_controlled, name="copy_controlled"),
    path("ban-kiem-soat/<int:pk>/thu-hoi/", views_pdf.copy_recall, name="copy_recall"),
    path("so-phan-phoi/", views_pdf.copy_register, name="copy_register"),
    path("danh-muc-hien-hanh.pdf", views_pdf.master_list_pdf, name="master_list_pdf"),
    path("xac-minh/", views_pdf.verify_form, name="verify_form"),
    path("xac-minh/<str:code>/", views_pdf.verify, name="verify"),
]
