"""URLs of the internal audit (8.2.2), joined in audits/urls.py (namespace "audits")."""

from django.urls import path

from audits.internal import views as v

urlpatterns = [
    path("chuong-trinh/", v.programme_list, name="programme_list"),
    path("chuong-trinh/tao/", v.programme_create, name="programme_create"),
    path("chuong-trinh/<int:pk>/", v.programme_detail, name="programme_detail"),
    path("chuong-trinh/<int:pk>/do-bao-phu/", v.programme_coverage, name="programme_coverage"),
    path("chuong-trinh/<int:pk>/them-cuoc-danh-gia/", v.audit_create, name="audit_create"),
    path("cuoc-danh-gia/", v.audit_list, name="audit_list"),
    path("cuoc-danh-gia/<int:pk>/", v.audit_detail, name="audit_detail"),
    path("cuoc-danh-gia/<int:pk>/sua/", v.audit_edit, name="audit_edit"),
    path("cuoc-danh-gia/<int:pk>/doan-danh-gia/", v.audit_assign, name="audit_assign"),
    path("cuoc-danh-gia/<int:pk>/bat-dau/", v.audit_start, name="audit_start"),
    path("cuoc-danh-gia/<int:pk>/mo-lai/", v.audit_reopen, name="audit_reopen"),
    path("cuoc-danh-gia/<int:pk>/ket-thuc/", v.audit_close, name="audit_close"),
    path("cuoc-danh-gia/<int:pk>/cau-hoi/", v.checklist, name="checklist"),
    path("cuoc-danh-gia/<int:pk>/cau-hoi/them-tu-mau/", v.checklist_apply_template, name="checklist_apply_template"),
    path("cuoc-danh-gia/<int:pk>/cau-hoi/them/", v.checklist_item_add, name="checklist_item_add"),
    path("cuoc-danh-gia/<int:pk>/phat-hien/them/", v.finding_add, name="finding_add"),
    path("cuoc-danh-gia/<int:pk>/bao-cao/phat-hanh/", v.audit_issue_report, name="audit_issue_report"),
    path("cuoc-danh-gia/<int:pk>/bao-cao/", v.audit_report, name="audit_report"),
    path("cau-hoi/<int:pk>/", v.checklist_item_edit, name="checklist_item_edit"),
    path("cau-hoi/<int:pk>/dinh-kem/", v.checklist_attach, name="checklist_attach"),
    path("cau-hoi/tep/<int:pk>/", v.checklist_attachment, name="checklist_attachment"),
    path("mau-cau-hoi/", v.checklist_template_list, name="checklist_template_list"),
    path("mau-cau-hoi/tao/", v.checklist_template_edit, name="checklist_template_create"),
    path("mau-cau-hoi/<int:pk>/", v.checklist_template_edit, name="checklist_template_edit"),
]
