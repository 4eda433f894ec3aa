"""URLs of document control: the register, documents, revisions, master list, change requests."""

from django.urls import path

from processes.documents.views import changes, documents, imports, revisions

urlpatterns = [
    path("", documents.register, name="register"),
    path("moi/", documents.document_create, name="document_create"),
    path("danh-muc-hien-hanh/", documents.master_list, name="master_list"),
    path("danh-muc-hien-hanh.csv", documents.master_list_csv, name="master_list_csv"),
    path("danh-muc-hien-hanh.xlsx", documents.master_list_xlsx, name="master_list_xlsx"),
    path("de-nghi-sua-doi/", changes.change_request_list, name="change_request_list"),
    path("de-nghi-sua-doi/<int:pk>/", changes.change_request_decide, name="change_request_decide"),
    path("<int:pk>/", documents.document_detail, name="document_detail"),
    path("<int:pk>/sua/", documents.document_edit, name="document_edit"),
    path("<int:pk>/tep/", documents.external_file, name="external_file"),
    path("<int:pk>/phan-phoi/", documents.distribution, name="distribution"),
    path("<int:pk>/lan-ban-hanh-moi/", revisions.revision_create, name="revision_create"),
    path("<int:pk>/nhap-word/", imports.revision_import, name="revision_import"),
    path("<int:pk>/nhap-word/xac-nhan/", imports.revision_import_confirm, name="revision_import_confirm"),
    path("<int:pk>/so-sanh/", revisions.compare, name="compare"),
    path("<int:pk>/de-nghi-sua-doi/", changes.change_request_create, name="change_request_create"),
    path("<int:pk>/xem-xet-dinh-ky/", changes.periodic_review, name="periodic_review"),
    path("ban-hanh/<int:pk>/", revisions.revision_detail, name="revision_detail"),
    path("ban-hanh/<int:pk>/soan-thao/", revisions.revision_edit, name="revision_edit"),
    path("ban-hanh/<int:pk>/trinh/", revisions.revision_submit, name="revision_submit"),
    path("ban-hanh/<int:pk>/ky/", revisions.revision_sign, name="revision_sign"),
    path("ban-hanh/<int:pk>/tra-lai/", revisions.revision_reject, name="revision_reject"),
    path("ban-hanh/<int:pk>/y-kien/", revisions.revision_comment, name="revision_comment"),
    path("ban-hanh/y-kien/<int:pk>/giai-quyet/", revisions.comment_resolve, name="comment_resolve"),
    path("ban-hanh/<int:pk>/huy/", revisions.revision_cancel, name="revision_cancel"),
    path("ban-hanh/<int:pk>/da-doc/", revisions.revision_acknowledge, name="revision_acknowledge"),
]
