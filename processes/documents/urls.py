"""URLs of document control: the register, documents, revisions, master list, change requests."""

from django.urls import path

from processes.documents import views

urlpatterns = [
    path("", views.register, name="register"),
    path("moi/", views.document_create, name="document_create"),
    path("danh-muc-hien-hanh/", views.master_list, name="master_list"),
    path("danh-muc-hien-hanh.csv", views.master_list_csv, name="master_list_csv"),
    path("danh-muc-hien-hanh.xlsx", views.master_list_xlsx, name="master_list_xlsx"),
    path("de-nghi-sua-doi/", views.change_request_list, name="change_request_list"),
    path("de-nghi-sua-doi/<int:pk>/", views.change_request_decide, name="change_request_decide"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("<int:pk>/tep/", views.external_file, name="external_file"),
    path("<int:pk>/phan-phoi/", views.distribution, name="distribution"),
    path("<int:pk>/lan-ban-hanh-moi/", views.revision_create, name="revision_create"),
    path("<int:pk>/nhap-word/", views.revision_import, name="revision_import"),
    path("<int:pk>/so-sanh/", views.compare, name="compare"),
    path("<int:pk>/de-nghi-sua-doi/", views.change_request_create, name="change_request_create"),
    path("<int:pk>/xem-xet-dinh-ky/", views.periodic_review, name="periodic_review"),
    path("ban-hanh/<int:pk>/", views.revision_detail, name="revision_detail"),
    path("ban-hanh/<int:pk>/soan-thao/", views.revision_edit, name="revision_edit"),
    path("ban-hanh/<int:pk>/trinh/", views.revision_submit, name="revision_submit"),
    path("ban-hanh/<int:pk>/ky/", views.revision_sign, name="revision_sign"),
    path("ban-hanh/<int:pk>/tra-lai/", views.revision_reject, name="revision_reject"),
    path("ban-hanh/<int:pk>/y-kien/", views.revision_comment, name="revision_comment"),
    path("ban-hanh/<int:pk>/huy/", views.revision_cancel, name="revision_cancel"),
    path("ban-hanh/<int:pk>/da-doc/", views.revision_acknowledge, name="revision_acknowledge"),
]
